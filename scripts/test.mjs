// `npm test`: type-check, lint, unit + integration tests, production build, end-to-end tests.
// Stops at the first failing step and exits non-zero.
import { spawnSync } from 'node:child_process'

const steps = [
  ['Type-check', 'npx', ['tsc', '--noEmit']],
  ['Lint', 'npx', ['eslint', '.', '--max-warnings', '0']],
  ['Unit and integration tests', 'npx', ['vitest', 'run']],
  ['Chromium for end-to-end tests', 'bash', ['scripts/ensure-chromium.sh']],
  ['Production build', 'npx', ['remix', 'vite:build']],
  ['End-to-end tests', 'npx', ['playwright', 'test']],
]

for (const [name, command, args] of steps) {
  console.log(`\n▶ ${name}`)
  const started = Date.now()
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env })
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  if (result.status !== 0) {
    console.error(`\n✖ ${name} failed (${seconds} s).`)
    process.exit(result.status ?? 1)
  }
  console.log(`✔ ${name} (${seconds} s)`)
}
