// Production servers of a test's own (settings.spec.ts, workers.spec.ts): server.ts started on
// a free loopback port with only the environment the test gives it.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { expect } from './fixtures.ts'

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

export interface Started {
  child: ChildProcess
  output: () => string
  exited: Promise<number | null>
}

/** One process unless the test says otherwise: WEB_CONCURRENCY=1 (the default is every core). */
export function startServer(env: Record<string, string>): Started {
  // Only what the server needs from this process: never the test run's own database path, and
  // no NODE_ENV, as `npm start` leaves it (server.ts makes it production; Remix's typings of
  // process.env say it is always there).
  const serverEnv: Partial<NodeJS.ProcessEnv> = {
    PATH: process.env.PATH ?? '',
    HOME: os.tmpdir(),
    WEB_CONCURRENCY: '1',
    FORM_MIN_FILL_SECONDS: '0', // as the shared e2e server (playwright.config.ts)
    ...env,
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    env: serverEnv as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk) => (output += chunk))
  child.stderr?.on('data', (chunk) => (output += chunk))
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
  return { child, output: () => output, exited }
}

export async function stop(server: Started) {
  if (server.child.exitCode == null) server.child.kill('SIGTERM')
  return server.exited
}

/** Resolves once /healthz answers at all; fails at once if the server exits. */
export async function serving(port: number, server: Started) {
  await expect
    .poll(
      async () => {
        if (server.child.exitCode != null) throw new Error(`the server exited:\n${server.output()}`)
        try {
          const response = await fetch(`http://127.0.0.1:${port}/healthz`)
          return response.status
        } catch {
          return 0
        }
      },
      { timeout: 60_000 },
    )
    .toBeGreaterThan(0)
}

export const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'peerdesk-server-'))
