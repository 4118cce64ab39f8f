// The page cache's fast path (server.ts): a logged-out hit is answered by node:http before
// Express runs. Its answers must be the ones Express gives for the same cached page. Express
// still answers a hit the fast path leaves alone (a conditional request: an If-None-Match that
// matches nothing is served the whole page), so one server shows both answers side by side.
import http from 'node:http'
import zlib from 'node:zlib'
import { relatedListSettled } from './db.ts'
import { expect, guardFields, test } from './fixtures.ts'
import { loggedIn, ownThread } from './requests.ts'

/** An entity tag no page has: Express answers the whole page, the fast path never sees it. */
const THROUGH_EXPRESS = { 'If-None-Match': '"no-page-has-this-tag"' }

interface Raw {
  status: number
  headers: http.IncomingHttpHeaders
  /** The body as sent (still compressed, when it was). */
  body: Buffer
}

/** One request on a connection of its own, headers exactly as given (no Accept-Encoding added). */
function raw(
  baseURL: string,
  method: 'GET' | 'HEAD',
  urlPath: string,
  headers: Record<string, string> = {},
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const request = http.request(new URL(urlPath, baseURL), { method, headers }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks),
        }),
      )
      response.on('error', reject)
    })
    request.on('error', reject)
    request.end()
  })
}

const nonceOf = (r: Raw) =>
  /'nonce-([^']+)'/.exec(String(r.headers['content-security-policy']))?.[1]

function decoded(r: Raw) {
  const encoding = r.headers['content-encoding']
  if (encoding === 'gzip') return zlib.gunzipSync(r.body)
  if (encoding === 'br') return zlib.brotliDecompressSync(r.body)
  if (encoding === 'deflate') return zlib.inflateSync(r.body)
  return r.body
}

/** What two answers of the same cached page may differ in: the moment, and their own nonce. */
function comparable(r: Raw) {
  const nonce = nonceOf(r)!
  const headers = Object.fromEntries(
    Object.entries(r.headers)
      .filter(([name]) => name !== 'date' && name !== 'age')
      .map(([name, value]) => [name, String(value).replaceAll(nonce, 'NONCE')]),
  )
  const html = decoded(r).toString('utf8')
  return { status: r.status, headers, html: html.replaceAll(nonce, 'NONCE') }
}

/** Until the thread's page is kept (its related list stored first: see relatedListSettled). */
async function cached(baseURL: string, urlPath: string) {
  await raw(baseURL, 'GET', urlPath)
  await relatedListSettled(urlPath)
  // The cache keeps a page from its second request on.
  for (let i = 0; i < 2; i++) await raw(baseURL, 'GET', urlPath)
  expect((await raw(baseURL, 'GET', urlPath)).headers['x-cache']).toBe('HIT')
}

test('a hit answered before Express has the status, headers and bytes Express gives it', async ({
  baseURL,
}) => {
  const sam = await loggedIn(baseURL!)
  const thread = await ownThread(
    sam,
    'Fast path test: sensor battery drains overnight',
    'A new battery in the door sensor is empty by morning, every morning since Tuesday',
  )
  await cached(baseURL!, thread)

  const variants: { method: 'GET' | 'HEAD'; headers: Record<string, string> }[] = [
    { method: 'GET', headers: {} },
    { method: 'GET', headers: { 'Accept-Encoding': 'gzip, deflate, br' } },
    { method: 'GET', headers: { 'Accept-Encoding': 'gzip' } },
    { method: 'GET', headers: { 'Accept-Encoding': 'identity' } },
    { method: 'GET', headers: { Cookie: 'theme=dark' } }, // not the session: still anonymous
    { method: 'HEAD', headers: {} },
  ]
  for (const { method, headers } of variants) {
    const fast = await raw(baseURL!, method, thread, headers)
    const express = await raw(baseURL!, method, thread, { ...headers, ...THROUGH_EXPRESS })
    expect(fast.headers['x-cache'], `${method} ${JSON.stringify(headers)}`).toBe('HIT')
    expect(comparable(fast), `${method} ${JSON.stringify(headers)}`).toEqual(comparable(express))
    // Each answer has a nonce of its own, on each of its scripts.
    expect(nonceOf(fast)).not.toBe(nonceOf(express))
    if (method === 'GET') {
      const scripts = [
        ...decoded(fast)
          .toString()
          .matchAll(/<script[^>]* nonce="([^"]*)"/g),
      ]
      expect(scripts.length).toBeGreaterThan(0)
      expect(new Set(scripts.map((m) => m[1]))).toEqual(new Set([nonceOf(fast)]))
    } else {
      expect(fast.body.length).toBe(0)
    }
  }
  const gzip = await raw(baseURL!, 'GET', thread, { 'Accept-Encoding': 'gzip' })
  expect(gzip.headers['content-encoding']).toBe('gzip')
  expect(gzip.headers['vary']).toBe('Cookie, Accept-Encoding')

  // A matching If-None-Match is still a 304.
  const etag = String(gzip.headers['etag'])
  const notModified = await raw(baseURL!, 'GET', thread, { 'If-None-Match': etag })
  expect(notModified.status).toBe(304)
  expect(notModified.body.length).toBe(0)
})

test('a signed-in reader and a query string never get the cached page; a write drops it', async ({
  baseURL,
}) => {
  const sam = await loggedIn(baseURL!)
  const thread = await ownThread(
    sam,
    'Fast path test: sensor battery drains overnight',
    'A new battery in the door sensor is empty by morning, every morning since Tuesday',
  )
  await cached(baseURL!, thread)

  const mine = await sam.get(thread)
  expect(mine.headers()['x-cache']).toBeUndefined()
  expect(mine.headers()['cache-control']).toBe('private, no-store')
  expect(await mine.text()).toContain('Log out')

  // The cache keys pages by the whole URL: a query string is another page, rendered for it.
  const withQuery = await raw(baseURL!, 'GET', `${thread}?utm_source=newsletter`)
  expect(withQuery.status).toBe(200)
  expect(withQuery.headers['x-cache']).toBe('MISS')
  expect((await raw(baseURL!, 'GET', thread)).headers['x-cache']).toBe('HIT')

  const text = `Take the sensor off the magnet side and pair it again (fast path test ${Date.now()}).`
  const posted = await sam.post(thread, {
    form: { intent: 'answer', body: text, ...(await guardFields(sam, thread)) },
    maxRedirects: 0,
  })
  expect(posted.status()).toBe(302)
  await expect
    .poll(async () => {
      const response = await raw(baseURL!, 'GET', thread)
      return {
        cache: response.headers['x-cache'],
        hasAnswer: response.body.toString('utf8').includes(text),
      }
    })
    .toEqual({ cache: 'MISS', hasAnswer: true })
})
