import { test, expect, Page } from '@playwright/test';
import { ADMIN, hydrated, login, shoot, signIn, watchErrors } from './helpers';

const STAFF = { username: 'stella', password: 'stella-pass-1' };
const MANAGER = { username: 'max', password: 'max-pass-123' };
const LEAVER = { username: 'dora', password: 'dora-pass-12' };
const MONATE = ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'];

async function open(page: Page, path: string) {
  await page.goto(path);
  await hydrated(page);
}

async function createUser(page: Page, u: { username: string; password: string }, role: string, first: string) {
  const form = page.getByTestId('user-form');
  await form.getByLabel('Username').fill(u.username);
  await form.getByLabel('First name').fill(first);
  await form.getByLabel('Role').selectOption({ label: role });
  await form.getByLabel('Password', { exact: true }).fill(u.password);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator(`tr[data-name="${u.username}"]`)).toBeVisible();
}

test.describe.serial('administration', () => {
  test('admin creates client → project → task list and task, then logs time on it', async ({ page }, testInfo) => {
    const errors = watchErrors(page);
    await signIn(page, ADMIN.username, ADMIN.password);
    await page.locator('nav.nav').getByRole('link', { name: 'Administration' }).click();
    await expect(page).toHaveURL(/\/admin$/);
    await hydrated(page);
    await expect(page.locator('h1')).toHaveText('Administration');
    await shoot(page, testInfo, 'admin');

    // Clients: a bad hour rate and then a taken name are refused next to the field.
    await page.locator('main').getByRole('link', { name: 'Clients' }).first().click();
    await expect(page).toHaveURL(/\/admin\/clients$/);
    await hydrated(page);
    const cf = page.getByTestId('client-form');
    await cf.getByLabel('Name', { exact: true }).fill('Globex');
    await cf.getByLabel('Email').fill('billing@globex.example');
    await cf.getByLabel('Hour rate').fill('abc');
    await cf.getByRole('button', { name: 'Save' }).click();
    await expect(cf.locator('.field-error')).toHaveText('Enter an amount like 85.50.');
    await expect(page.locator('tr[data-name="Globex"]')).toHaveCount(0);
    await cf.getByLabel('Hour rate').fill('95');
    await cf.getByRole('button', { name: 'Save' }).click();
    const client = page.locator('tr[data-name="Globex"]');
    await expect(client).toContainText('95.00');
    await page.getByTestId('client-form').getByLabel('Name', { exact: true }).fill('Globex');
    await page.getByTestId('client-form').getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('client-form').locator('.field-error')).toHaveText('a client with this name exists already.');
    // Edit: the address is added.
    await client.getByRole('link', { name: 'Edit' }).click();
    await expect(page).toHaveURL(/edit=\d+/);
    await expect(page.getByTestId('client-form').getByLabel('Name', { exact: true })).toHaveValue('Globex');
    await page.getByTestId('client-form').getByLabel('Address').fill('1 Main Street');
    await page.getByTestId('client-form').getByRole('button', { name: 'Save' }).click();
    await expect(page).toHaveURL(/\/admin\/clients$/);
    await expect(page.getByTestId('client-form').getByLabel('Name', { exact: true })).toHaveValue('');
    await shoot(page, testInfo, 'admin-clients');

    // Projects
    await page.locator('nav.subnav').getByRole('link', { name: 'Projects' }).click();
    await expect(page).toHaveURL(/\/admin\/projects$/);
    await hydrated(page);
    const pf = page.getByTestId('project-form');
    await pf.getByLabel('Client').selectOption({ label: 'Globex' });
    await pf.getByLabel('Name', { exact: true }).fill('Relaunch');
    await pf.getByLabel('Budget (hours)').fill('40');
    await pf.getByLabel('Budget (amount)').fill('5000');
    await pf.getByRole('button', { name: 'Save' }).click();
    const project = page.locator('tr[data-name="Relaunch"]');
    await expect(project).toContainText('Globex / Relaunch');
    await expect(project).toContainText('40:00');
    await expect(project).toContainText('5000.00');
    await shoot(page, testInfo, 'admin-projects');

    // Task list and task of the project
    await project.getByRole('link', { name: 'Tasks' }).click();
    await expect(page).toHaveURL(/\/admin\/tasks\?project=\d+$/);
    await hydrated(page);
    await page.getByLabel('New task list').fill('Build');
    await page.getByRole('button', { name: 'Add list' }).click();
    await expect(page.getByTestId('task-lists')).toContainText('Build');
    const tf = page.getByTestId('task-form');
    await tf.getByLabel('Name', { exact: true }).fill('Frontend');
    await tf.getByLabel('Task list').selectOption({ label: 'Build' });
    await tf.getByLabel('Estimate (h:mm)').fill('4:30');
    await tf.getByRole('button', { name: 'Save' }).click();
    const task = page.locator('tr[data-name="Frontend"]');
    await expect(task).toContainText('Build');
    await expect(task).toContainText('4:30');
    await shoot(page, testInfo, 'admin-tasks');

    // Time on the new task through the Time page's form.
    await open(page, '/time');
    const form = page.locator('form.entry-form');
    await form.getByLabel('From').fill('15:00');
    await form.getByLabel('To', { exact: true }).fill('16:15');
    await form.getByLabel('Project').selectOption({ label: 'Globex / Relaunch' });
    await form.getByLabel('Task').selectOption({ label: 'Frontend' });
    await form.getByLabel('Details #tags').fill('Admin-made task');
    await form.getByRole('button', { name: 'Save' }).click();
    const entry = page.locator('.entry', { hasText: 'Admin-made task' });
    await expect(entry).toContainText('Globex / Relaunch');
    await expect(entry).toContainText('Frontend');
    await expect(entry.getByTestId('entry-minutes')).toHaveText('1:15');
    expect(errors).toEqual([]);
  });

  test('admin creates users, deactivates one; absence types, holidays, account settings', async ({ page }, testInfo) => {
    const errors = watchErrors(page);
    await signIn(page, ADMIN.username, ADMIN.password);
    await open(page, '/admin/users');
    await createUser(page, STAFF, 'Staff', 'Stella');
    await createUser(page, MANAGER, 'Manager', 'Max');
    await createUser(page, LEAVER, 'Staff', 'Dora');
    // A too-short password is refused next to the field.
    const uf = page.getByTestId('user-form');
    await uf.getByLabel('Username').fill('shorty');
    await uf.getByLabel('Password', { exact: true }).fill('short');
    await uf.getByLabel('Password', { exact: true }).evaluate((el: HTMLInputElement) => el.removeAttribute('minlength'));
    await uf.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('user-form').locator('.field-error')).toContainText('at least 8 characters');
    await expect(page.locator('tr[data-name="shorty"]')).toHaveCount(0);
    // Edit Stella: a four-day week of 7:30, given as h:mm and as hours.
    await page.locator('tr[data-name="stella"]').getByRole('link', { name: 'Edit' }).click();
    await expect(page).toHaveURL(/edit=\d+/);
    const edit = page.getByTestId('user-form');
    await expect(edit.getByLabel('First name')).toHaveValue('Stella');
    for (const day of ['Monday', 'Tuesday']) await edit.getByLabel(day).fill('7:30');
    for (const day of ['Wednesday', 'Thursday']) await edit.getByLabel(day).fill('7.5');
    await edit.getByLabel('Friday').fill('0');
    await edit.getByLabel('Paid leave (days/year)').fill('24');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(page).toHaveURL(/\/admin\/users$/);
    await expect(page.locator('tr[data-name="stella"]')).toContainText('30:00');
    await expect(page.locator('tr[data-name="stella"]')).toContainText('24');
    // Deactivate Dora.
    await page.locator('tr[data-name="dora"]').getByRole('link', { name: 'Edit' }).click();
    await page.getByTestId('user-form').getByLabel('Active (may sign in)').uncheck();
    await page.getByTestId('user-form').getByRole('button', { name: 'Save' }).click();
    await expect(page.locator('tr[data-name="dora"]')).toContainText('deactivated');
    await shoot(page, testInfo, 'admin-users');

    await open(page, '/admin/absence-types');
    const af = page.getByTestId('absence-type-form');
    await af.getByLabel('Name', { exact: true }).fill('Training');
    await af.getByLabel('Counts as work time').check();
    await af.getByRole('button', { name: 'Save' }).click();
    await expect(page.locator('tr[data-name="Training"]')).toBeVisible();
    await expect(page.locator('tr[data-name="Paid Leave"]')).toBeVisible();
    await shoot(page, testInfo, 'admin-absence-types');

    await open(page, '/admin/holidays');
    const hf = page.getByTestId('holiday-form');
    await hf.getByLabel('Date').fill('2026-12-25');
    await hf.getByLabel('Name', { exact: true }).fill('Christmas Day');
    await hf.getByRole('button', { name: 'Save' }).click();
    await expect(page.locator('tr[data-name="Christmas Day"]')).toContainText('2026-12-25');
    await hf.getByLabel('Date').fill('2026-12-25');
    await page.getByTestId('holiday-form').getByLabel('Name', { exact: true }).fill('Twice');
    await page.getByTestId('holiday-form').getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('holiday-form').locator('.field-error')).toHaveText('there is a holiday on this date already.');
    await shoot(page, testInfo, 'admin-holidays');

    await open(page, '/admin/account');
    const acc = page.getByTestId('account-form');
    await expect(page.getByTestId('rate-limit')).toContainText('1000');
    await acc.getByLabel('Currency').fill('euro');
    await acc.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('account-form').locator('.field-error')).toContainText('ISO 4217');
    await page.getByTestId('account-form').getByLabel('Currency').fill('EUR');
    await page.getByTestId('account-form').getByLabel('Statutory break rule').selectOption('de');
    await page.getByTestId('account-form').getByRole('button', { name: 'Save' }).click();
    await expect(page.locator('main').getByRole('status')).toHaveText('Saved.');
    await page.reload();
    await hydrated(page);
    await expect(page.getByTestId('account-form').getByLabel('Statutory break rule')).toHaveValue('de');
    await expect(page.getByTestId('account-form').getByLabel('Currency')).toHaveValue('EUR');
    await shoot(page, testInfo, 'admin-account');
    expect(errors).toEqual([]);
  });

  test('staff get the 403 page for administration', async ({ page }, testInfo) => {
    const errors = watchErrors(page);
    await signIn(page, STAFF.username, STAFF.password);
    await expect(page.locator('nav.nav').getByRole('link', { name: 'Administration' })).toHaveCount(0);
    await expect(page.locator('nav.nav').getByRole('link', { name: 'Expenses' })).toBeVisible();
    for (const path of ['/admin', '/admin/clients', '/admin/users', '/admin/account']) {
      const resp = await page.goto(path);
      expect(resp!.status(), path).toBe(403);
      await expect(page.locator('h1')).toHaveText('403 — Not allowed');
      // Each page finishes loading its code before the next navigation cuts the download off
      // (a cut-off chunk was once reported as a failed WebAssembly compile).
      await hydrated(page);
    }
    await hydrated(page);
    await shoot(page, testInfo, 'admin-forbidden');
    expect(errors).toEqual([]);
  });

  test('a manager sees administration read-only', async ({ page }, testInfo) => {
    const errors = watchErrors(page);
    await signIn(page, MANAGER.username, MANAGER.password);
    await page.locator('nav.nav').getByRole('link', { name: 'Administration' }).click();
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByTestId('read-only')).toBeVisible();
    for (const path of ['/admin/clients', '/admin/projects', '/admin/users', '/admin/holidays']) {
      const resp = await page.goto(path);
      expect(resp!.status(), path).toBe(200);
      await hydrated(page);
      await expect(page.getByTestId('read-only')).toBeVisible();
      await expect(page.locator('main form')).toHaveCount(0);
      await expect(page.locator('main').getByRole('button')).toHaveCount(0);
    }
    await open(page, '/admin/clients');
    await expect(page.locator('tr[data-name="Globex"]')).toBeVisible();
    await shoot(page, testInfo, 'admin-clients-manager');
    await open(page, '/admin/account');
    await expect(page.locator('main form')).toHaveCount(0);
    await expect(page.locator('main')).toContainText('Germany: 30 min after 6 h');
    expect(errors).toEqual([]);
  });

  test('administration and expenses speak German', async ({ page }, testInfo) => {
    const errors = watchErrors(page);
    await signIn(page, ADMIN.username, ADMIN.password);
    await page.getByRole('link', { name: 'Deutsch' }).click();
    await expect(page.locator('nav.nav').getByRole('link', { name: 'Verwaltung' })).toBeVisible();
    await expect(page.locator('nav.nav').getByRole('link', { name: 'Ausgaben' })).toBeVisible();
    await open(page, '/admin/projects');
    await expect(page.locator('h1')).toHaveText('Projekte');
    await expect(page.getByTestId('project-form').getByLabel('Budget (Stunden)')).toBeVisible();
    await open(page, '/admin/account');
    await expect(page.getByTestId('account-form').getByLabel('Gesetzliche Pausenregel')).toHaveValue('de');
    await shoot(page, testInfo, 'admin-account-de');
    // Money and dates as German writes them; a field's amount without grouping, so it reads back.
    await open(page, '/admin/projects');
    await expect(page.locator('tr[data-name="Relaunch"]')).toContainText('5.000,00');
    await page.locator('tr[data-name="Relaunch"]').getByRole('link', { name: 'Bearbeiten' }).click();
    await expect(page.getByTestId('project-form').getByLabel('Budget (Betrag)')).toHaveValue('5000,00');
    await open(page, '/admin/clients');
    await expect(page.locator('tr[data-name="Globex"]')).toContainText('95,00');
    await open(page, '/admin/holidays');
    await expect(page.locator('tr[data-name="Christmas Day"]')).toContainText('25.12.2026');
    await open(page, '/expenses');
    await expect(page.locator('h1')).toContainText('Ausgaben');
    await expect(page.locator('h1')).toHaveText(new RegExp(`^Ausgaben (${MONATE.join('|')}) \\d{4}$`));
    await expect(page.getByTestId('expense-totals')).toContainText(/\d,\d\d €/);
    await expect(page.getByTestId('expense-totals')).not.toContainText('EUR');
    await expect(page.getByTestId('expense-totals')).toContainText('Monatssumme');
    await page.getByRole('link', { name: 'English' }).click();
    await expect(page.locator('nav.nav').getByRole('link', { name: 'Expenses' })).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('deleting an admin record asks first; one that others use is refused', async ({ page }) => {
    const errors = watchErrors(page);
    await signIn(page, ADMIN.username, ADMIN.password);
    await open(page, '/admin/clients');
    const globex = page.locator('tr[data-name="Globex"]');
    await globex.getByRole('button', { name: 'Delete' }).click();
    const question = globex.getByRole('group', { name: 'Delete “Globex”?' });
    await expect(question).toContainText('Only a client without projects can be deleted');
    await expect(question.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await question.getByRole('button', { name: 'Cancel' }).click();
    await expect(question).toHaveCount(0);
    await expect(globex).toBeVisible();
    // Escape closes the question as well.
    await globex.getByRole('button', { name: 'Delete' }).click();
    await page.keyboard.press('Escape');
    await expect(question).toHaveCount(0);
    // Confirmed, a client with projects is still refused, and stays.
    await globex.getByRole('button', { name: 'Delete' }).click();
    await question.getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'cannot be deleted' })).toContainText('project(s) and cannot be deleted');
    await open(page, '/admin/clients');
    await expect(globex).toBeVisible();

    // A project without entries goes, with its task, once confirmed.
    await open(page, '/admin/projects');
    const pf = page.getByTestId('project-form');
    await pf.getByLabel('Client').selectOption({ label: 'Globex' });
    await pf.getByLabel('Name', { exact: true }).fill('Scratch');
    await pf.getByRole('button', { name: 'Save' }).click();
    const scratch = page.locator('tr[data-name="Scratch"]');
    await expect(scratch).toBeVisible();
    await scratch.getByRole('button', { name: 'Delete' }).click();
    await expect(scratch.getByRole('group', { name: 'Delete “Scratch”?' })).toContainText('Its tasks go with it.');
    await scratch.getByRole('group').getByRole('button', { name: 'Delete' }).click();
    await expect(scratch).toHaveCount(0);
    await open(page, '/admin/projects');
    await expect(scratch).toHaveCount(0);
    await expect(page.locator('tr[data-name="Relaunch"]')).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('a deactivated user cannot sign in', async ({ page }) => {
    await login(page, LEAVER.username, LEAVER.password);
    await expect(page.getByRole('alert')).toHaveText('Wrong account, username or password.');
    await expect(page).toHaveURL(/\/login$/);
  });
});
