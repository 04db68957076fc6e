import { test, expect } from '@playwright/test';
import { ADMIN, hydrated, login, shoot, stempel, watchErrors } from './helpers';

// One story per backend, in order: the first visit sets up the account.
test.describe.serial('foundation', () => {
  test('first visit: setup creates the account and signs the admin in', async ({ page }, testInfo) => {
    const errors = watchErrors(page);
    await page.goto('/');
    await expect(page).toHaveURL(/\/setup$/);
    await hydrated(page);
    await shoot(page, testInfo, 'setup');
    await page.getByLabel('Organisation name').fill('Demo GmbH');
    await page.getByLabel('Account ID').fill(ADMIN.account);
    await page.getByLabel('Username').fill(ADMIN.username);
    // A too-short password is refused next to the field, and nothing is created.
    await page.getByLabel('Password').fill('short');
    await page.getByLabel('Password').evaluate((el: HTMLInputElement) => el.removeAttribute('minlength'));
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.locator('.field-error')).toContainText('at least 8 characters');
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId('current-user')).toHaveText(ADMIN.username);
    await expect(page.locator('h1')).toContainText('Welcome');
    await shoot(page, testInfo, 'home');
    // Setup is over: the page now sends visitors to sign in.
    await page.goto('/setup');
    await expect(page).toHaveURL(/\/$/);
    expect(errors).toEqual([]);
  });

  test('wrong password shows an error; the right one signs in', async ({ page }, testInfo) => {
    const errors = watchErrors(page);
    await login(page, ADMIN.username, 'not-the-password');
    await expect(page.getByRole('alert')).toHaveText('Wrong account, username or password.');
    await expect(page).toHaveURL(/\/login$/);
    await shoot(page, testInfo, 'login-error');
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('current-user')).toHaveText(ADMIN.username);
    expect(errors).toEqual([]);
  });

  test('admin generates an API key, uses it, revokes it', async ({ page, request }, testInfo) => {
    const errors = watchErrors(page);
    await login(page, ADMIN.username, ADMIN.password);
    await expect(page.getByTestId('current-user')).toBeVisible();
    await page.locator('nav').getByRole('link', { name: 'Settings', exact: true }).click();
    await page.locator('main').getByRole('link', { name: 'API', exact: true }).click();
    await expect(page).toHaveURL(/\/settings\/general\/api$/);
    await hydrated(page);
    await expect(page.getByText('No API keys yet.')).toBeVisible();
    await page.getByLabel('Label').fill('ERP');
    await page.getByRole('button', { name: 'Generate key and secret' }).click();
    const key = (await page.getByTestId('new-key-value').textContent())!.trim();
    const secret = (await page.getByTestId('new-secret-value').textContent())!.trim();
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    await page.getByRole('button', { name: 'Copy' }).click();
    await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
    await expect(page.locator(`tr[data-key="${key}"]`)).toContainText('active');
    await shoot(page, testInfo, 'settings-api');

    const headers = { 'X-TimeTrack-Api-Key': key, 'X-TimeTrack-Api-Secret': secret };
    const ok = await request.get('/api/v2/ext/clients', { headers });
    expect(ok.status()).toBe(200);
    expect(await ok.json()).toEqual({ data: [], meta: { pageNumber: 0, limit: 50, totalRecords: 0, totalPages: 0 } });
    expect(ok.headers()['x-ratelimit-limit']).toBe('1000');

    // The secret is never shown again.
    await page.reload();
    await expect(page.locator(`tr[data-key="${key}"]`)).toBeVisible();
    await expect(page.getByText(secret)).toHaveCount(0);

    await page.locator(`tr[data-key="${key}"]`).getByRole('button', { name: 'Revoke' }).click();
    await expect(page.locator(`tr[data-key="${key}"]`)).toContainText('revoked');
    const denied = await request.get('/api/v2/ext/clients', { headers });
    expect(denied.status()).toBe(401);
    expect((await denied.json()).errors[0].status).toBe(401);
    expect(errors).toEqual([]);
  });

  test('the CLI generates a working key pair', async ({ request }, testInfo) => {
    const pair = JSON.parse(stempel(testInfo, 'api-key', 'generate', '--account', ADMIN.account, '--json'));
    const r = await request.get('/api/v2/ext/clients', {
      headers: { 'X-TimeTrack-Api-Key': pair.key, 'X-TimeTrack-Api-Secret': pair.secret },
    });
    expect(r.status()).toBe(200);
  });

  test('a staff user gets 403 on Settings', async ({ page, request }, testInfo) => {
    stempel(testInfo, 'user', 'create', '--account', ADMIN.account, '--username', 'sam', '--password', 'staff-pass-1', '--role', 'staff', '--first-name', 'Sam', '--last-name', 'Staff');
    const errors = watchErrors(page);
    await login(page, 'sam', 'staff-pass-1');
    await expect(page.getByTestId('current-user')).toHaveText('Sam Staff');
    await expect(page.locator('nav').getByRole('link', { name: 'Settings' })).toHaveCount(0);
    const resp = await page.goto('/settings/general/api');
    expect(resp!.status()).toBe(403);
    await expect(page.locator('h1')).toHaveText('403 — Not allowed');
    await shoot(page, testInfo, 'forbidden');
    expect(errors).toEqual([]);
  });

  test('German labels after switching the language', async ({ page }, testInfo) => {
    await login(page, ADMIN.username, ADMIN.password);
    await expect(page.getByTestId('current-user')).toBeVisible();
    await page.getByRole('link', { name: 'Deutsch' }).click();
    await expect(page.locator('nav').getByRole('link', { name: 'Einstellungen' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
    await shoot(page, testInfo, 'home-de');
    await page.getByRole('link', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);
  });
});
