// Page load in a real browser over an emulated slow network (issue 16): cold visits of /login
// (signed out), /time, a project dashboard and /admin/users (signed in), then a repeat visit of
// /time with the browser cache on. For each: milliseconds from navigation start until the
// hydrate bundle has hydrated the page (`body[data-hydrated]`), and the bytes transferred.
//
// Usage: node bench/pageload.mjs --base http://127.0.0.1:PORT --account SLUG --user U --password P
//          [--project ID] [--cpu-slowdown N] [--details]
// Needs `@playwright/test` in the root node_modules and Debian's /usr/bin/chromium
// (CHROMIUM overrides the path). Prints a table, then one line `PAGELOAD_JSON {…}` for
// bench/bench.py. Exits non-zero only on errors (a page that does not load or hydrate, a failed
// sign-in), never on a missed goal.

import { chromium } from '@playwright/test';

// Lighthouse's "Slow 4G" (the values DevTools throttling uses).
const SLOW_4G = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};
const HYDRATE_TIMEOUT_MS = 90_000;
const SETTLE_IDLE_MS = 500; // after hydration: no request in flight for this long ends the visit
const SETTLE_MAX_MS = 10_000;

function parseArgs(argv) {
  const out = { details: false, cpuSlowdown: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--base') out.base = val().replace(/\/+$/, '');
    else if (a === '--account') out.account = val();
    else if (a === '--user') out.user = val();
    else if (a === '--password') out.password = val();
    else if (a === '--project') out.project = val();
    else if (a === '--cpu-slowdown') out.cpuSlowdown = Number(val());
    else if (a === '--details') out.details = true;
    else throw new Error(`unknown argument ${a}`);
  }
  for (const k of ['base', 'account', 'user', 'password']) {
    if (!out[k]) throw new Error(`--${k} is required`);
  }
  return out;
}

const kb = (bytes) => bytes / 1024;

/** Marks the moment the body gets `data-hydrated` (performance.now(), i.e. ms since navigation start). */
function hydrationProbe() {
  const mark = () => {
    if (window.__pageloadHydratedAt === undefined && document.body && document.body.hasAttribute('data-hydrated')) {
      window.__pageloadHydratedAt = performance.now();
    }
  };
  new MutationObserver(mark).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-hydrated'] });
}

/**
 * One visit of `path` in a new tab of `context`: throttled, cache on or off. Returns the numbers
 * and what went wrong on the way (console errors, failed requests).
 */
