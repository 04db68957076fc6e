import { test, expect, APIRequestContext } from '@playwright/test';
import { ADMIN, hydrated, shoot, signIn, stempel, watchErrors } from './helpers';

let headers: Record<string, string>;

async function api(request: APIRequestContext, method: 'get' | 'post' | 'delete', path: string, data?: object) {
  const r = await request[method](`/api/v2/ext/${path}`, { headers, data });
  return r;
}

test.describe.serial('daily time', () => {
  test.beforeAll(async ({ request }, testInfo) => {
    const pair = JSON.parse(stempel(testInfo, 'api-key', 'generate', '--account', ADMIN.account, '--json'));
    headers = { 'X-TimeTrack-Api-Key': pair.key, 'X-TimeTrack-Api-Secret': pair.secret, 'Content-Type': 'application/json' };
    expect((await api(request, 'post', 'clients', { clientName: 'Acme' })).status()).toBe(201);
    expect((await api(request, 'post', 'projects', { clientName: 'Acme', projectName: 'Website' })).status()).toBe(201);
    expect((await api(request, 'post', 'tasks', { clientName: 'Acme', projectName: 'Website', taskName: 'Design' })).status()).toBe(201);
  });

  test('start the timer, see it tick, reload, second tab, stop → entry in the week', async ({ page, context }, testInfo) => {
    const errors = watchErrors(page);
    await signIn(page, ADMIN.username, ADMIN.password);
    await page.goto('/time');
    await hydrated(page);
    const timer = page.getByTestId('timer');
    // Type-ahead: the datalist offers every project and project · task line.
    const pick = timer.getByLabel('Project…');
    await expect(timer.locator('datalist option[value="Acme / Website · Design"]')).toHaveCount(1);
    await pick.fill('Acme / Website · Design');
    await timer.getByLabel('What are you working on? #tags').fill('Landing page #design');
    await timer.getByRole('button', { name: 'Start' }).click();
    const elapsed = page.getByTestId('timer-elapsed');
    await expect(elapsed).toBeVisible();
    const first = await elapsed.textContent();
    await expect(elapsed).not.toHaveText(first!, { timeout: 5000 });
    await shoot(page, testInfo, 'time-running');

    await page.reload();
    await hydrated(page);
    await expect(page.getByTestId('timer-elapsed')).toBeVisible();
    const afterReload = await page.getByTestId('timer-elapsed').textContent();
    expect(afterReload!.localeCompare(first!)).toBeGreaterThanOrEqual(0);

    const second = await context.newPage();
    await second.goto('/time');
    await hydrated(second);
    await expect(second.getByTestId('timer-elapsed')).toBeVisible();

    await page.getByTestId('timer').getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByTestId('timer').getByRole('button', { name: 'Start' })).toBeVisible();
    const entry = page.locator('.entry', { hasText: 'Landing page' });
    await expect(entry).toBeVisible();
    await expect(entry.getByTestId('entry-minutes')).toHaveText('0:01');
    // The other tab notices within a few seconds, without a reload.
    await expect(second.getByTestId('timer').getByRole('button', { name: 'Start' })).toBeVisible({ timeout: 10_000 });
    await second.close();
    expect(errors).toEqual([]);
  });

  test('add, edit and delete an entry in the week', async ({ page }, testInfo) => {
    const errors = watchErrors(page);
    await signIn(page, ADMIN.username, ADMIN.password);
    await page.goto('/time');
    await hydrated(page);
    const form = page.locator('form.entry-form');
    await form.getByLabel('From').fill('09:00');
    await form.getByLabel('To', { exact: true }).fill('10:30');
    await form.getByLabel('Project').selectOption({ label: 'Acme / Website' });
    await form.getByLabel('Details #tags').fill('Planning session');
    await form.getByRole('button', { name: 'Save' }).click();
    const row = page.locator('.entry', { hasText: 'Planning session' });
    await expect(row.getByTestId('entry-minutes')).toHaveText('1:30');
    await shoot(page, testInfo, 'time-week');

    await row.getByRole('button', { name: 'Edit' }).click();
    await expect(form.getByLabel('To', { exact: true })).toHaveValue('10:30');
    await form.getByLabel('To', { exact: true }).fill('11:00');
    await form.getByLabel('Break (min)').fill('15');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(page.locator('.entry', { hasText: 'Planning session' }).getByTestId('entry-minutes')).toHaveText('1:45');

    // A break longer than the entry is refused with a message, and nothing is saved.
    await form.getByLabel('From').fill('12:00');
    await form.getByLabel('To', { exact: true }).fill('12:30');
    await form.getByLabel('Break (min)').fill('45');
    await form.getByLabel('Project').selectOption({ label: 'Acme / Website' });
    await form.getByLabel('Details #tags').fill('Nothing');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('alert')).toContainText('break');
    await expect(page.locator('.entry', { hasText: 'Nothing' })).toHaveCount(0);

    await page.locator('.entry', { hasText: 'Planning session' }).getByRole('button', { name: 'Delete' }).click();
    await expect(page.locator('.entry', { hasText: 'Planning session' })).toHaveCount(0);
    expect(errors).toEqual([]);
  });

  test('a timer started through the API shows up in the open page', async ({ page, request }) => {
    await signIn(page, ADMIN.username, ADMIN.password);
    await page.goto('/time');
    await hydrated(page);
    await expect(page.getByTestId('timer').getByRole('button', { name: 'Start' })).toBeVisible();
    const r = await api(request, 'post', 'project_timer/start', { user: ADMIN.username, clientName: 'Acme', projectName: 'Website' });
    expect(r.status()).toBe(201);
    await expect(page.getByTestId('timer-elapsed')).toBeVisible({ timeout: 10_000 });
    const stop = await api(request, 'post', 'project_timer/stop', { user: ADMIN.username });
    expect(stop.status()).toBe(201);
    await expect(page.getByTestId('timer').getByRole('button', { name: 'Start' })).toBeVisible({ timeout: 10_000 });
  });

  test('a manager logs time in a team member\'s week; staff cannot open someone else\'s', async ({ page, browser }, testInfo) => {
    const errors = watchErrors(page);
    stempel(testInfo, 'user', 'create', '--account', ADMIN.account, '--username', 'mia', '--password', 'mia-pass-123',
      '--role', 'staff', '--first-name', 'Mia', '--last-name', 'Stone');
    await signIn(page, ADMIN.username, ADMIN.password);
    await page.goto('/time');
    await hydrated(page);
    await page.getByTestId('person-picker').selectOption({ label: 'Mia Stone (mia)' });
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page).toHaveURL(/user=\d+/);
    await hydrated(page);
    const miaId = new URL(page.url()).searchParams.get('user');
    const form = page.locator('form.entry-form');
    await form.getByLabel('From').fill('14:00');
    await form.getByLabel('To', { exact: true }).fill('15:15');
    await form.getByLabel('Project').selectOption({ label: 'Acme / Website' });
    await form.getByLabel('Details #tags').fill('Logged by the manager');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(page.locator('.entry', { hasText: 'Logged by the manager' }).getByTestId('entry-minutes')).toHaveText('1:15');
    await shoot(page, testInfo, 'time-team-member');
    expect(errors).toEqual([]);

    const staff = await browser.newPage({ baseURL: testInfo.project.use.baseURL });
    await signIn(staff, 'mia', 'mia-pass-123');
    await staff.goto('/time');
    await hydrated(staff);
    await expect(staff.locator('.entry', { hasText: 'Logged by the manager' })).toBeVisible();
    await expect(staff.getByTestId('person-picker')).toHaveCount(0);
    const adminId = String(Number(miaId) === 1 ? 2 : 1);
    await staff.goto(`/time?user=${adminId}`);
    await expect(staff.getByRole('alert')).toContainText('not allowed');
    await staff.close();
  });
});
