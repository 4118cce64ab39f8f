// WEB_CONCURRENCY=2: two worker processes serve one site. A write made on one worker reaches the
// other (its live streams, its page cache), rate limits count across both, and exactly one of
// them drains the search outbox, a role that moves when that worker dies.
//
// node:cluster hands each new TCP connection to the next worker, and a keep-alive connection
// stays with its worker: so a `Pinned` client is one connection, and /healthz on it says which
// worker it talks to.
import http from 'node:http'
import fs from 'node:fs'
import path from 'node:path'
import { expect, formStampIn, test, uniqueHandle } from './fixtures.ts'
import { relatedListSettled } from './db.ts'
import { freePort, serving, startServer, stop, tempDir, type Started } from './server.ts'

test.describe.configure({ mode: 'serial' })

interface Reply {
  status: number
  headers: http.IncomingHttpHeaders
  text: string
}

interface Health {
  search: { outbox: { pending: number } }
  process: { pid: number; worker: number | null; leader: boolean }
}

/** One keep-alive connection, so one worker; every request checks it is still the same one. */
class Pinned {
  readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  #localPort: number | null = null
  pid = 0
  cookie = ''

  constructor(readonly port: number) {}

  request(
    method: string,
    urlPath: string,
    form?: Record<string, string>,
    onResponse?: (response: http.IncomingMessage) => void,
  ) {
    const body = form ? new URLSearchParams(form).toString() : undefined
    const headers: http.OutgoingHttpHeaders = { Origin: `http://127.0.0.1:${this.port}` }
    if (this.cookie) headers.Cookie = this.cookie
    if (body) headers['Content-Type'] = 'application/x-www-form-urlencoded'
    const request = http.request({
      host: '127.0.0.1',
      port: this.port,
      method,
      path: urlPath,
      agent: this.agent,
      headers,
    })
    const reply = new Promise<Reply>((resolve, reject) => {
      request.on('error', reject)
      request.on('response', (response) => {
        const localPort = response.socket.localPort ?? null
        if (this.#localPort != null && localPort !== this.#localPort) {
          reject(new Error('the pinned connection was closed: another worker may answer now'))
        }
        this.#localPort = localPort
        if (onResponse) return onResponse(response)
        let text = ''
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => (text += chunk))
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text }),
        )
      })
    })
    request.end(body)
    return { request, reply }
  }

  async get(urlPath: string) {
    return this.request('GET', urlPath).reply
  }

  /**
   * A form post. It carries the bot guard's fields of a form the *other* worker served: a stamp
   * one worker signs, another accepts (the primary hands its workers one key).
   */
  async post(urlPath: string, form: Record<string, string>) {
    const other = this === a ? b : a
    const signedIn = other.cookie
    other.cookie = ''
    const signup = await other.get('/signup')
    other.cookie = signedIn
    const guard = { website: '', formStarted: formStampIn(signup.text) }
    return this.request('POST', urlPath, { ...guard, ...form }).reply
  }

  async health(): Promise<Health> {
    return JSON.parse((await this.get('/healthz')).text) as Health
  }

  /** Signs a new member up on this connection's worker and keeps their session cookie. */
  async signUp(prefix: string) {
    const handle = uniqueHandle(prefix)
    this.cookie = ''
    const reply = await this.post('/signup', {
      handle,
      email: `${handle}@example.test`,
      password: 'correct horse battery',
    })
    expect(reply.status).toBe(302)
    this.cookie = (reply.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ')
    return { handle, cookie: this.cookie }
  }

  close() {
    this.agent.destroy()
  }
}

/**
 * A connection to the worker `pid`, or to any worker but those in `not`: new connections take
 * turns among the workers that listen (a worker starting up joins the turns once it listens).
 */
async function connect(port: number, want: { pid?: number; not?: number[] } = {}) {
  const found: { client?: Pinned } = {}
  await expect
    .poll(
      async () => {
        const client = new Pinned(port)
        client.pid = (await client.health()).process.pid
        if (want.pid ? client.pid === want.pid : !want.not?.includes(client.pid)) {
          found.client = client
        } else client.close()
        return found.client != null
      },
      { timeout: 60_000, message: `a connection to the worker ${JSON.stringify(want)}` },
    )
    .toBe(true)
  if (!found.client) throw new Error('unreachable: the poll passed')
  return found.client
}

/** An open /resources/events stream on `client`'s worker; `text()` is what it has sent so far. */
function eventStream(client: Pinned, urlPath: string) {
  let text = ''
  let status = 0
  const { request } = client.request('GET', urlPath, undefined, (response) => {
    status = response.statusCode ?? 0
    response.setEncoding('utf8')
    response.on('data', (chunk: string) => (text += chunk))
  })
  return { text: () => text, status: () => status, close: () => request.destroy() }
}

let server: Started
let port = 0
let dir = ''
let a: Pinned
let b: Pinned

test.beforeAll(async () => {
  test.setTimeout(120_000)
  dir = tempDir()
  port = await freePort()
  server = startServer({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_PATH: path.join(dir, 'site.db'),
    SEED_DEMO: 'auto',
    WEB_CONCURRENCY: '2',
  })
  await serving(port, server)
  // Both workers serve: connections reach two different processes.
  a = await connect(port)
  b = await connect(port, { not: [a.pid] })
})