async function visit(context, base, path, { cacheDisabled, cpuSlowdown }) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const reqs = new Map(); // requestId -> {url, type, method, status, encoding, bytes, done, cached}
  const problems = [];
  const early = new Map(); // ExtraInfo may arrive before requestWillBeSent
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  cdp.on('Network.requestWillBeSent', (e) => {
    const r = reqs.get(e.requestId);
    if (r && e.redirectResponse) {
      // A redirect: the same id carries on with the new URL.
      r.redirects = (r.redirects ?? 0) + 1;
      r.url = e.request.url;
      return;
    }
    if (e.request.url.startsWith('data:')) return; // inline images: no network
    reqs.set(e.requestId, { url: e.request.url, type: e.type ?? 'Other', method: e.request.method, bytes: 0, done: false });
  });
  cdp.on('Network.requestWillBeSentExtraInfo', (e) => {
    // The headers as sent on the wire (Accept-Encoding is added below the page).
    const r = reqs.get(e.requestId);
    const h = Object.fromEntries(Object.entries(e.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const info = { acceptEncoding: h['accept-encoding'], conditional: !!(h['if-modified-since'] || h['if-none-match']) };
    if (r) Object.assign(r, info);
    else early.set(e.requestId, info);
  });
  cdp.on('Network.requestServedFromCache', (e) => {
    const r = reqs.get(e.requestId);
    if (r) r.cached = true;
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = reqs.get(e.requestId);
    if (!r) return;
    const h = Object.fromEntries(Object.entries(e.response.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    r.status = e.response.status;
    r.encoding = h['content-encoding'] ?? '';
    if (e.response.fromDiskCache || e.response.fromMemoryCache || e.response.fromPrefetchCache || e.response.fromServiceWorker) {
      r.cached = true;
    }
    if (r.status >= 400) problems.push(`HTTP ${r.status}: ${r.method} ${r.url}`);
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = reqs.get(e.requestId);
    if (!r) return;
    r.done = true;
    r.bytes = r.cached ? 0 : e.encodedDataLength;
  });
  cdp.on('Network.loadingFailed', (e) => {
    const r = reqs.get(e.requestId);
    if (r) r.done = true;
    if (!e.canceled) problems.push(`failed request: ${r ? `${r.method} ${r.url}` : e.requestId}: ${e.errorText}${e.blockedReason ? ` (${e.blockedReason})` : ''}`);
  });
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled });
  if (cpuSlowdown && cpuSlowdown !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });

  const url = base + path;
  const t0 = Date.now();
  let resp;
  try {
    resp = await page.goto(url, { waitUntil: 'commit', timeout: HYDRATE_TIMEOUT_MS });
    await page.waitForSelector('body[data-hydrated]', { state: 'attached', timeout: HYDRATE_TIMEOUT_MS });
  } catch (e) {
    const msg = `${path}: did not hydrate within ${HYDRATE_TIMEOUT_MS / 1000} s (${e.message.split('\n')[0]})`;
    await page.close().catch(() => {});
    throw Object.assign(new Error(msg), { problems });
  }
  const wallMs = Date.now() - t0;
  const timing = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0];
    return {
      hydratedAt: window.__pageloadHydratedAt,
      now: performance.now(),
      ttfb: n ? n.responseStart : null,
      dcl: n ? n.domContentLoadedEventEnd : null,
    };
  });
  // Let requests the page starts while loading (server functions, the stylesheet) finish.
  const settleEnd = Date.now() + SETTLE_MAX_MS;
  let idleSince = Date.now();
  while (Date.now() < settleEnd) {
    const inFlight = [...reqs.values()].some((r) => !r.done);
    if (inFlight) idleSince = Date.now();
    else if (Date.now() - idleSince >= SETTLE_IDLE_MS) break;
    await new Promise((res) => setTimeout(res, 50));
  }
  const finalUrl = page.url();
  await page.close();

  for (const [id, info] of early) if (reqs.has(id)) Object.assign(reqs.get(id), info);
  const list = [...reqs.values()];
  const bytes = list.reduce((s, r) => s + (r.bytes || 0), 0);
  const docStatus = resp ? resp.status() : null;
  if (new URL(finalUrl).pathname !== new URL(url).pathname) {
    problems.push(`ended on ${finalUrl} instead of ${url}`);
  }
  return {
    path,
    hydratedMs: Math.round(timing.hydratedAt ?? timing.now),
    wallMs,
    ttfbMs: timing.ttfb == null ? null : Math.round(timing.ttfb),
    domContentLoadedMs: timing.dcl == null ? null : Math.round(timing.dcl),
    bytes,
    requests: list.length,
    fromCache: list.filter((r) => r.cached).length,
    status: docStatus,
    finalUrl,
    resources: list.map((r) => ({
      url: r.url.startsWith(base) ? r.url.slice(base.length) : r.url.slice(0, 80),
      type: r.type,
      status: r.status ?? null,
      encoding: r.encoding ?? '',
      bytes: r.bytes || 0,
      cached: !!r.cached,
      conditional: !!r.conditional,
    })),
    acceptEncoding: list.find((r) => r.type === 'Document')?.acceptEncoding ?? null,
    problems,
  };
}

async function signIn(context, o) {
  const resp = await context.request.post(`${o.base}/api/login`, {
    form: { account: o.account, username: o.user, password: o.password },
    headers: { Origin: o.base, Accept: 'application/json' },
    maxRedirects: 0,
  });
  const cookies = await context.cookies(o.base);
  if (resp.status() >= 400 || !cookies.some((c) => c.name.includes('session') && c.value)) {
    throw new Error(`sign-in as ${o.account}/${o.user} failed: HTTP ${resp.status()} ${(await resp.text()).slice(0, 200)}`);
  }
  // The server sends signed-out page visits to /login: a 200 here means the cookie works.
  const check = await context.request.get(`${o.base}/time`, { maxRedirects: 0 });
  if (check.status() !== 200) throw new Error(`signed in, but GET /time answers ${check.status()}`);
}

async function firstProject(context, base) {
  const resp = await context.request.get(`${base}/projects`, { maxRedirects: 0 });
  if (resp.status() !== 200) throw new Error(`GET /projects answers ${resp.status()}`);
  const m = (await resp.text()).match(/href="\/projects\/(\d+)[?"]/);
  return m ? m[1] : null;
}

function goalsFor(name) {
  if (name === 'repeat /time') return { kb: 30 };
  if (name === '/login' || name === '/time') return { ms: 3000, kb: 350 };
  return { ms: 5000 };
}

function verdict(row) {
  const g = goalsFor(row.name);
  const parts = [];
  let ok = true;
  if (g.ms !== undefined) {
    parts.push(`< ${g.ms / 1000} s`);
    ok = ok && row.hydratedMs < g.ms;
  }
  if (g.kb !== undefined) {
    parts.push(`< ${g.kb} KB`);
    ok = ok && kb(row.bytes) < g.kb;
  }
  return { goal: parts.join(', '), met: ok };
}

