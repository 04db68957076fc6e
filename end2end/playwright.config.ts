import { defineConfig } from '@playwright/test';

// scripts/test builds the server and the site, makes a fresh SQLite file and a fresh Postgres
// database, and passes them here; each backend gets its own server and its own project.
const bin = process.env.STEMPEL_BIN ?? '../target/debug/stempel';
const sqliteUrl = process.env.E2E_SQLITE_URL ?? 'sqlite:///tmp/stempel-e2e/e2e.db';
const postgresUrl = process.env.E2E_POSTGRES_URL;

// E2E_PORT_BASE lets a second checkout run its suite beside this one.
const portBase = Number(process.env.E2E_PORT_BASE ?? 3100);
const backends = [{ name: 'sqlite', port: portBase, db: sqliteUrl }];
if (postgresUrl) backends.push({ name: 'postgres', port: portBase + 1, db: postgresUrl });

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
             '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: backends.map((b) => ({
    name: b.name,
    use: { baseURL: `http://127.0.0.1:${b.port}` },
    metadata: { dbUrl: b.db, bin },
  })),
  webServer: backends.map((b) => ({
    command: `${bin} serve`,
    cwd: '..',
    url: `http://127.0.0.1:${b.port}/login`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      ...(process.env as Record<string, string>),
      STEMPEL_ADDR: `127.0.0.1:${b.port}`,
      STEMPEL_DATABASE_URL: b.db,
      STEMPEL_API_RATE_LIMIT: '1000',
      RUST_LOG: 'warn',
    },
  })),
});
