// Every documented setting, tried by starting the production server with it (README,
// "Configuration"): good values serve the site as they say, bad ones stop the start with a
// message that names the variable, before any file is made.
import fs from 'node:fs'
import path from 'node:path'
import { request as playwrightRequest } from '@playwright/test'
import { expect, guardFields, test } from './fixtures.ts'
import { freePort, serving, startServer, stop, tempDir as tmp } from './server.ts'

// Each test starts servers of its own, one after another.
test.describe.configure({ mode: 'serial' })

test('PAGE_CACHE_MB=0, SEED_DEMO=never, RATE_LIMIT=false, PUBLIC_URL, TRUST_PROXY, LOG_LEVEL, WEB_CONCURRENCY and an unreachable MEILI_HOST', async () => {
  const dir = tmp()
  const port = await freePort()
  const databasePath = path.join(dir, 'nested', 'site.db')
  const server = startServer({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_PATH: databasePath,
    SEED_DEMO: 'never',
    PAGE_CACHE_MB: '0',
    RATE_LIMIT: 'false',
    PUBLIC_URL: 'https://help.example.com',
    TRUST_PROXY: 'true',
    LOG_LEVEL: 'warn',
    // Two workers (tests/e2e/workers.spec.ts shows what they share).
    WEB_CONCURRENCY: '2',
    // Nothing listens on the discard port: search must answer from SQLite FTS5.
    MEILI_HOST: 'http://127.0.0.1:9',
    MEILI_MASTER_KEY: 'a-master-key-of-16-chars',
  })
  try {
    await serving(port, server)
    const baseURL = `http://127.0.0.1:${port}`
    const site = await playwrightRequest.newContext({ baseURL })

    // DATABASE_PATH: made where it says, folders included. SEED_DEMO=never: an empty site.
    expect(fs.existsSync(databasePath)).toBe(true)
    const home = await site.get('/')
    expect(home.status()).toBe(200)
    expect(await home.text()).not.toMatch(/href="\/questions\/\d+\//)

    // PAGE_CACHE_MB=0: every page is rendered afresh, none is served from memory.
    for (let i = 0; i < 3; i++) {
      const response = await site.get('/questions')
      expect(response.status()).toBe(200)
      expect(response.headers()['x-cache']).toBeUndefined()
    }

    // PUBLIC_URL: canonical links name the public origin, not the address we came by.
    expect(await home.text()).toContain('href="https://help.example.com/"')

    // RATE_LIMIT=false: a dozen wrong passwords in a row are each just a wrong password.
    for (let i = 0; i < 12; i++) {
      const wrong = await site.post('/login', {
        form: { email: 'nobody@example.test', password: 'not the password' },
        headers: { Origin: baseURL },
        maxRedirects: 0,
      })
      expect(wrong.status()).toBe(403)
    }

    // TRUST_PROXY=true: a request the proxy says came over HTTPS gets a Secure cookie.
    const signedUp = await site.post('/signup', {
      form: {
        handle: 'proxyuser',
        email: 'proxy@example.test',
        password: 'correct horse battery',
        ...(await guardFields(site, '/signup')),
      },
      headers: {
        Origin: 'https://help.example.com',
        'X-Forwarded-Proto': 'https',
        'X-Forwarded-Host': 'help.example.com',
      },
      maxRedirects: 0,
    })
    expect(signedUp.status()).toBe(302)
    expect(signedUp.headers()['set-cookie']).toMatch(/; Secure/i)

    // An unreachable Meilisearch: search answers from FTS5 and /healthz says so.
    // WEB_CONCURRENCY=2: a cluster's worker answers.
    const health = await (await site.get('/healthz')).json()
    expect(health.search).toMatchObject({ backend: 'sqlite-fts', status: 'degraded' })
    expect(health.process.worker).toEqual(expect.any(Number))
    expect((await site.get('/search?q=router')).status()).toBe(200)

    // LOG_LEVEL=warn: the start-up's info lines stay quiet.
    expect(server.output()).not.toContain('Database ready')
    await site.dispose()
  } finally {
    await stop(server)
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

test('bad values stop the start with a message naming each, before any file is made', async () => {
  const bad = {
    PORT: 'eighty',
    PAGE_CACHE_MB: '-1',
    SEED_DEMO: 'sometimes',
    RATE_LIMIT: 'maybe',
    TRUST_PROXY: 'perhaps',
    PUBLIC_URL: 'help.example.com',
    MEILI_HOST: 'ftp://127.0.0.1:7700',
    MEILI_MASTER_KEY: 'short',
    LOG_LEVEL: 'chatty',
    WEB_CONCURRENCY: 'lots',
  }
  const dir = tmp()
  const databasePath = path.join(dir, 'site.db')
  const server = startServer({ HOST: '127.0.0.1', DATABASE_PATH: databasePath, ...bad })
  try {
    expect(await server.exited).toBe(1)
    for (const [name, value] of Object.entries(bad)) {
      expect(server.output()).toContain(`${name}=${JSON.stringify(value)}`)
    }
    expect(fs.existsSync(databasePath)).toBe(false)
  } finally {
    await stop(server)
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
