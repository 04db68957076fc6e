import { test, expect } from '@playwright/test';
import { ADMIN, hydrated, shoot, signIn, watchErrors } from './helpers';

/** A Toggl Track detailed-report CSV (as Toggl writes it: BOM, quoted fields, "a, b" tags)
 *  with today's entries, so they land in this week and in the project's report. */
function togglExport(): string {
  const d = new Date();
  const day = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  const lines = [
    'User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (EUR)',
    `admin,,"Importkunde, GmbH",Import-Projekt,Entwurf,"Imported from Toggl, ""quoted""",Yes,${day},05:00:00,${day},06:15:00,01:15:00,"Design Review, Meeting",106.25`,
    `admin,,"Importkunde, GmbH",Import-Projekt,,Zweiter Eintrag,No,${day},06:15:00,${day},07:00:00,00:45:00,,`,
    `Zoë Import,zoe@example.com,"Importkunde, GmbH",Import-Projekt,,Zoës Eintrag,Yes,${day},04:00:00,${day},06:00:00,02:00:00,Meeting,170.00`,
  ];
  return '\ufeff' + lines.join('\n') + '\n';
}

test('an admin imports a Toggl export through the page and finds its entries in the week and the report', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await signIn(page, ADMIN.username, ADMIN.password);
  await page.goto('/admin');
  await hydrated(page);
  await page.locator('main').getByRole('link', { name: 'Import' }).first().click();
  await expect(page).toHaveURL(/\/admin\/import$/);
  await hydrated(page);
  const file = { name: 'toggl.csv', mimeType: 'text/csv', buffer: Buffer.from(togglExport(), 'utf8') };

  await page.getByTestId('import-file').setInputFiles(file);
  await page.getByTestId('import-preview').click();
  await expect(page.getByTestId('import-format')).toContainText('Toggl Track (detailed report)');
  // Lines / entries to write / already imported / lines with problems.
  await expect(page.getByTestId('import-counts')).toContainText('3 / 3 / 0 / 0');
  await expect(page.getByTestId('import-rows')).toContainText('Imported from Toggl, "quoted"');
  await expect(page.getByTestId('import-rows')).toContainText('#Design-Review #Meeting');
  // "admin" is matched to the administrator; Zoë gets a new user.
  const people = page.getByTestId('import-people');
  await expect(people.locator('select[data-source="zoe@example.com"]')).toHaveValue('new');
  await expect(people.locator('select[data-source="admin"] option:checked')).toContainText('admin');
  await expect(page.getByTestId('import-names')).toContainText('Importkunde, GmbH');
  await shoot(page, testInfo, 'admin-import-preview');

  await page.getByTestId('import-run').click();
  await expect(page.getByTestId('import-done')).toContainText('3 / 0');

  // The same file again: everything is already imported.
  await page.getByTestId('import-file').setInputFiles(file);
  await page.getByTestId('import-preview').click();
  await expect(page.getByTestId('import-counts')).toContainText('3 / 0 / 3 / 0');

  // The week shows the administrator's imported entries like any other.
  await page.goto('/time');
  await hydrated(page);
  const entry = page.locator('.entry', { hasText: 'Imported from Toggl, "quoted"' });
  await expect(entry).toBeVisible();
  await expect(entry.getByTestId('entry-minutes')).toHaveText('1:15');
  await expect(page.locator('.entry', { hasText: 'Zweiter Eintrag' }).getByTestId('entry-minutes')).toHaveText('0:45');

  // The project's report counts all three people's entries: 1:15 + 0:45 + 2:00, 0:45 not billable.
  await page.goto('/projects');
  await hydrated(page);
  await page.getByRole('link', { name: 'Importkunde, GmbH / Import-Projekt' }).click();
  await hydrated(page);
  await expect(page.getByTestId('sum-total')).toHaveText('4:00');
  await expect(page.getByTestId('sum-non-billable')).toHaveText('0:45');
  expect(errors).toEqual([]);
});
