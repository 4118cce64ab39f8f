// The managed Meilisearch: started by the app beside its database when no MEILI_HOST is set,
// with a generated key kept private, a verified binary, restarted when it dies, attached to (not
// started twice) by a second process on the same data, and stopped on shutdown.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  drainOutboxOnce,
  searchHealth,
  searchThreads,
  startSearch,
  stopSearch,
} from '#search/index.server.ts'
import {
  isHealthy,
  loadOrCreateMasterKey,
  meiliPaths,
  MeiliSidecar,
  packageBinaryPath,
  resolveMeiliSetup,
  verifyBinary,
} from '#search/sidecar.server.ts'
import { editQuestion } from '#app/models/questions.server.ts'
import { makeQuestion, makeUser } from '#tests/fixtures/factories.ts'

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'peerdesk-sidecar-'))
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }))

const waitFor = async (check: () => Promise<boolean> | boolean, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('the Meilisearch binary', () => {
  it('refuses a file whose SHA-256 is not the pinned one, saying what to do', async () => {
    const fake = path.join(scratch, 'meilisearch')
    fs.writeFileSync(fake, '#!/bin/sh\necho not meilisearch\n')
    await expect(verifyBinary(fake)).rejects.toThrow(/Refusing to run .*SHA-256.*MEILI_BIN/)
    await expect(verifyBinary(packageBinaryPath()!)).resolves.toBeUndefined()
  })

  it('runs a MEILI_BIN binary unchecked, uses MEILI_HOST without starting anything', async () => {
    const fake = path.join(scratch, 'meilisearch')
    const named = await resolveMeiliSetup({
      MEILI_BIN: fake,
      DATABASE_PATH: process.env.DATABASE_PATH,
    })
    expect(named.kind).toBe('managed')
    const external = await resolveMeiliSetup({
      MEILI_HOST: 'http://127.0.0.1:7700',
      MEILI_MASTER_KEY: 'a-key-of-sixteen-chars',
    })
    expect(external).toEqual({
      kind: 'external',
      host: 'http://127.0.0.1:7700',
      apiKey: 'a-key-of-sixteen-chars',
    })
    const missing = await resolveMeiliSetup({ MEILI_BIN: path.join(scratch, 'nope') })
    expect(missing).toMatchObject({ kind: 'none' })
  })

  it('generates the master key once, readable by its owner only', () => {
    const file = path.join(scratch, 'keys', 'meili-master-key')
    const key = loadOrCreateMasterKey(file)
    expect(key).toMatch(/^[0-9a-f]{64}$/)
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    expect(loadOrCreateMasterKey(file)).toBe(key)
  })
})

describe('MEILI_DATA_DIR', () => {
  it('moves the managed data dir, its key beside it; unset, both stay beside the database', async () => {
    const moved = path.join(scratch, 'elsewhere', 'search')
    expect(meiliPaths(path.join(scratch, 'db', 'peerdesk.db'), moved)).toMatchObject({
      dbPath: moved,
      keyFile: path.join(scratch, 'elsewhere', 'search-master-key'),
      stateFile: path.join(moved, 'peerdesk-sidecar.json'),
    })
    const setup = await resolveMeiliSetup({
      DATABASE_PATH: path.join(scratch, 'db', 'peerdesk.db'),
      MEILI_DATA_DIR: moved,
    })
    expect(setup.kind).toBe('managed')
    expect(fs.existsSync(path.join(scratch, 'elsewhere', 'search-master-key'))).toBe(true)
    expect(fs.existsSync(path.join(scratch, 'db', 'meili-master-key'))).toBe(false)
  })
})

describe('the managed sidecar', () => {
  it('starts beside the database, restarts when killed, is shared with a second process and stops', async () => {
    const dir = path.join(scratch, 'data')
    const paths = meiliPaths(path.join(dir, 'peerdesk.db'))
    expect(paths).toMatchObject({
      dbPath: path.join(dir, 'meili'),
      keyFile: path.join(dir, 'meili-master-key'),
    })
    const options = {
      binary: packageBinaryPath()!,
      verify: true,
      dbPath: paths.dbPath,
      masterKey: loadOrCreateMasterKey(paths.keyFile),
      stateFile: paths.stateFile,
      extraArgs: ['--max-indexing-threads', '1'],
      log: () => {},
    }
    const sidecar = new MeiliSidecar(options)
    await sidecar.start()
    try {
      const host = sidecar.host
      expect(host).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(await isHealthy(host)).toBe(true)
      // Production mode: the key is required.
      expect((await fetch(`${host}/indexes`)).status).toBe(401)
      const authorised = await fetch(`${host}/indexes`, {
        headers: { Authorization: `Bearer ${sidecar.masterKey}` },
      })
      expect(authorised.status).toBe(200)

      // A second process on the same data attaches instead of starting another Meilisearch.
      // (Simulated here: the state file names another live owner, this test's parent.)
      const state = JSON.parse(fs.readFileSync(paths.stateFile, 'utf8')) as { pid: number }
      fs.writeFileSync(paths.stateFile, JSON.stringify({ ...state, ownerPid: process.ppid }))
      const second = new MeiliSidecar(options)
      await second.start()
      expect(second.pid).toBe(sidecar.pid)
      expect(second.host).toBe(host)
      await second.stop() // not its process: left running
      expect(await isHealthy(host)).toBe(true)

      // It dies: it comes back on the same port by itself.
      const first = sidecar.pid!
      process.kill(first, 'SIGKILL')
      await waitFor(
        async () => sidecar.pid !== null && sidecar.pid !== first && (await isHealthy(host)),
      )
      expect(sidecar.host).toBe(host)
    } finally {
      await sidecar.stop()
    }
    expect(sidecar.running).toBe(false)
    expect(fs.existsSync(paths.stateFile)).toBe(false)
  })

  it('runs with the app: no MEILI_HOST starts it, the worker indexes an edit within about a second', async () => {
    const env = { DATABASE_PATH: process.env.DATABASE_PATH }
    await startSearch({ env, log: () => {} })
    try {
      const health = await searchHealth()
      expect(health).toMatchObject({ backend: 'meilisearch', status: 'ok' })
      const keyFile = meiliPaths(process.env.DATABASE_PATH).keyFile
      expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600)

      const asker = makeUser()
      const question = makeQuestion(asker, {
        title: 'Thermostat humidity reading is stuck',
        body: 'The bilbyhumidity value on the thermostat has read 45 percent for a week.',
        tags: ['thermostat'],
      })
      const visible = (word: string) => async () => {
        const result = await searchThreads({ q: word, status: 'all' })
        return result.backend === 'meilisearch' && result.hits[0]?.id === question.id
      }
      // A fresh Meilisearch's first indexing tasks can take a couple of seconds.
      await waitFor(visible('bilbyhumidity'), 10_000)

      editQuestion(asker, question.id, {
        title: 'Thermostat humidity reading is stuck at 45',
        body: 'The bilbyhumidity value on the thermostat has read 45 percent since the bandicootupdate.',
        tags: ['thermostat'],
      })
      const edited = Date.now()
      await waitFor(visible('bandicootupdate'), 10_000)
      expect(Date.now() - edited).toBeLessThan(2000)
      // The worker runs; drainOutboxOnce waits its turn and finds nothing left.
      expect((await drainOutboxOnce()).rows).toBe(0)
    } finally {
      await stopSearch()
    }
    expect((await searchHealth()).backend).toBe('sqlite-fts')
  })
})
