import { test, expect } from '@playwright/test';
import { ADMIN, hydrated, signIn, watchErrors } from './helpers';

// The first visit (issue 16): real redirects, hashed and precompressed assets, cache headers,
// and a page that hydrates under the content security policy without console errors.
test.describe.serial('first visit', () => {
  test('signed-out visits get 303 to sign in; /login answers 200', async ({ request }) => {
    for (const path of ['/', '/time', '/admin/users', '/absences']) {
      const r = await request.get(path, { maxRedirects: 0 });
      expect(r.status(), path).toBe(303);
      expect(r.headers()['location'], path).toBe('/login');
    }
    const login = await request.get('/login', { maxRedirects: 0 });
    expect(login.status()).toBe(200);
    expect(login.headers()['cache-control']).toBe('no-cache');
    expect(login.headers()['content-security-policy']).toContain("script-src 'nonce-");
  });

  test('the bundle has hashed names, comes compressed and is kept for a year', async ({ request }) => {
    const html = await (await request.get('/login')).text();
    const wasm = html.match(/\/pkg\/stempel\.[0-9a-f]{16}\.wasm/)?.[0];
    const css = html.match(/\/pkg\/stempel\.[0-9a-f]{16}\.css/)?.[0];
    expect(wasm, 'the page names a hashed wasm file').toBeTruthy();
    expect(css, 'the page names a hashed stylesheet').toBeTruthy();
    for (const [encoding, want] of [['br', 'br'], ['gzip', 'gzip']]) {
      const r = await request.get(wasm!, { headers: { 'Accept-Encoding': encoding } });
      expect(r.status()).toBe(200);
      expect(r.headers()['content-encoding']).toBe(want);
      expect(r.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    }
  });

  test('a signed-in page hydrates without console errors, and a reload reuses the bundle', async ({ page }) => {
    const errors = watchErrors(page);
    await signIn(page, ADMIN.username, ADMIN.password);
    let bundleRequests = 0;
    page.on('requestfinished', async (req) => {
      if (/\/pkg\/stempel\.[0-9a-f]{16}\.(wasm|js|css)$/.test(req.url())) {
        const timing = await req.sizes();
        if (timing.responseBodySize > 0) bundleRequests += 1;
      }
    });
    await page.goto('/time');
    await hydrated(page);
    await page.reload();
    await hydrated(page);
    await page.waitForLoadState('networkidle');
    expect(bundleRequests, 'bundle files downloaded again on reload').toBe(0);
    expect(errors).toEqual([]);
  });
});

test.describe('lazy pages', () => {
  test('a page opened directly and one reached by a link both load their code and work', async ({ page }) => {
    const errors = watchErrors(page);
    await signIn(page, ADMIN.username, ADMIN.password);
    const chunks: string[] = [];
    page.on('request', (r) => { if (/\/pkg\/(split|chunk)_[^/]*\.wasm$/.test(r.url())) chunks.push(r.url()); });
    await page.goto('/admin/users');
    await hydrated(page);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(chunks.length, 'the admin page came with its own chunk').toBeGreaterThan(0);
    const before = chunks.length;
    await page.locator('nav a[href="/absences"]').first().click();
    await expect(page).toHaveURL(/\/absences$/);
    await expect(page.locator('.calendar, [role="grid"], table').first()).toBeVisible();
    expect(chunks.length, 'the absences page loaded its chunk on demand').toBeGreaterThan(before);
    expect(errors).toEqual([]);
  });
});
