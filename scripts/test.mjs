// `npm test`: type-check, lint, unit + integration tests, production build, end-to-end tests.
// Stops at the first failing step and exits non-zero; ends with one line of totals.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'

const VITEST_REPORT = 'reports/vitest.json'
const PLAYWRIGHT_REPORT = 'reports/playwright.json'
fs.mkdirSync('reports', { recursive: true })

const steps = [
  ['Type-check', 'npx', ['tsc', '--noEmit']],
  ['Lint', 'npx', ['eslint', '.', '--max-warnings', '0']],
  [
    'Unit and integration tests',
    'npx',
    [
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${VITEST_REPORT}`,
    ],
  ],
  ['Chromium for end-to-end tests', 'bash', ['scripts/ensure-chromium.sh']],
  ['Production build', 'npx', ['remix', 'vite:build']],
  ['End-to-end tests', 'npx', ['playwright', 'test']],
]

function totals() {
  let passed = 0
  let failed = 0
  let skipped = 0
  if (fs.existsSync(VITEST_REPORT)) {
    const v = JSON.parse(fs.readFileSync(VITEST_REPORT, 'utf8'))
    passed += v.numPassedTests ?? 0
    failed += v.numFailedTests ?? 0
    skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0)
  }
  if (fs.existsSync(PLAYWRIGHT_REPORT)) {
    const p = JSON.parse(fs.readFileSync(PLAYWRIGHT_REPORT, 'utf8')).stats ?? {}
    passed += (p.expected ?? 0) + (p.flaky ?? 0)
    failed += p.unexpected ?? 0
    skipped += p.skipped ?? 0
  }
  return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`
}

for (const report of [VITEST_REPORT, PLAYWRIGHT_REPORT]) fs.rmSync(report, { force: true })
for (const [name, command, args] of steps) {
  console.log(`\n▶ ${name}`)
  const started = Date.now()
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env })
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  if (result.status !== 0) {
    console.error(`\n✖ ${name} failed (${seconds} s).`)
    console.log(`\nTests: ${totals()}`)
    process.exit(result.status ?? 1)
  }
  console.log(`✔ ${name} (${seconds} s)`)
}
console.log(`\nTests: ${totals()}`)
