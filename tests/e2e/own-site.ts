// A production server of a spec's own for thousands of raw requests (bad-input.spec.ts,
// xss.spec.ts): the demo community, rate limits off (the point is the inputs, not the limits:
// those have their own tests) and no search engine, so search answers from FTS5 as in an outage.
// Plus the raw HTTP those specs send: no browser, redirects not followed.
import fs from 'node:fs'
import path from 'node:path'
import { expect } from './fixtures.ts'
import { freePort, serving, startServer, stop, tempDir, type Started } from './server.ts'

export interface OwnSite {
  origin: string
  dir: string
  databasePath: string
  server: Started
  close(): Promise<void>
}

export async function startOwnSite(): Promise<OwnSite> {
  const dir = tempDir()
  const port = await freePort()
  const databasePath = path.join(dir, 'site.db')
  const server = startServer({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_PATH: databasePath,
    SEED_DEMO: 'auto',
    RATE_LIMIT: 'false',
    MEILI_HOST: `http://127.0.0.1:${await freePort()}`, // nothing listens there
    MEILI_MASTER_KEY: 'own-site-no-meilisearch-here',
  })
  await serving(port, server)
  return {
    origin: `http://127.0.0.1:${port}`,
    dir,
    databasePath,
    server,
    async close() {
      await stop(server)
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

export interface Sent {
  status: number
  body: string
  location: string | null
}

/** One request as a form post or a read, with this site's Origin (so CSRF lets it through). */
export async function sendRaw(
  origin: string,
  method: 'GET' | 'POST',
  target: string,
  options: { cookie?: string; body?: string | Blob; contentType?: string } = {},
): Promise<Sent> {
  const headers: Record<string, string> = { Origin: origin }
  if (options.cookie) headers.Cookie = options.cookie
  if (options.body != null)
    headers['Content-Type'] = options.contentType ?? 'application/x-www-form-urlencoded'
  const response = await fetch(origin + target, {
    method,
    headers,
    body: options.body,
    redirect: 'manual',
  })
  return {
    status: response.status,
    body: await response.text(),
    location: response.headers.get('location'),
  }
}

/** Logs in through the log-in form; gives the session's Cookie header. */
export async function logInRaw(origin: string, login: { email: string; password: string }) {
  const response = await fetch(`${origin}/login`, {
    method: 'POST',
    headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: login.email, password: login.password }).toString(),
    redirect: 'manual',
  })
  expect(response.status).toBe(302)
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
}

/** Runs `each` over `items`, `width` at a time. */
export async function inParallel<T>(
  items: readonly T[],
  width: number,
  each: (item: T, index: number) => Promise<void>,
) {
  let next = 0
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const index = next++
        await each(items[index]!, index)
      }
    }),
  )
}
