import { test, expect, APIRequestContext, Page } from '@playwright/test';
import * as XLSX from 'xlsx';
import { ADMIN, hydrated, shoot, signIn, stempel, watchErrors } from './helpers';

// A manager's report of one client for last month, by project and person: the table, the
// bookmarked URL, and the CSV, XLSX and PDF downloads with the same entries and totals.

let headers: Record<string, string>;
const api = (request: APIRequestContext, path: string, data: object) =>
  request.post(`/api/v2/ext/${path}`, { headers, data });
const MANAGER = { username: 'rep-manager', password: 'rep-manager-pass-1' };
const STAFF = { username: 'rep-staff', password: 'rep-staff-pass-1' };
const minutes = (hm: string) => {
  const [h, m] = hm.trim().split(':').map(Number);
  return h * 60 + m;
};

/** A day of last month (UTC) at the given hour, as the API takes it. */
function lastMonth(day: number, hour: number, minute = 0): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, day, hour, minute)).toISOString().replace('.000', '');
}

/** The groups table as text rows: name, time, billable, amount. */
async function groupRows(page: Page): Promise<string[][]> {
  return page.locator('[data-testid="report-groups"] tr').evaluateAll((rows) =>
    rows.map((r) => Array.from(r.querySelectorAll('th, td')).map((c) => (c.textContent ?? '').trim())));
}

