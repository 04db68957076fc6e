import { test, expect } from '@playwright/test';
import { ADMIN, hydrated, shoot, signIn, watchErrors } from './helpers';

test.describe.serial('attendance', () => {
  test('clock in, break, clock out → an attendance from the clock with its break minutes', async ({ page }, testInfo) => {
    // The break has to last a real minute to count one.
    test.setTimeout(150_000);
    const errors = watchErrors(page);
    await signIn(page, ADMIN.username, ADMIN.password);
    await page.goto('/attendance');
    await hydrated(page);
    const state = page.getByTestId('clock-state');
    await expect(state).toHaveText('You are clocked out.');
    const before = await page.locator('tr[data-attendance]').count();
    await page.getByRole('button', { name: 'Clock in' }).click();
    await expect(state).toContainText('Clocked in since');
    await page.getByRole('button', { name: 'Start break' }).click();
    await expect(state).toContainText('On a break since');
    await shoot(page, testInfo, 'attendance-break');
    await page.waitForTimeout(62_000);
    await page.getByRole('button', { name: 'End break' }).click();
    await expect(state).toContainText('Clocked in since');
    await page.getByRole('button', { name: 'Clock out' }).click();
    await expect(state).toHaveText('You are clocked out.');
    await expect(page.locator('tr[data-attendance]')).toHaveCount(before + 1);
    const clocked = page.locator('tr[data-attendance]').first();
    await expect(clocked).toContainText('clock');
    await expect(clocked.getByTestId('row-break')).toHaveText('0:01');
    await expect(page.getByTestId('today-break')).toHaveText('0:01');
    expect(errors).toEqual([]);
  });

  test('a manual attendance that overlaps another shows the error and saves nothing', async ({ page }, testInfo) => {
    const errors = watchErrors(page);
    await signIn(page, ADMIN.username, ADMIN.password);
    await page.goto('/attendance');
    await hydrated(page);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const form = page.locator('form.attendance-form');
    await form.getByLabel('Date').fill(yesterday);
    await form.getByLabel('From').fill('08:00');
    await form.getByLabel('To', { exact: true }).fill('12:00');
    await form.getByLabel('Break (min)').fill('30');
    await form.getByRole('button', { name: 'Save' }).click();
    const row = page.locator('tr[data-attendance]', { hasText: yesterday }).filter({ hasText: '08:00' });
    await expect(row.getByTestId('row-worked')).toHaveText('3:30');
    await expect(row.getByTestId('row-break')).toHaveText('0:30');
    const count = await page.locator('tr[data-attendance]').count();

    await form.getByLabel('Date').fill(yesterday);
    await form.getByLabel('From').fill('11:00');
    await form.getByLabel('To', { exact: true }).fill('13:00');
    await form.getByLabel('Break (min)').fill('0');
    await form.getByRole('button', { name: 'Save' }).click();
    // Shown next to the field it concerns.
    await expect(form.locator('label', { hasText: 'From' }).locator('.field-error')).toContainText('overlaps');
    await expect(page.locator('tr[data-attendance]')).toHaveCount(count);
    await shoot(page, testInfo, 'attendance');
    expect(errors).toEqual([]);
  });

  test('a manual attendance can be edited in place', async ({ page }) => {
    const errors = watchErrors(page);
    await signIn(page, ADMIN.username, ADMIN.password);
    await page.goto('/attendance');
    await hydrated(page);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const row = page.locator('tr[data-attendance]', { hasText: yesterday }).filter({ hasText: '08:00' });
    await row.getByRole('button', { name: 'Edit' }).click();
    const form = page.locator('form.attendance-form');
    await expect(form.getByLabel('To', { exact: true })).toHaveValue('12:00');
    await form.getByLabel('To', { exact: true }).fill('10:30');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(row.getByTestId('row-worked')).toHaveText('2:00');
    await expect(page.getByRole('heading', { name: 'Add an attendance' })).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('in German, the service error is German too', async ({ page, context, baseURL }) => {
    await signIn(page, ADMIN.username, ADMIN.password);
    await context.addCookies([{ name: 'stempel_lang', value: 'de', url: baseURL! }]);
    await page.goto('/attendance');
    await hydrated(page);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const form = page.locator('form.attendance-form');
    await form.getByLabel('Datum').fill(yesterday);
    await form.getByLabel('Von').fill('09:00');
    await form.getByLabel('Bis', { exact: true }).fill('09:30');
    await form.getByRole('button', { name: 'Speichern' }).click();
    await expect(form.locator('.field-error').first()).toContainText('Überschneidet sich mit Anwesenheit');
  });
});
