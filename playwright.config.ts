import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { defineConfig, devices } from '@playwright/test'

// One production server for the run, on a free loopback port, with a fresh database.
// Worker processes inherit these variables, so they see the same port and paths.
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

if (!process.env.E2E_PORT) process.env.E2E_PORT = String(await freePort())
if (!process.env.E2E_DIR)
  process.env.E2E_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'peerdesk-e2e-'))
const port = Number(process.env.E2E_PORT)
const baseURL = `http://127.0.0.1:${port}`

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [
    ['list'],
    ['json', { outputFile: 'reports/playwright.json' }], // totals for scripts/test.mjs
    ...(process.env.CI ? [] : [['html', { open: 'never' }] as const]),
  ],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    command: 'node --import tsx server.ts',
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_PATH: path.join(process.env.E2E_DIR, 'peerdesk.db'),
      SEED_DEMO: 'auto',
      NODE_ENV: 'production',
      // One process: the tests count on one page cache and one set of rate-limit counters
      // (workers.spec.ts starts a cluster of its own).
      WEB_CONCURRENCY: '1',
      // Each browser context sends its own X-Forwarded-For (tests/e2e/fixtures.ts clientHeaders):
      // per-IP limits count each simulated person apart, as behind a production proxy.
      TRUST_PROXY: 'true',
      // The tests fill forms faster than a person: only the honeypot guards them here (the
      // minimum fill time has its Vitest tests, tests/integration/post-limits.test.ts).
      FORM_MIN_FILL_SECONDS: '0',
    },
  },
})
