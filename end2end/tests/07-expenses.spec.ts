import { test, expect, Page } from '@playwright/test';
import { ADMIN, hydrated, shoot, signIn, watchErrors } from './helpers';

// Globex / Relaunch and stella (staff) come from 06-admin; other specs book expenses on other
// projects, so the admin's list is filtered to this one.
async function addExpense(page: Page, amount: string, category: string) {
  const form = page.getByTestId('expense-form');
  await form.getByLabel('Project').selectOption({ label: 'Globex / Relaunch' });
  await form.getByLabel('Amount').fill(amount);
  await form.getByLabel('Category').fill(category);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('tr[data-expense]', { hasText: category })).toBeVisible();
}

test.describe.serial('expenses', () => {
  test('add, edit and delete expenses; the month total follows', async ({ page }, testInfo) => {
    const errors = watchErrors(page);
    await signIn(page, ADMIN.username, ADMIN.password);
    await page.locator('nav.nav').getByRole('link', { name: 'Expenses' }).click();
    await expect(page).toHaveURL(/\/expenses$/);
    await hydrated(page);
    await expect(page.locator('h1')).toContainText('Expenses');
    await page.locator('form.filters').getByLabel('Project').selectOption({ label: 'Globex / Relaunch' });
    await page.locator('form.filters').getByRole('button', { name: 'Show' }).click();
    await expect(page).toHaveURL(/project=\d+/);
    await page.waitForLoadState('load');
    await hydrated(page);
    const total = page.getByTestId('expense-totals');
    await expect(total).toContainText('0.00 EUR');
    await expect(page.getByTestId('expense-form').getByLabel('Currency')).toHaveValue('EUR');

    // A bad amount is refused next to the field, nothing is saved.
    const form = page.getByTestId('expense-form');
    await form.getByLabel('Project').selectOption({ label: 'Globex / Relaunch' });
    await form.getByLabel('Amount').fill('12.345');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form.locator('.field-error')).toHaveText('Enter an amount like 85.50.');
    await expect(page.locator('tr[data-expense]')).toHaveCount(0);

    await addExpense(page, '12.50', 'Travel');
    await addExpense(page, '7,25', 'Hotel');
    await expect(total).toContainText('19.75 EUR');

    await page.locator('tr[data-expense]', { hasText: 'Travel' }).getByRole('link', { name: 'Edit' }).click();
    await expect(page).toHaveURL(/edit=\d+/);
    const edit = page.getByTestId('expense-form');
    await expect(edit.getByLabel('Amount')).toHaveValue('12.50');
    await edit.getByLabel('Amount').fill('20');
    await edit.getByLabel('Notes').fill('Train to Berlin');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(page).not.toHaveURL(/edit=/);
    await expect(page).toHaveURL(/project=\d+/);
    const travel = page.locator('tr[data-expense]', { hasText: 'Travel' });
    await expect(travel.getByTestId('expense-amount')).toHaveText('20.00 EUR');
    await expect(travel).toContainText('Train to Berlin');
    await expect(total).toContainText('27.25 EUR');
    await shoot(page, testInfo, 'expenses');

    await page.locator('tr[data-expense]', { hasText: 'Hotel' }).getByRole('button', { name: 'Delete' }).click();
    await expect(page.locator('tr[data-expense]', { hasText: 'Hotel' })).toHaveCount(0);
    await expect(total).toContainText('20.00 EUR');

    // The expense shows in the project's totals on its dashboard.
    const projectId = new URL(page.url()).searchParams.get('project');
    await page.goto(`/projects/${projectId}`);
    await hydrated(page);
    await expect(page.getByTestId('sum-expenses')).toHaveText('20.00 EUR');

    // In German: money, the date and the form's amount as German writes them.
    await page.getByRole('link', { name: 'Deutsch' }).click();
    await expect(page.getByTestId('sum-expenses')).toHaveText('20,00 €');
    await page.goto(`/expenses?project=${projectId}`);
    await hydrated(page);
    const reise = page.locator('tr[data-expense]', { hasText: 'Travel' });
    await expect(reise.getByTestId('expense-amount')).toHaveText('20,00 €');
    await expect(reise.locator('td').first()).toHaveText(/^\d\d\.\d\d\.\d{4}$/);
    await expect(page.getByTestId('expense-totals')).toContainText('20,00 €');
    await reise.getByRole('link', { name: 'Bearbeiten' }).click();
    await expect(page.getByTestId('expense-form').getByLabel('Betrag')).toHaveValue('20,00');
    await page.getByRole('link', { name: 'English' }).click();
    await expect(page.getByRole('link', { name: 'Deutsch' })).toBeVisible();

    // Another month holds none of them.
    await page.goto('/expenses?month=2020-01');
    await hydrated(page);
    await expect(page.locator('tr[data-expense]')).toHaveCount(0);
    await expect(page.getByTestId('expense-totals')).toContainText('0.00 EUR');
    expect(errors).toEqual([]);
  });

  test('staff see only their own expenses and no person filter', async ({ page }, testInfo) => {
    const errors = watchErrors(page);
    await signIn(page, 'stella', 'stella-pass-1');
    await page.goto('/expenses');
    await hydrated(page);
    await expect(page.locator('tr[data-expense]')).toHaveCount(0);
    await expect(page.getByLabel('Person')).toHaveCount(0);
    await addExpense(page, '3.20', 'Parking');
    await expect(page.getByTestId('expense-totals')).toContainText('3.20 EUR');
    await shoot(page, testInfo, 'expenses-staff');
    expect(errors).toEqual([]);
  });
});