test.describe.serial('reports', () => {
  test.beforeAll(async ({ request }, testInfo) => {
    const pair = JSON.parse(stempel(testInfo, 'api-key', 'generate', '--account', ADMIN.account, '--json'));
    headers = { 'X-TimeTrack-Api-Key': pair.key, 'X-TimeTrack-Api-Secret': pair.secret, 'Content-Type': 'application/json' };
    for (const [who, role] of [[MANAGER, 'manager'], [STAFF, 'staff']] as const) {
      stempel(testInfo, 'user', 'create', '--account', ADMIN.account, '--username', who.username, '--password', who.password, '--role', role);
    }
    for (const clientName of ['Umbrella', 'Wayne']) expect((await api(request, 'clients', { clientName })).status()).toBe(201);
    for (const [clientName, projectName] of [['Umbrella', 'Lab'], ['Umbrella', 'Field'], ['Wayne', 'Cave']]) {
      expect((await api(request, 'projects', { clientName, projectName, hourRate: 100 })).status()).toBe(201);
    }
    const entries: [string, string, string, number, number, number, boolean][] = [
      [ADMIN.username, 'Umbrella', 'Lab', 3, 8, 120, true],
      [ADMIN.username, 'Umbrella', 'Field', 4, 9, 90, false],
      [STAFF.username, 'Umbrella', 'Lab', 5, 10, 45, true],
      [ADMIN.username, 'Wayne', 'Cave', 5, 13, 60, true],
    ];
    for (const [user, clientName, projectName, day, hour, length, billable] of entries) {
      const from = lastMonth(day, hour);
      const to = lastMonth(day, hour, length);
      expect((await api(request, 'project_time_entries', { user, clientName, projectName, from, to, billable })).status()).toBe(201);
    }
  });

  test('a manager builds a client report, bookmarks it and downloads the same entries', async ({ page, browser }, testInfo) => {
    const errors = watchErrors(page);
    await signIn(page, MANAGER.username, MANAGER.password);
    await page.getByRole('link', { name: 'Reports' }).first().click();
    await expect(page).toHaveURL(/\/reports$/);
    await hydrated(page);
    await page.getByRole('combobox', { name: 'Range', exact: true }).selectOption('last_month');
    await page.getByRole('combobox', { name: 'Client', exact: true }).selectOption({ label: 'Umbrella' });
    await page.getByRole('combobox', { name: 'Group by', exact: true }).selectOption('project');
    await page.getByRole('combobox', { name: 'then by', exact: true }).selectOption('person');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page).toHaveURL(/preset=last_month.*client=\d+.*group=project.*then=person/);
    await expect(page.getByTestId('report-time')).toHaveText('4:15');
    const table = await groupRows(page);
    expect(table).toEqual([
      ['', 'Time', 'Billable time', 'Amount'],
      ['Field', '1:30', '0:00', '0.00 EUR'],
      ['admin', '1:30', '0:00', '0.00 EUR'],
      ['Lab', '2:45', '2:45', '275.00 EUR'],
      ['admin', '2:00', '2:00', '200.00 EUR'],
      ['rep-staff', '0:45', '0:45', '75.00 EUR'],
      ['Total', '4:15', '2:45', '275.00 EUR'],
    ]);
    await expect(page.locator('svg.chart.columns rect.column')).toHaveCount(await page.locator('svg.chart.columns g').count());
    await shoot(page, testInfo, 'reports');

    // The URL is the report: opened again in a fresh page, it shows the same table.
    const url = page.url();
    const again = await browser.newPage({ storageState: await page.context().storageState() });
    await again.goto(url);
    await hydrated(again);
    expect(await groupRows(again)).toEqual(table);
    await again.close();

    // CSV: a byte-order mark, the three entries and their totals.
    const csv = await page.request.get((await page.getByTestId('report-csv').getAttribute('href'))!);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const text = await csv.text();
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n').map((l) => l.split(','));
    expect(lines[0].slice(0, 5)).toEqual(['Date', 'Start', 'End', 'Duration', 'Hours']);
    const rows = lines.slice(1, -1);
    expect(rows.map((r) => r[7]).sort()).toEqual(['Field', 'Lab', 'Lab']);
    expect(rows.reduce((a, r) => a + minutes(r[3]), 0)).toBe(255);
    expect(rows.reduce((a, r) => a + Number(r[13]) * 100, 0)).toBe(27500);
    expect(lines[lines.length - 1].slice(0, 5)).toEqual(['Total', '', '', '4:15', '4.25']);
    expect(lines[lines.length - 1][13]).toBe('275.00');

    // XLSX: real dates and numbers; the same entries and totals.
    const xlsx = await page.request.get((await page.getByTestId('report-xlsx').getAttribute('href'))!);
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
    const book = XLSX.read(await xlsx.body(), { type: 'buffer' });
    const sheet = XLSX.utils.sheet_to_json<any[]>(book.Sheets[book.SheetNames[0]], { header: 1, raw: true });
    expect(sheet.length).toBe(lines.length);
    const cells = sheet.slice(1, -1);
    expect(cells.every((r) => typeof r[0] === 'number' && typeof r[3] === 'number')).toBe(true);
    expect(Math.round(cells.reduce((a, r) => a + r[3], 0) * 1440)).toBe(255);
    const total = sheet[sheet.length - 1];
    expect([total[0], Math.round(total[3] * 1440), total[13]]).toEqual(['Total', 255, 275]);

    // PDF: the account, the range's filter and the totals in a printable file.
    const pdf = await page.request.get((await page.getByTestId('report-pdf').getAttribute('href'))!);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const body = (await pdf.body()).toString('latin1');
    expect(body.startsWith('%PDF-1.4')).toBe(true);
    expect(body.trimEnd().endsWith('%%EOF')).toBe(true);
    for (const want of ['(client: Umbrella)', '(Lab)', '(Field)', '(4:15)', '(275.00)']) expect(body).toContain(want);
    expect(errors).toEqual([]);
  });

  test('in German: dates on the Time page, money in the report, semicolons and decimal commas in the CSV', async ({ page }) => {
    const errors = watchErrors(page);
    await signIn(page, MANAGER.username, MANAGER.password);
    await page.getByRole('link', { name: 'Deutsch' }).click();
    await page.goto('/time');
    await hydrated(page);
    await expect(page.locator('h1')).toHaveText(/^Woche vom \d\d\.\d\d\.\d{4}$/);
    await expect(page.locator('section.day h2, section.day header').first()).toContainText(/\d\d\.\d\d\.\d{4}/);
    // Months by name, days as dd.mm.yyyy on the timesheet and the absence calendar's list.
    const MONATE = ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'];
    await page.goto('/reports/timesheet');
    await hydrated(page);
    await expect(page.locator('h1')).toHaveText(new RegExp(`(${MONATE.join('|')}) \\d{4}$`));
    await expect(page.locator('main tr[data-day] td').first()).toHaveText(/^\d\d\.\d\d\.\d{4}/);
    await page.goto('/absences');
    await hydrated(page);
    await expect(page.locator('h1#absence-month')).toHaveText(new RegExp(`(${MONATE.join('|')}) \\d{4}$`));
    await page.goto('/reports?preset=last_month&group=client');
    await hydrated(page);
    await expect(page.getByTestId('report-amount')).toHaveText(/^\d{1,3}(\.\d{3})*,\d\d €$/);
    await expect(page.locator('tr.group[data-group="Umbrella"] td[data-col="amount"]')).toHaveText('275,00 €');
    const href = (await page.getByTestId('report-csv').getAttribute('href'))!;
    const csv = await (await page.request.get(href)).text();
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trim().split('\r\n').map((l) => l.split(';'));
    expect(lines[0].slice(0, 5)).toEqual(['Datum', 'Beginn', 'Ende', 'Dauer', 'Stunden']);
    expect(lines[1][0]).toMatch(/^\d\d\.\d\d\.\d{4}$/);
    const total = lines[lines.length - 1];
    expect(total[0]).toBe('Summe');
    expect(total[4]).toMatch(/^\d+,\d\d$/);
    expect(total[13]).toMatch(/^\d+,\d\d$/);
    await page.getByRole('link', { name: 'English' }).click();
    await expect(page.getByRole('link', { name: 'Deutsch' })).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('staff report on their own time only', async ({ page }) => {
    const errors = watchErrors(page);
    await signIn(page, STAFF.username, STAFF.password);
    await page.goto('/reports?preset=last_month&group=person');
    await hydrated(page);
    await expect(page.getByTestId('report-time')).toHaveText('0:45');
    await expect(page.getByRole('combobox', { name: 'Person', exact: true })).toHaveCount(0);
    const table = await groupRows(page);
    expect(table.slice(1).map((r) => r[0])).toEqual(['rep-staff', 'Total']);
    // Asking for someone else's time is refused, in the page and the download.
    await page.goto('/reports?preset=last_month&user=1');
    await expect(page.getByRole('alert')).toBeVisible();
    expect((await page.request.get('/reports.csv?preset=last_month&user=1')).status()).toBe(403);
    expect(errors.filter((e) => !/403|Forbidden/.test(e))).toEqual([]);
  });
});
