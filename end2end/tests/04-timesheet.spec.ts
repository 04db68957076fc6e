import { test, expect } from '@playwright/test';
import * as XLSX from 'xlsx';
import { ADMIN, hydrated, shoot, signIn, watchErrors } from './helpers';

const minutes = (hm: string) => {
  const neg = hm.startsWith('-');
  const [h, m] = hm.replace('-', '').split(':').map(Number);
  return (neg ? -1 : 1) * (h * 60 + m);
};

test('the timesheet totals are the sums of its days, and the CSV and XLSX hold the same numbers', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await signIn(page, ADMIN.username, ADMIN.password);
  await page.goto('/timesheet');
  await hydrated(page);
  await expect(page.locator('h1')).toContainText('Timesheet');
  for (const col of ['attendance', 'project']) {
    const days = await page.locator(`tbody td[data-col="${col}"]`).allTextContents();
    const total = await page.locator(`tfoot th[data-col="${col}"]`).textContent();
    expect(days.length).toBeGreaterThanOrEqual(28);
    expect(days.map(minutes).reduce((a, b) => a + b, 0)).toBe(minutes(total!));
  }
  // Earlier tests logged time and attendance this month (or the last days of the previous one).
  await shoot(page, testInfo, 'timesheet');
  const link = page.getByRole('link', { name: 'Download CSV' });
  const href = await link.getAttribute('href');
  const csv = await page.request.get(href!);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const lines = (await csv.text()).trim().split('\n');
  expect(lines[0]).toBe('date,attendance,breaks,project,billable,non_billable,absences,target,credited,balance');
  const totals = lines[lines.length - 1].split(',');
  expect(totals[0]).toBe('total');
  expect(totals[1]).toBe((await page.locator('tfoot th[data-col="attendance"]').textContent())!.trim());
  expect(totals[3]).toBe((await page.locator('tfoot th[data-col="project"]').textContent())!.trim());

  // The XLSX opens with a spreadsheet library and holds the same numbers, as hours.
  const xhref = await page.getByRole('link', { name: 'Download XLSX' }).getAttribute('href');
  const xlsx = await page.request.get(xhref!);
  expect(xlsx.status()).toBe(200);
  expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
  const book = XLSX.read(await xlsx.body(), { type: 'buffer' });
  const rows = XLSX.utils.sheet_to_json<any[]>(book.Sheets[book.SheetNames[0]], { header: 1 });
  expect(rows.length).toBe(lines.length);
  expect(rows[0]).toEqual(lines[0].split(','));
  const sheetTotals = rows[rows.length - 1];
  expect(sheetTotals[0]).toBe('total');
  for (const col of [1, 2, 3, 7, 9]) {
    expect(Math.round(Number(sheetTotals[col]) * 60), `column ${lines[0].split(',')[col]}`).toBe(minutes(totals[col]));
  }
  for (let i = 1; i < lines.length - 1; i++) {
    const csvDay = lines[i].split(',');
    expect(rows[i][0]).toBe(csvDay[0]);
    expect(Math.round(Number(rows[i][3]) * 60)).toBe(minutes(csvDay[3]));
  }
  expect(errors).toEqual([]);
});
