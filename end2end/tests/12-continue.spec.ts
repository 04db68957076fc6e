import { test, expect } from '@playwright/test';
import { ADMIN, hydrated, shoot, signIn, stempel, watchErrors } from './helpers';

// Issue 18, less typing: "Continue" starts the timer on an entry's project, task and details;
// the running timer can be discarded; "Duplicate" fills the form with an entry as a new one.
// The project Acme / Website comes from 02-time.
test('continue an entry, discard the timer, duplicate an entry', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  stempel(testInfo, 'user', 'create', '--account', ADMIN.account, '--username', 'cleo', '--password', 'cleo-pass-123',
    '--role', 'staff', '--first-name', 'Cleo', '--last-name', 'Continue');
  await signIn(page, 'cleo', 'cleo-pass-123');
  await page.goto('/time');
  await hydrated(page);
  const form = page.locator('form.entry-form');
  await form.getByLabel('From').fill('08:00');
  await form.getByLabel('To', { exact: true }).fill('09:00');
  await form.getByLabel('Project').selectOption({ label: 'Acme / Website' });
  await form.getByLabel('Details #tags').fill('Client call #sales');
  await form.getByRole('button', { name: 'Save' }).click();
  const calls = page.locator('.entry', { hasText: 'Client call' });
  await expect(calls).toHaveCount(1);
  await expect(calls.getByTestId('entry-minutes')).toHaveText('1:00');

  // Continue: the timer runs at once on the entry's project with its details.
  const timer = page.getByTestId('timer');
  await calls.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByTestId('timer-elapsed')).toBeVisible();
  await expect(timer.locator('.timer-what')).toHaveText('Acme / Website');
  await expect(timer.locator('.timer-what')).toHaveAttribute('title', 'Client call #sales');
  await shoot(page, testInfo, 'time-continued');
  // Continuing again while it runs is refused with a message; the timer keeps running.
  await calls.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toContainText('already running');
  await expect(page.getByTestId('timer-elapsed')).toBeVisible();

  // Discard: the timer is gone and no entry was made.
  await timer.getByRole('button', { name: 'Discard' }).click();
  await expect(timer.getByRole('button', { name: 'Start' })).toBeVisible();
  await page.reload();
  await hydrated(page);
  await expect(timer.getByRole('button', { name: 'Start' })).toBeVisible();
  await expect(calls).toHaveCount(1);

  // Duplicate: the form holds the entry as a new one; saved at other times, there are two.
  await calls.getByRole('button', { name: 'Duplicate' }).click();
  await expect(form.getByLabel('Details #tags')).toHaveValue('Client call #sales');
  await expect(form.getByLabel('Project').locator('option:checked')).toHaveText('Acme / Website');
  await expect(form.getByLabel('From')).toHaveValue('08:00');
  await form.getByLabel('From').fill('10:00');
  await form.getByLabel('To', { exact: true }).fill('10:45');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(calls).toHaveCount(2);
  await expect(calls.getByTestId('entry-minutes')).toHaveText(['1:00', '0:45']);
  expect(errors).toEqual([]);
});
