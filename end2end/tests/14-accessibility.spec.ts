import { test, expect, APIRequestContext, Page, TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ADMIN, hydrated, signIn, stempel, watchErrors } from './helpers';

// Issue 18: axe-core (the WCAG 2.1 A and AA rules) finds nothing on any page, at phone and
// desktop width, in the light and the dark colour scheme; the absence calendars work with the
// keyboard alone. Needs only the admin of 01-foundation: it makes its own people and data
// (idempotently, because a failed test restarts the worker and with it beforeAll).

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const WIDTHS = [['phone', 390, 844], ['desktop', 1280, 800]] as const;
const MANAGER = { username: 'alma', password: 'alma-pass-123' };
const STAFF = { username: 'ari', password: 'ari-pass-1234' };
const CLIENT = 'Aria Labs';
const PROJECT = 'Contrast';

const today = new Date().toISOString().slice(0, 10);
const month = today.slice(0, 7);
/** The first weekday on or after the given day of this month. */
function weekdayOfMonth(day: number): string {
  const d = new Date(`${month}-${String(day).padStart(2, '0')}T12:00:00Z`);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
function nextMonth(): string {
  const d = new Date(`${month}-01T12:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 7);
}

let projectId = 0;

/** Creates what the pages show; a record that is already there (a rerun) is fine. */
async function seed(request: APIRequestContext, testInfo: TestInfo) {
  const pair = JSON.parse(stempel(testInfo, 'api-key', 'generate', '--account', ADMIN.account, '--json'));
  const headers = { 'X-TimeTrack-Api-Key': pair.key, 'X-TimeTrack-Api-Secret': pair.secret, 'Content-Type': 'application/json' };
  const post = (p: string, data: object) => request.post(`/api/v2/ext/${p}`, { headers, data });
  const projects = await (await request.get(`/api/v2/ext/projects?projectName=${PROJECT}&clientName=${encodeURIComponent(CLIENT)}`, { headers })).json();
  if (projects.data.length > 0) {
    // made by an earlier run of this beforeAll (a failed test restarts the worker)
    projectId = projects.data[0].id;
    return;
  }
  for (const [u, role, first] of [[MANAGER, 'manager', 'Alma'], [STAFF, 'staff', 'Ari']] as const) {
    stempel(testInfo, 'user', 'create', '--account', ADMIN.account, '--username', u.username, '--password', u.password,
      '--role', role, '--first-name', first, '--last-name', 'Access');
  }
  expect((await post('clients', { clientName: CLIENT })).status()).toBe(201);
  const project = await post('projects', { clientName: CLIENT, projectName: PROJECT, hourRate: 90, budgetMinutes: 600, color: '#0f766e' });
  expect(project.status()).toBe(201);
  projectId = (await project.json()).data.id;
  expect((await post('tasks', { clientName: CLIENT, projectName: PROJECT, taskName: 'Audit' })).status()).toBe(201);
  for (const user of [ADMIN.username, STAFF.username]) {
    const entry = { user, clientName: CLIENT, projectName: PROJECT, taskName: 'Audit', details: 'Checked the forms', from: `${today}T05:00:00Z`, to: `${today}T06:30:00Z` };
    expect((await post('project_time_entries', entry)).status()).toBe(201);
    expect((await post('expenses', { user, clientName: CLIENT, projectName: PROJECT, date: today, amount: 42.5 })).status()).toBe(201);
  }
  expect((await post('attendances', { user: STAFF.username, from: `${today}T04:00:00Z`, to: `${today}T04:45:00Z` })).status()).toBe(201);
  const types = (await (await request.get('/api/v2/ext/absence_types', { headers })).json()).data.map((k: any) => k.name);
  // One approved and one pending absence this month, so both looks are on the calendars.
  const [a, b] = [weekdayOfMonth(10), weekdayOfMonth(20)];
  expect((await post('absences', { user: STAFF.username, absenceType: types[0], from: a, to: a, status: 'approved' })).status()).toBe(201);
  expect((await post('absences', { user: STAFF.username, absenceType: types[types.length - 1], from: b, to: b })).status()).toBe(201);
}

/** Opens a page and runs axe at both widths; returns the findings as readable lines. */
async function audit(page: Page, url: string, scheme: string, testInfo: TestInfo, who = 'admin'): Promise<string[]> {
  const found: string[] = [];
  await page.setViewportSize({ width: WIDTHS[1][1], height: WIDTHS[1][2] });
  await page.goto(url);
  await hydrated(page);
  await page.waitForLoadState('networkidle');
  for (const [label, width, height] of WIDTHS) {
    await page.setViewportSize({ width, height });
    const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    for (const v of violations) {
      const targets = v.nodes.slice(0, 6).map((n) => n.target.join(' ')).join(' | ');
      found.push(`${url} (${label}, ${scheme}): ${v.id} [${v.nodes.length}] ${targets}`);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) found.push(`${url} (${label}, ${scheme}): overflows sideways by ${overflow}px`);
    if (process.env.A11Y_SHOTS) {
      const name = `${testInfo.project.name}-${scheme}-${who}-${url.replace(/[^a-z0-9]+/gi, '_')}-${label}.png`;
      await page.screenshot({ path: path.join(process.env.A11Y_SHOTS, name), fullPage: true });
    }
  }
  return found;
}

/** Audits the pages as the signed-in person; the findings of every page, so one run shows all. */
async function auditAll(page: Page, urls: string[], scheme: string, testInfo: TestInfo, who = 'admin'): Promise<string[]> {
  const found: string[] = [];
  for (const url of urls) found.push(...(await audit(page, url, scheme, testInfo, who)));
  return found;
}

function expectNone(found: string[]) {
  expect(found, `axe findings:\n${found.join('\n')}`).toEqual([]);
}

/** A second server on an empty database, for the setup page (shown only before any account). */
async function withFreshServer(testInfo: TestInfo, run: (base: string) => Promise<void>) {
  const meta = testInfo.project.metadata as { bin: string };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stempel-a11y-'));
  const port = Number(new URL(testInfo.project.use.baseURL!).port) + 40;
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(path.resolve(__dirname, '..', meta.bin), ['serve'], {
    cwd: path.resolve(__dirname, '..', '..'),
    env: { ...process.env, STEMPEL_ADDR: `127.0.0.1:${port}`, STEMPEL_DATABASE_URL: `sqlite://${dir}/fresh.db`, RUST_LOG: 'warn' },
    stdio: 'ignore',
  });
  try {
    await expect.poll(async () => fetch(`${base}/login`).then((r) => r.status, () => 0), { timeout: 30_000 }).toBe(200);
    await run(base);
  } finally {
    server.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test.beforeAll(async ({ request }, testInfo) => {
  await seed(request, testInfo);
});

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} colour scheme`, () => {
    test.use({ colorScheme: scheme });

    test(`signed out (${scheme}): sign-in, setup`, async ({ page }, testInfo) => {
      test.setTimeout(120_000);
      const errors = watchErrors(page);
      const found = await audit(page, '/login', scheme, testInfo, 'anyone');
      await withFreshServer(testInfo, async (base) => {
        found.push(...(await audit(page, `${base}/setup`, scheme, testInfo, 'new')));
      });
      expectNone(found);
      expect(errors).toEqual([]);
    });

    test(`admin (${scheme}): every page`, async ({ page }, testInfo) => {
      test.setTimeout(300_000);
      const errors = watchErrors(page);
      await signIn(page, ADMIN.username, ADMIN.password);
      expectNone(await auditAll(page, [
        '/', '/time', '/attendance', '/absences', '/absences/team', '/timesheet', '/reports',
        '/projects', `/projects/${projectId}`, '/expenses',
        '/admin', '/admin/clients', '/admin/projects', `/admin/tasks?project=${projectId}`, '/admin/tasks',
        '/admin/users', '/admin/absence-types', '/admin/holidays', '/admin/account', '/admin/import',
        '/settings', '/settings/general/api', '/profile', '/no-such-page',
      ], scheme, testInfo));
      expect(errors).toEqual([]);
    });

    test(`manager and staff (${scheme}): their views`, async ({ page }, testInfo) => {
      test.setTimeout(180_000);
      const errors = watchErrors(page);
      await signIn(page, MANAGER.username, MANAGER.password);
      const found = await auditAll(page, ['/time', '/absences/team', '/admin', '/admin/users'], scheme, testInfo, 'manager');
      await page.context().clearCookies();
      await signIn(page, STAFF.username, STAFF.password);
      found.push(...(await auditAll(page, ['/time', '/attendance', '/absences', '/timesheet', '/reports', '/expenses', '/profile', '/admin'], scheme, testInfo, 'staff')));
      expectNone(found);
      expect(errors).toEqual([]);
    });
  });
}

test('the absence calendars work with the keyboard alone', async ({ page }) => {
  const errors = watchErrors(page);
  await signIn(page, STAFF.username, STAFF.password);
  const next = nextMonth();
  await page.goto(`/absences?month=${next}`);
  await hydrated(page);
  // Tab from the heading reaches the month; one day of it is a tab stop (a roving tab index).
  await page.locator('h1').click();
  let onDay = false;
  for (let i = 0; i < 15 && !onDay; i++) {
    await page.keyboard.press('Tab');
    onDay = await page.evaluate(() => document.activeElement?.classList.contains('month-day') ?? false);
  }
  expect(onDay, 'Tab reaches the calendar').toBe(true);
  const focused = () => page.evaluate(() => (document.activeElement as HTMLElement).dataset.date);
  expect(await focused()).toBe(`${next}-01`);
  await expect(page.locator(`.month-day[data-date="${next}-01"]`)).toHaveAccessibleName(/^\w+day, 1 \w+ \d{4}/);
  await page.keyboard.press('ArrowRight');
  expect(await focused()).toBe(`${next}-02`);
  await page.keyboard.press('ArrowDown');
  expect(await focused()).toBe(`${next}-09`);
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press(' ');
  const form = page.locator('form.absence-form');
  await expect(form.getByLabel('From')).toHaveValue(`${next}-09`);
  await expect(form.getByLabel('To', { exact: true })).toHaveValue(`${next}-11`);
  await page.keyboard.press('ArrowUp');
  expect(await focused()).toBe(`${next}-04`);
  // Home and End go to the ends of the week, not past the month's first and last day.
  const monday = 4 - ((new Date(`${next}-04T12:00:00Z`).getUTCDay() + 6) % 7);
  const day = (n: number) => `${next}-${String(n).padStart(2, '0')}`;
  await page.keyboard.press('Home');
  expect(await focused()).toBe(day(Math.max(1, monday)));
  await page.keyboard.press('End');
  expect(await focused()).toBe(day(monday + 6));

  // The team calendar: its scrolling table is a tab stop, and the decisions are buttons.
  await page.context().clearCookies();
  await signIn(page, MANAGER.username, MANAGER.password);
  await page.goto(`/absences/team?month=${month}`);
  await hydrated(page);
  const region = page.getByRole('region', { name: /team calendar/i });
  await region.focus();
  await expect(region).toBeFocused();
  await page.keyboard.press('ArrowRight');
  expect(errors).toEqual([]);
});

test('at phone width the header is one bar; the menu opens, and a section closes it', async ({ page }) => {
  const errors = watchErrors(page);
  // (signIn waits for the user's name in the bar, which at phone width sits in the menu)
  await signIn(page, STAFF.username, STAFF.password);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/time');
  await hydrated(page);
  const bar = await page.locator('header.appbar').boundingBox();
  expect(bar!.height, 'the bar is one compact row').toBeLessThanOrEqual(72);
  const nav = page.getByRole('navigation', { name: 'Menu' });
  await expect(nav.getByRole('link', { name: 'Absences' })).toBeHidden();
  await page.locator('details.menu > summary').click();
  await expect(nav.getByRole('link', { name: 'Absences' })).toBeVisible();
  await expect(page.getByTestId('current-user')).toBeVisible();
  await nav.getByRole('link', { name: 'Absences' }).click();
  await expect(page).toHaveURL(/\/absences$/);
  await expect(nav.getByRole('link', { name: 'Absences' })).toBeHidden();
  // From tablet width up the sections are in the bar, no menu button.
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(nav.getByRole('link', { name: 'Absences' })).toBeVisible();
  await expect(page.locator('details.menu > summary')).toBeHidden();
  expect(errors).toEqual([]);
});
