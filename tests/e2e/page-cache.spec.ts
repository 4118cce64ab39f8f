// The anonymous page cache, over plain HTTP as a CDN or a crawler would meet it.
import { request as playwrightRequest } from '@playwright/test'
import { DEMO_LOGINS } from '#db/seed/logins.ts'
import { relatedListSettled } from './db.ts'
import { expect, guardFields, test } from './fixtures.ts'
import { loggedIn, ownThread } from './requests.ts'

const member = DEMO_LOGINS.find((l) => l.handle === 'sam')!

async function anonymous(baseURL: string) {
  return playwrightRequest.newContext({ baseURL })
}

test('a logged-out reader gets the cached page from the second request on; writes invalidate it', async ({
  baseURL,
}) => {
  const anon = await anonymous(baseURL!)
  const sam = await loggedIn(baseURL!)
  const path = await ownThread(
    sam,
    'Cache test: hub LED stays purple',
    'Since this morning the LED on my hub stays purple and automations are paused',
  )

  const first = await anon.get(path)
  expect(first.headers()['x-cache']).toBe('MISS')
  await relatedListSettled(path)
  expect(first.headers()['cache-control']).toContain('s-maxage=')
  expect(first.headers()['cache-control']).toContain('stale-while-revalidate=')
  expect((await anon.get(path)).headers()['x-cache']).toBe('MISS') // the second request earns a place
  const hit = await anon.get(path)
  expect(hit.headers()['x-cache']).toBe('HIT')
  const etag = hit.headers()['etag']!
  expect(etag).toBeTruthy()
  expect(hit.headers()['last-modified']).toBeTruthy()
  // Every response carries a nonce of its own, in its CSP header and on each of its scripts: a
  // nonce replayed to every visitor from the cache would protect nothing.
  const nonces = new Set<string>()
  for (const response of [hit, await anon.get(path)]) {
    expect(response.headers()['x-cache']).toBe('HIT')
    const nonce = /'nonce-([^']+)'/.exec(response.headers()['content-security-policy']!)?.[1]
    expect(nonce).toBeTruthy()
    const html = await response.text()
    const onScripts = new Set([...html.matchAll(/<script[^>]* nonce="([^"]*)"/g)].map((m) => m[1]))
    expect([...onScripts]).toEqual([nonce])
    nonces.add(nonce!)
  }
  expect(nonces.size).toBe(2)

  const notModified = await anon.get(path, { headers: { 'If-None-Match': etag } })
  expect(notModified.status()).toBe(304)

  // A signed-in reader is never served the cached page, and their page is never kept.
  for (let i = 0; i < 3; i++) {
    const mine = await sam.get(path)
    expect(mine.headers()['x-cache']).toBeUndefined()
    expect(mine.headers()['cache-control']).toBe('private, no-store')
    expect(await mine.text()).toContain('Log out')
  }
  const stillAnonymous = await anon.get(path)
  expect(stillAnonymous.headers()['x-cache']).toBe('HIT')
  const anonymousHtml = await stillAnonymous.text()
  expect(anonymousHtml).not.toContain('Log out')
  expect(anonymousHtml).not.toContain(member.email)

  // A new answer drops the cached page: the next reader sees it.
  const text = `Power-cycle the unit, then re-add it in the app (cache test ${Date.now()}).`
  const posted = await sam.post(path, {
    form: { intent: 'answer', body: text, ...(await guardFields(sam, path)) },
    maxRedirects: 0,
  })
  expect(posted.status()).toBe(302)
  await expect
    .poll(async () => {
      const response = await anon.get(path)
      return {
        cache: response.headers()['x-cache'],
        hasAnswer: (await response.text()).includes(text),
      }
    })
    .toEqual({ cache: 'MISS', hasAnswer: true })
})

test('pages other than threads and lists are not cached', async ({ baseURL }) => {
  const anon = await anonymous(baseURL!)
  for (let i = 0; i < 3; i++) {
    const response = await anon.get('/search?q=doorbell')
    expect(response.headers()['x-cache']).toBeUndefined()
  }
})
