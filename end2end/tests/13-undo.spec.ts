import { test, expect, Page } from '@playwright/test';
import { ADMIN, hydrated, shoot, signIn, stempel, watchErrors } from './helpers';

// Issue 18: every delete in the UI shows "Deleted. Undo" (15 s); Undo brings the record back.
// The project Acme / Website comes from 02-time.

/** Deletes with the row's button, sees the notice, undoes, and finds the row again. */
async function deleteAndUndo(page: Page, row: ReturnType<Page['locator']>, button = 'Delete') {
  await row.getByRole('button', { name: button }).click();
  await expect(row).toHaveCount(0);
  const notice = page.getByTestId('undo');
  await expect(notice).toContainText('Deleted.');
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(notice).toHaveCount(0);
  await expect(row).toHaveCount(1);
  // Still there after a reload: the restore was stored, not only shown.
  await page.reload();
  await hydrated(page);
  await expect(row).toHaveCount(1);
}

const isoDay = (offset: number) => {
  const d = new Date(Date.now() + offset * 86_400_000);
  // A weekday, so an absence counts days.
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

test('undo a delete of an entry, an attendance, an absence and an expense', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  stempel(testInfo, 'user', 'create', '--account', ADMIN.account, '--username', 'uma', '--password', 'uma-pass-123',
    '--role', 'staff', '--first-name', 'Uma', '--last-name', 'Undo');
  await signIn(page, 'uma', 'uma-pass-123');

  // An entry.
  await page.goto('/time');
  await hydrated(page);
  const form = page.locator('form.entry-form');
  await form.getByLabel('From').fill('07:00');
  await form.getByLabel('To', { exact: true }).fill('07:30');
  await form.getByLabel('Project').selectOption({ label: 'Acme / Website' });
  await form.getByLabel('Details #tags').fill('Undo me');
  await form.getByRole('button', { name: 'Save' }).click();
  const entry = page.locator('.entry', { hasText: 'Undo me' });
  await expect(entry).toHaveCount(1);
  await entry.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('undo')).toBeVisible();
  await shoot(page, testInfo, 'undo-notice');
  await page.getByTestId('undo').getByRole('button', { name: 'Undo' }).click();
  await expect(entry).toHaveCount(1);
  await expect(page.getByTestId('week-total')).toHaveText('0:30');
  await deleteAndUndo(page, entry);

  // An attendance.
  await page.goto('/attendance');
  await hydrated(page);
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const att = page.locator('form.attendance-form');
  await att.getByLabel('Date').fill(yesterday);
  await att.getByLabel('From').fill('06:00');
  await att.getByLabel('To', { exact: true }).fill('06:45');
  await att.getByRole('button', { name: 'Save' }).click();
  const attRow = page.locator('tr[data-attendance]', { hasText: '06:00' });
  await expect(attRow).toHaveCount(1);
  await deleteAndUndo(page, attRow);

  // An absence request (pending, so staff may withdraw it).
  const day = isoDay(40);
  await page.goto(`/absences?month=${day.slice(0, 7)}`);
  await hydrated(page);
  const abs = page.locator('form.absence-form');
  await abs.getByLabel('From').fill(day);
  await abs.getByLabel('To', { exact: true }).fill(day);
  await abs.getByLabel('Type').selectOption('Paid Leave');
  await abs.getByRole('button', { name: 'Send request' }).click();
  const absRow = page.locator('tr[data-absence]', { hasText: day });
  await expect(absRow.getByTestId('absence-status')).toHaveText('pending');
  await deleteAndUndo(page, absRow);
  await expect(absRow.getByTestId('absence-status')).toHaveText('pending');

  // An expense.
  await page.goto('/expenses');
  await hydrated(page);
  const exp = page.getByTestId('expense-form');
  await exp.getByLabel('Project').selectOption({ label: 'Acme / Website' });
  await exp.getByLabel('Amount').fill('9.90');
  await exp.getByLabel('Category').fill('Undo taxi');
  await exp.getByRole('button', { name: 'Save' }).click();
  const expRow = page.locator('tr[data-expense]', { hasText: 'Undo taxi' });
  await expect(expRow).toHaveCount(1);
  await deleteAndUndo(page, expRow);
  expect(errors).toEqual([]);
});