test.afterAll(async () => {
  a?.close()
  b?.close()
  if (server) {
    // SIGTERM to the primary ends the workers and then the one Meilisearch it started.
    expect(await stop(server)).toBe(0)
    const meiliPid = Number(/Meilisearch pid (\d+) on/.exec(server.output())?.[1])
    expect(meiliPid).toBeGreaterThan(0)
    expect(() => process.kill(meiliPid, 0)).toThrow(/ESRCH/)
    expect(fs.existsSync(path.join(dir, 'meili', 'peerdesk-sidecar.json'))).toBe(false)
  }
  fs.rmSync(dir, { recursive: true, force: true })
})

test('two worker processes serve, and exactly one of them drains the search outbox', async () => {
  expect(a.pid).not.toBe(b.pid)
  expect(a.pid).not.toBe(server.child.pid)
  const [healthA, healthB] = [await a.health(), await b.health()]
  expect([healthA.process.worker, healthB.process.worker]).toEqual([
    expect.any(Number),
    expect.any(Number),
  ])
  expect([healthA.process.leader, healthB.process.leader].filter(Boolean)).toHaveLength(1)
  // The demo's threads went to Meilisearch once (the primary started one, the leader filled it).
  await expect.poll(async () => (await a.health()).search.outbox.pending).toBe(0)
  expect(server.output().match(/queued \d+ threads for indexing/g) ?? []).toHaveLength(1)
  expect(server.output().match(/Meilisearch pid \d+ on/g) ?? []).toHaveLength(1)
})

test('an answer posted on one worker reaches a stream and drops a cached page on the other', async () => {
  // The writer talks to the worker that does not lead: its write must nudge the leader.
  const [writer, reader] = (await a.health()).process.leader ? [b, a] : [a, b]
  const helper = await writer.signUp('helper')
  const { handle, cookie: askerCookie } = await writer.signUp('asker')
  const asked = await writer.post('/questions/ask', {
    title: `Two workers: hub loses its pairing ${handle}`,
    body: 'After every firmware update the hub forgets the paired door sensors and I pair again.',
    tags: 'hub',
  })
  expect(asked.status).toBe(302)
  const threadPath = new URL(asked.headers.location!, `http://127.0.0.1:${port}`).pathname
  const threadId = Number(threadPath.split('/')[2])

  // The reader's worker keeps the logged-out page (from its second request on; once the new
  // thread's related list is stored, which drops the page once) …
  expect((await reader.get(threadPath)).headers['x-cache']).toBe('MISS')
  await relatedListSettled(threadPath, path.join(dir, 'site.db'))
  expect((await reader.get(threadPath)).headers['x-cache']).toBe('MISS')
  const cached = await reader.get(threadPath)
  expect(cached.headers['x-cache']).toBe('HIT')
  // … and holds the asker's event stream of the thread, on a connection of its own to it.
  const streamClient = await connect(port, { pid: reader.pid })
  streamClient.cookie = askerCookie
  const stream = eventStream(streamClient, `/resources/events?thread=${threadId}`)
  await expect.poll(stream.text).toContain('event: unread\ndata: {"count":0}')
  expect(stream.status()).toBe(200)

  writer.cookie = helper.cookie
  const word = `zorbfirmware${Date.now().toString(36)}`
  const answered = await writer.post(threadPath, {
    intent: 'answer',
    body: `Re-pair them once after switching off ${word} auto-updates in the hub settings.`,
  })
  expect(answered.status).toBe(302)
  const answerId = Number(/#answer-(\d+)/.exec(answered.headers.location!)?.[1])

  // The answer, and the asker's unread count (a relay channel of its own), reach the stream.
  await expect.poll(stream.text).toContain('event: answer')
  expect(stream.text()).toContain(`"answerId":${answerId}`)
  await expect.poll(stream.text).toContain('event: unread\ndata: {"count":1}')

  // The reader's worker renders the page afresh, answer included: the write dropped its copy.
  await expect
    .poll(async () => {
      const page = await reader.get(threadPath)
      return page.text.includes(word) ? page.headers['x-cache'] : 'stale'
    })
    .toBe('MISS')

  // The leader drains the write made on the other worker to Meilisearch (how fast is the
  // benchmark's business, not a test's: npm run bench measures the time until searchable).
  await expect
    .poll(async () => (await reader.health()).search.outbox.pending, { intervals: [25] })
    .toBe(0)
  const found = await reader.get(`/search?q=${word}&status=all`)
  expect(found.text).toContain(`Two workers: hub loses its pairing ${handle}`)

  stream.close()
  streamClient.close()
})

test('a log-in rate limit counts the attempts made on both workers', async () => {
  a.cookie = b.cookie = '' // logged out, as someone guessing a password is
  const email = `${uniqueHandle('nobody')}@example.test`
  const attempt = (client: Pinned) => client.post('/login', { email, password: 'not the password' })
  // 8 attempts per account in 15 minutes (app/lib/rate-limit.server.ts), alternating workers:
  // each worker alone has seen only four.
  for (let i = 0; i < 8; i++) {
    expect((await attempt(i % 2 === 0 ? a : b)).status).toBe(403)
  }
  const refused = await attempt(a)
  expect(refused.status).toBe(429)
  expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
  expect((await attempt(b)).status).toBe(429)
})

test('when the leader dies, the other worker leads and the primary starts a new worker', async () => {
  const leader = (await a.health()).process.leader ? a : b
  const other = leader === a ? b : a
  process.kill(leader.pid, 'SIGKILL') // a worker of the server this test started
  await expect.poll(async () => (await other.health()).process.leader).toBe(true)
  const replacement = await connect(port, { not: [leader.pid, other.pid] })
  expect((await replacement.health()).process.leader).toBe(false)
  expect(server.output()).toMatch(new RegExp(`pid ${leader.pid}\\) exited \\(SIGKILL\\)`))
  replacement.close()
})
