import { test, expect } from '@playwright/test';
import { ADMIN, hydrated, shoot, signIn, stempel, watchErrors } from './helpers';

// Issue 18, daily speed: the running timer's start, project and details can be edited; the
// keyboard starts and stops it (s), moves through weeks (← →) and lists its keys behind ?.
// The project Acme / Website comes from 02-time.
test('edit the running timer; the keyboard starts and stops it and turns the weeks', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  stempel(testInfo, 'user', 'create', '--account', ADMIN.account, '--username', 'kira', '--password', 'kira-pass-123',
    '--role', 'staff', '--first-name', 'Kira', '--last-name', 'Keys');
  await signIn(page, 'kira', 'kira-pass-123');
  await page.goto('/time');
  await hydrated(page);
  const timer = page.getByTestId('timer');

  // ? lists the shortcuts; Escape closes the list.
  await page.locator('body').press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help).toContainText('Start or stop the timer');
  await page.locator('body').press('Escape');
  await expect(help).toHaveCount(0);

  // s with nothing chosen puts the cursor in the timer's project; typed in, s starts it.
  await page.locator('body').press('s');
  await expect(timer.getByLabel('Project…')).toBeFocused();
  await timer.getByLabel('Project…').fill('Acme / Website');
  await timer.getByLabel('What are you working on? #tags').fill('Keyboard work');
  await page.locator('h1').click();
  await page.locator('body').press('s');
  await expect(page.getByTestId('timer-elapsed')).toBeVisible();
  await expect(timer.locator('.timer-what')).toHaveAttribute('title', 'Keyboard work');

  // Edit: an hour earlier, new details; the clock shows the hour.
  await timer.getByText('Edit', { exact: true }).click();
  const edit = timer.locator('.timer-edit form');
  const start = edit.getByLabel('Started at');
  const was = await start.inputValue();
  const [d, hm] = was.split('T');
  const earlier = new Date(`${d}T${hm}:00Z`);
  earlier.setUTCMinutes(earlier.getUTCMinutes() - 60);
  await start.fill(earlier.toISOString().slice(0, 16));
  await edit.getByLabel('What are you working on? #tags').fill('Keyboard work, edited #keys');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(timer.locator('.timer-what')).toHaveAttribute('title', 'Keyboard work, edited #keys');
  await expect(page.getByTestId('timer-elapsed')).toHaveText(/^1:0\d:\d\d$/);
  // A start in the future is refused next to the form and changes nothing.
  await timer.getByText('Edit', { exact: true }).click();
  await edit.getByLabel('Started at').fill(`${new Date().getFullYear() + 1}-01-01T08:00`);
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit.getByRole('alert')).toContainText('future');
  await expect(page.getByTestId('timer-elapsed')).toHaveText(/^1:0\d:\d\d$/);
  await shoot(page, testInfo, 'timer-edit');

  // s stops it (the form closed, the cursor out of its fields): the entry has the edited
  // details and the hour.
  await timer.getByText('Edit', { exact: true }).click();
  await expect(edit).toBeHidden();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.locator('body').press('s');
  await expect(timer.getByRole('button', { name: 'Start' })).toBeVisible();
  const entry = page.locator('.entry', { hasText: 'Keyboard work, edited' });
  await expect(entry).toHaveCount(1);
  await expect(entry.getByTestId('entry-minutes')).toHaveText(/^1:0\d$/);

  // → and ← turn the weeks.
  const week = await page.locator('h1').textContent();
  await page.locator('body').press('ArrowRight');
  await expect(page).toHaveURL(/week=\d{4}-\d\d-\d\d/);
  await expect(page.locator('h1')).not.toHaveText(week!);
  await page.locator('body').press('ArrowLeft');
  await expect(page.locator('h1')).toHaveText(week!);
  expect(errors).toEqual([]);
});