function summary(r) {
  const byType = new Map();
  for (const x of r.resources) {
    const key = x.url.endsWith('.wasm') || x.url.includes('.wasm?') ? 'wasm' : x.type;
    const e = byType.get(key) ?? { n: 0, bytes: 0, enc: new Set() };
    e.n += 1;
    e.bytes += x.bytes;
    if (x.encoding) e.enc.add(x.encoding);
    if (x.cached) e.enc.add('cache');
    if (x.status === 304) e.enc.add('304');
    byType.set(key, e);
  }
  return [...byType.entries()]
    .sort((a, b) => b[1].bytes - a[1].bytes)
    .map(([t, e]) => `${t}${e.n > 1 ? ` ×${e.n}` : ''} ${kb(e.bytes).toFixed(1)} KB${e.enc.size ? ` (${[...e.enc].join('/')})` : ''}`)
    .join(', ');
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const rows = [];
  const notes = [];
  let failed = null;
  try {
    const context = await browser.newContext();
    await context.addInitScript(hydrationProbe);
    const cold = { cacheDisabled: true, cpuSlowdown: o.cpuSlowdown };
    const run = async (name, path, opts) => {
      const r = await visit(context, o.base, path, opts);
      rows.push({ name, ...r });
      console.log(`  ${name.padEnd(16)} ${String(r.hydratedMs).padStart(6)} ms  ${kb(r.bytes).toFixed(1).padStart(8)} KB  ` +
                  `HTTP ${r.status}, ${r.requests} requests: ${summary(r)}`);
      if (o.details) {
        for (const x of r.resources) {
          console.log(`      ${String(x.status ?? '-').padStart(3)} ${x.type.padEnd(10)} ${kb(x.bytes).toFixed(1).padStart(8)} KB ` +
                      `${(x.cached ? 'cache' : x.encoding || 'identity').padEnd(8)} ${x.conditional ? 'conditional ' : ''}${x.url}`);
        }
      }
      for (const p of r.problems) console.log(`      ! ${p}`);
      return r;
    };

    console.log(`pageload: ${o.base}, Slow 4G (150 ms, 1.6 Mbit/s down, 750 kbit/s up)` +
                (o.cpuSlowdown !== 1 ? `, CPU ×${o.cpuSlowdown} slower` : ''));
    await run('/login', '/login', cold);
    await signIn(context, o);
    await run('/time', '/time', cold);
    const project = o.project ?? (await firstProject(context, o.base));
    if (project) {
      await run(`/projects/${project}`, `/projects/${project}`, cold);
    } else {
      notes.push('no project in the account: the dashboard was not measured');
      console.log('  (no project in the account: the dashboard is skipped)');
    }
    await run('/admin/users', '/admin/users', cold);
    // Repeat visit: warm the cache with one visit, then count the second.
    await visit(context, o.base, '/time', { cacheDisabled: false, cpuSlowdown: o.cpuSlowdown });
    await run('repeat /time', '/time', { cacheDisabled: false, cpuSlowdown: o.cpuSlowdown });
    await context.close();
  } catch (e) {
    failed = e;
  } finally {
    await browser.close();
  }

  if (rows.length) {
    const enc = rows.find((r) => r.acceptEncoding)?.acceptEncoding;
    console.log('');
    console.log('| page | hydrated | transferred | requests | goal | |');
    console.log('|---|---|---|---|---|---|');
    for (const r of rows) {
      const v = verdict(r);
      const label = r.name === 'repeat /time' ? 'repeat /time (cache on)' : `${r.name} (cold)`;
      console.log(`| ${label} | ${r.hydratedMs} ms | ${kb(r.bytes).toFixed(1)} KB | ${r.requests}` +
                  `${r.fromCache ? ` (${r.fromCache} from cache)` : ''} | ${v.goal} | ${v.met ? 'met' : 'MISSED'} |`);
    }
    const all = rows.filter((r) => r.name !== 'repeat /time');
    const within5 = all.every((r) => r.hydratedMs < 5000);
    console.log(`| every page, cold | max ${Math.max(...all.map((r) => r.hydratedMs))} ms | | | < 5 s | ${within5 ? 'met' : 'MISSED'} |`);
    if (enc) console.log(`\nthe browser sent Accept-Encoding: ${enc}`);
  }
  const out = {
    base: o.base,
    network: 'Slow 4G',
    cpuSlowdown: o.cpuSlowdown,
    pages: rows.map((r) => {
      const v = verdict(r);
      return {
        name: r.name, path: r.path, hydratedMs: r.hydratedMs, ttfbMs: r.ttfbMs, bytes: r.bytes,
        requests: r.requests, fromCache: r.fromCache, status: r.status, goal: v.goal, met: v.met,
        acceptEncoding: r.acceptEncoding, breakdown: summary(r), problems: r.problems,
      };
    }),
    notes,
    error: failed ? failed.message : null,
  };
  console.log('PAGELOAD_JSON ' + JSON.stringify(out));
  if (failed) {
    console.error(`pageload: ${failed.message}`);
    for (const p of failed.problems ?? []) console.error(`  ! ${p}`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(`pageload: ${e.stack ?? e}`);
  process.exit(1);
});
