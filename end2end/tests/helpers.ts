import { expect, Page, TestInfo } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as fs from 'node:fs';

export const ADMIN = { account: 'demo', username: 'admin', password: 'admin-pass-123' };

/** Runs the stempel CLI against this project's database. */
export function stempel(testInfo: TestInfo, ...args: string[]): string {
  const meta = testInfo.project.metadata as { dbUrl: string; bin: string };
  return execFileSync(path.resolve(__dirname, '..', meta.bin), args, {
    env: { ...process.env, STEMPEL_DATABASE_URL: meta.dbUrl, RUST_LOG: 'warn' },
    encoding: 'utf8',
  });
}

/** Fails the test on any uncaught page error or console error (a broken hydration shows here). */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // A refused form (401/403/422) is expected in some tests; a 5xx never is.
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** Waits until the wasm bundle has hydrated the page. */
export async function hydrated(page: Page) {
  await page.waitForFunction(() => (window as any).__stempel_hydrated === true || document.querySelector('body[data-hydrated]') !== null, null, { timeout: 15_000 });
}

/** Screenshots at desktop and phone width; also checks nothing overflows sideways. */
export async function shoot(page: Page, testInfo: TestInfo, name: string) {
  const dir = path.resolve(__dirname, '..', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  for (const [label, width, height] of [['desktop', 1280, 800], ['phone', 390, 844]] as const) {
    await page.setViewportSize({ width, height });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${name} overflows sideways at ${label} width`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(dir, `${testInfo.project.name}-${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

export async function login(page: Page, username: string, password: string) {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in and waits until the app shows the signed-in user (the sign-in reloads the page). */
export async function signIn(page: Page, username: string, password: string) {
  await login(page, username, password);
  await expect(page.getByTestId('current-user')).toBeVisible();
  await hydrated(page);
}
