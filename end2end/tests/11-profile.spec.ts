import { test, expect } from '@playwright/test';
import { ADMIN, hydrated, shoot, signIn, stempel, watchErrors } from './helpers';

// Issue 18, the profile: a staff member changes their own password (an older session of theirs
// is signed out, this one stays), their language (the pages follow it) and time zone.
test.describe.serial('profile', () => {
  test('a staff member changes their password; their older session is signed out', async ({ browser }, testInfo) => {
    stempel(testInfo, 'user', 'create', '--account', ADMIN.account, '--username', 'pia', '--password', 'pia-pass-123',
      '--role', 'staff', '--first-name', 'Pia', '--last-name', 'Profile');
    // The older session, in its own browser context.
    const older = await browser.newContext();
    const olderPage = await older.newPage();
    await signIn(olderPage, 'pia', 'pia-pass-123');

    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, 'pia', 'pia-pass-123');
    await page.getByTestId('current-user').click();
    await expect(page).toHaveURL(/\/profile$/);
    await hydrated(page);
    await expect(page.locator('h1')).toHaveText('Your profile');

    // A wrong current password: refused next to the field, nothing changes.
    const form = page.locator('form', { has: page.getByLabel('Current password') });
    await form.getByLabel('Current password').fill('not-my-password');
    await form.getByLabel('New password', { exact: true }).fill('pia-new-pass-1');
    await form.getByLabel('New password again').fill('pia-new-pass-1');
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect(form.locator('.field-error')).toHaveText('the current password is wrong.');
    await olderPage.reload();
    await expect(olderPage.getByTestId('current-user')).toBeVisible();

    await form.getByLabel('Current password').fill('pia-pass-123');
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect(form.getByRole('status')).toHaveText('Password changed; your other sessions are signed out.');
    await shoot(page, testInfo, 'profile');

    // The older session is gone; this one stays.
    await olderPage.goto('/time');
    await expect(olderPage).toHaveURL(/\/login/);
    await page.goto('/time');
    await expect(page.getByTestId('current-user')).toHaveText('Pia Profile');
    // The new password signs in, the old one no longer does.
    await olderPage.getByLabel('Username').fill('pia');
    await olderPage.getByLabel('Password').fill('pia-pass-123');
    await olderPage.getByRole('button', { name: 'Sign in' }).click();
    await expect(olderPage.getByRole('alert')).toBeVisible();
    await signIn(olderPage, 'pia', 'pia-new-pass-1');
    expect(errors).toEqual([]);
    await older.close();
    await context.close();
  });

  test('language and time zone are stored with the person', async ({ page }) => {
    const errors = watchErrors(page);
    await signIn(page, 'pia', 'pia-new-pass-1');
    await page.goto('/profile');
    await hydrated(page);
    const settings = page.locator('form', { has: page.getByTestId('profile-lang') });
    // An unknown zone is refused, nothing is stored.
    await settings.getByLabel('Time zone').fill('Mars/Olympus');
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect(settings.locator('.field-error')).toHaveText('unknown time zone (e.g. Europe/Berlin).');

    await settings.getByTestId('profile-lang').selectOption('de');
    await settings.getByLabel('Time zone').fill('America/New_York');
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect(page).toHaveURL(/saved=1/);
    await hydrated(page);
    await expect(page.locator('h1')).toHaveText('Dein Profil');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page.locator('nav.nav').getByRole('link', { name: 'Zeiten' })).toBeVisible();
    await expect(page.getByLabel('Zeitzone')).toHaveValue('America/New_York');

    // Another browser of the same person opens in German too: the language is theirs, not the
    // browser's.
    await page.context().clearCookies();
    await signIn(page, 'pia', 'pia-new-pass-1');
    await page.goto('/time');
    await hydrated(page);
    await expect(page.locator('nav.nav').getByRole('link', { name: 'Zeiten' })).toBeVisible();

    // Back to English with the switch; the profile remembers that as well.
    await page.goto('/profile');
    await hydrated(page);
    await page.locator('a.lang').click();
    await expect(page.locator('h1')).toHaveText('Your profile');
    await expect(page.getByTestId('profile-lang')).toHaveValue('en');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    expect(errors).toEqual([]);
  });
});
