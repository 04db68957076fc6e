import { test, expect } from '@playwright/test';
import { ADMIN, hydrated, shoot, signIn, watchErrors } from './helpers';

// mia (staff) was created by 02-time. December 2026: Mon 21 – Tue 29 spans a weekend.
const STAFF = { username: 'mia', password: 'mia-pass-123' };

test.describe.serial('absences', () => {
  test('staff request days across a weekend; the count skips it', async ({ page }, testInfo) => {
    const errors = watchErrors(page);
    await signIn(page, STAFF.username, STAFF.password);
    await page.goto('/absences?month=2026-12');
    await hydrated(page);
    await expect(page.locator('.month-day[data-date="2026-12-26"]')).toHaveClass(/off/);
    await page.locator('.month-day[data-date="2026-12-21"]').click();
    await page.locator('.month-day[data-date="2026-12-29"]').click();
    const form = page.locator('form.absence-form');
    await expect(form.getByLabel('From')).toHaveValue('2026-12-21');
    await expect(form.getByLabel('To', { exact: true })).toHaveValue('2026-12-29');
    await form.getByLabel('Type').selectOption('Paid Leave');
    await form.getByRole('button', { name: 'Send request' }).click();
    const row = page.locator('tr[data-absence]', { hasText: '2026-12-21' });
    await expect(row.getByTestId('absence-status')).toHaveText('pending');
    const expected = await page.evaluate(() => {
      // Weekdays from 21 to 29 December minus the account's holidays shown in the grid.
      let n = 0;
      document.querySelectorAll('.month-day').forEach((el) => {
        const d = (el as HTMLElement).dataset.date!;
        if (d >= '2026-12-21' && d <= '2026-12-29' && !el.classList.contains('off') && !el.classList.contains('holiday')) n++;
      });
      return n;
    });
    expect(expected).toBeLessThanOrEqual(7);
    await expect(row.getByTestId('absence-days')).toHaveText(String(expected));
    await expect(page.getByTestId('leave-pending')).toHaveText(String(expected));
    await expect(page.locator('.month-day[data-date="2026-12-22"] .chip')).toHaveAttribute('data-status', 'pending');
    await shoot(page, testInfo, 'absences-calendar');
    expect(errors).toEqual([]);
  });

  test('a manager approves it in the team view; it is in the feed', async ({ page, browser }, testInfo) => {
    const errors = watchErrors(page);
    await signIn(page, ADMIN.username, ADMIN.password);
    await page.goto('/absences/team?month=2026-12');
    await hydrated(page);
    const request = page.locator('.pending-list li', { hasText: 'mia' });
    await expect(request).toContainText('2026-12-21');
    await request.getByRole('button', { name: 'Approve' }).click();
    await expect(page.locator('.pending-list li', { hasText: 'mia' })).toHaveCount(0);
    const cell = page.locator('tr', { hasText: 'Mia Stone' }).locator('td[data-date="2026-12-22"] .cell');
    await expect(cell).toHaveAttribute('data-status', 'approved');
    await shoot(page, testInfo, 'absences-team');
    expect(errors).toEqual([]);

    const staff = await browser.newPage({ baseURL: testInfo.project.use.baseURL });
    await signIn(staff, STAFF.username, STAFF.password);
    await staff.goto('/absences?month=2026-12');
    await hydrated(staff);
    await expect(staff.locator('tr[data-absence]', { hasText: '2026-12-21' }).getByTestId('absence-status')).toHaveText('approved');
    await staff.getByRole('button', { name: 'Create link' }).click();
    const path = (await staff.getByTestId('feed-url').locator('code').textContent())!;
    expect(path).toMatch(/^\/calendar\/[0-9a-f]+\.ics$/);
    const ics = await staff.request.get(path);
    expect(ics.status()).toBe(200);
    expect(ics.headers()['content-type']).toContain('text/calendar');
    const text = await ics.text();
    expect(text).toContain('DTSTART;VALUE=DATE:20261221');
    expect(text).toContain('DTEND;VALUE=DATE:20261230');
    // Revoked: the link stops working.
    await staff.getByRole('button', { name: 'Revoke link' }).click();
    await expect(staff.getByRole('button', { name: 'Create link' })).toBeVisible();
    expect((await staff.request.get(path)).status()).toBe(404);
    await staff.close();
  });
});
