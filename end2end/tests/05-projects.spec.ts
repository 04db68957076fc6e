import { test, expect, APIRequestContext } from '@playwright/test';
import { ADMIN, hydrated, shoot, signIn, stempel, watchErrors } from './helpers';

let headers: Record<string, string>;
const api = (request: APIRequestContext, method: 'get' | 'post', path: string, data?: object) =>
  request[method](`/api/v2/ext/${path}`, { headers, data });
const minutes = (hm: string) => {
  const [h, m] = hm.trim().split(':').map(Number);
  return h * 60 + m;
};

test.describe.serial('project dashboards', () => {
  test.beforeAll(async ({ request }, testInfo) => {
    const pair = JSON.parse(stempel(testInfo, 'api-key', 'generate', '--account', ADMIN.account, '--json'));
    headers = { 'X-TimeTrack-Api-Key': pair.key, 'X-TimeTrack-Api-Secret': pair.secret, 'Content-Type': 'application/json' };
    expect((await api(request, 'post', 'clients', { clientName: 'Initech' })).status()).toBe(201);
    expect((await api(request, 'post', 'projects', { clientName: 'Initech', projectName: 'Portal', hourRate: 80, budgetMinutes: 120, color: '#9333ea' })).status()).toBe(201);
    expect((await api(request, 'post', 'tasks', { clientName: 'Initech', projectName: 'Portal', taskName: 'Backend' })).status()).toBe(201);
    for (const [from, to, task] of [['2026-11-02T08:00:00Z', '2026-11-02T09:00:00Z', 'Backend'], ['2026-11-03T13:00:00Z', '2026-11-03T13:45:00Z', null]]) {
      const body: any = { user: ADMIN.username, clientName: 'Initech', projectName: 'Portal', from, to };
      if (task) body.taskName = task;
      expect((await api(request, 'post', 'project_time_entries', body)).status()).toBe(201);
    }
    expect((await api(request, 'post', 'expenses', { user: ADMIN.username, clientName: 'Initech', projectName: 'Portal', date: '2026-11-04', amount: 50 })).status()).toBe(201);
  });

  test('the dashboard totals equal the sum of the entries, with the expense and the budget burn', async ({ page, request }, testInfo) => {
    const errors = watchErrors(page);
    const listed = await (await api(request, 'get', 'project_time_entries?clientName=Initech&projectName=Portal&limit=1000')).json();
    const sum = listed.data.reduce((a: number, e: any) => a + e.workedMinutes, 0);
    expect(sum).toBe(105);

    await signIn(page, ADMIN.username, ADMIN.password);
    await page.goto('/projects');
    await hydrated(page);
    const row = page.locator('tr', { hasText: 'Initech / Portal' });
    await expect(row.locator('td[data-col="total"]')).toHaveText('1:45');
    await shoot(page, testInfo, 'projects-overview');
    await row.getByRole('link').click();
    await expect(page).toHaveURL(/\/projects\/\d+/);
    await hydrated(page);
    expect(minutes((await page.getByTestId('sum-total').textContent())!)).toBe(sum);
    await expect(page.getByTestId('sum-billable')).toHaveText('1:45');
    await expect(page.getByTestId('sum-amount')).toHaveText('140.00 EUR');
    await expect(page.getByTestId('sum-expenses')).toHaveText('50.00 EUR');
    // 105 of 120 budget minutes: the 80 % warning.
    await expect(page.getByTestId('budget-warning')).toContainText('80 %');
    await expect(page.locator('[data-burn="87"]')).toBeVisible();
    await expect(page.locator('svg.chart g[data-bar="Backend"]')).toHaveCount(1);
    await shoot(page, testInfo, 'project-dashboard');

    // The date range narrows the sums; the CSV holds the same numbers.
    await page.getByLabel('From').fill('2026-11-03');
    await page.getByLabel('To', { exact: true }).fill('2026-11-03');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page.getByTestId('sum-total')).toHaveText('0:45');
    const href = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    const csv = await page.request.get(href!);
    expect(csv.status()).toBe(200);
    const total = (await csv.text()).split('\n')[1].split(',');
    expect(total[0]).toBe('total');
    expect(total[2]).toBe('0:45');
    expect(errors).toEqual([]);
  });

  test('staff cannot open the dashboards', async ({ page }) => {
    await signIn(page, 'mia', 'mia-pass-123');
    await expect(page.getByRole('link', { name: 'Projects' })).toHaveCount(0);
    const r = await page.goto('/projects');
    expect(r!.status()).toBe(403);
    await expect(page.locator('h1')).toContainText('Not allowed');
  });
});
