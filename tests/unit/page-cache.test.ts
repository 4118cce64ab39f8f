import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { pageCacheMiddleware } from '#app/lib/page-cache-middleware.server.ts'
import {
  cacheablePage,
  etagOf,
  PageCache,
  pageWithNonce,
  splitAtNonce,
  type CachedPage,
} from '#app/lib/page-cache.server.ts'

const page = (threadId: number | null, size = 1000): CachedPage => {
  const body = Buffer.alloc(size, 'a')
  return {
    pieces: [body],
    headers: { 'content-type': 'text/html' },
    etag: etagOf(body),
    lastModified: 0,
    threadId,
  }
}

describe('page cache', () => {
  it('caches thread, list, tag and home pages only', () => {
    expect(cacheablePage('/questions/12/some-slug')).toEqual({ threadId: 12 })
    for (const path of ['/', '/questions', '/tags', '/tags/doorbell'])
      expect(cacheablePage(path)).toEqual({ threadId: null })
    for (const path of [
      '/search',
      '/users/alex',
      '/questions/ask',
      '/questions/12/slug/extra',
      '/login',
    ]) {
      expect(cacheablePage(path)).toBeNull()
    }
  })

  it('keeps a page only from its second request in the window', () => {
    const cache = new PageCache()
    expect(cache.offer('/questions/1/a', page(1))).toBe(false)
    expect(cache.get('/questions/1/a')).toBeUndefined()
    expect(cache.offer('/questions/1/a', page(1))).toBe(true)
    expect(cache.get('/questions/1/a')).toBeDefined()
    expect(cache.stats).toMatchObject({ hits: 1, misses: 1, stored: 1 })
  })

  it('forgets a first request once the admission window has passed', async () => {
    const cache = new PageCache({ admitWindowMs: 10 })
    cache.offer('/', page(null))
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(cache.offer('/', page(null))).toBe(false)
  })

  it('drops a changed thread and every list, but not other threads', () => {
    const cache = new PageCache()
    for (const [key, id] of [
      ['/questions/1/a', 1],
      ['/questions/2/b', 2],
      ['/', null],
      ['/tags/hub', null],
    ] as const) {
      cache.offer(key, page(id))
      cache.offer(key, page(id))
    }
    cache.invalidateThread(1)
    expect(cache.get('/questions/1/a')).toBeUndefined()
    expect(cache.get('/')).toBeUndefined()
    expect(cache.get('/tags/hub')).toBeUndefined()
    expect(cache.get('/questions/2/b')).toBeDefined()
    // A dropped page must earn its place again.
    expect(cache.offer('/questions/1/a', page(1))).toBe(false)
  })

  it('stays within its byte budget, evicting the least recently used', () => {
    const cache = new PageCache({ maxBytes: 10_000 })
    for (let i = 0; i < 20; i++) {
      cache.offer(`/questions/${i}/x`, page(i, 2_000))
      cache.offer(`/questions/${i}/x`, page(i, 2_000))
    }
    expect(cache.bytes).toBeLessThanOrEqual(10_000)
    expect(cache.get('/questions/19/x')).toBeDefined()
    expect(cache.get('/questions/0/x')).toBeUndefined()
  })

  it('gives every reader the page with their own nonce', () => {
    const rendered = Buffer.from(
      '<script nonce="N0nce/+=">a</script><p>N0nc</p><script nonce="N0nce/+=">b</script>',
    )
    const pieces = splitAtNonce(rendered, 'N0nce/+=')
    expect(pieces).toHaveLength(3)
    expect(pageWithNonce({ pieces }, 'fresh1').toString()).toBe(
      '<script nonce="fresh1">a</script><p>N0nc</p><script nonce="fresh1">b</script>',
    )
    expect(pageWithNonce({ pieces }, 'N0nce/+=').equals(rendered)).toBe(true)
    expect(splitAtNonce(rendered, '')).toEqual([rendered])
  })

  it('keeps nothing when it is made with no room', () => {
    const cache = new PageCache({ maxBytes: 0 })
    cache.offer('/', page(null))
    cache.offer('/', page(null))
    expect(cache.size).toBe(0)
  })
})

describe("the page cache's fast path (hitFor)", () => {
  const request = (url: string, method = 'GET', headers: IncomingMessage['headers'] = {}) =>
    ({ method, url, headers }) as IncomingMessage
  const kept = () => {
    const cache = new PageCache()
    const thread = page(1)
    cache.offer('/questions/1/a', thread)
    cache.offer('/questions/1/a', thread)
    return { cache, thread, hitFor: pageCacheMiddleware(cache, 'session').hitFor }
  }

  it('answers an anonymous GET or HEAD of a kept page', () => {
    const { thread, hitFor } = kept()
    expect(hitFor(request('/questions/1/a'))).toBe(thread)
    expect(hitFor(request('/questions/1/a', 'HEAD'))).toBe(thread)
    expect(hitFor(request('/questions/1/a', 'GET', { cookie: 'theme=dark' }))).toBe(thread)
  })

  it('leaves Express everything it would decide otherwise', () => {
    const { cache, hitFor } = kept()
    for (const req of [
      request('/questions/1/a', 'POST'),
      request('/questions/1/a?tab=votes'),
      request('/questions/1/a', 'GET', { cookie: 'theme=dark; session=abc' }),
      request('/questions/1/a', 'GET', { 'if-none-match': 'W/"x"' }),
      request('/questions/1/a', 'GET', { 'if-modified-since': new Date(0).toUTCString() }),
      request('http://example.com/questions/1/a'),
      request('/questions/2/b'),
    ]) {
      expect(hitFor(req), `${req.method} ${req.url} ${JSON.stringify(req.headers)}`).toBe(undefined)
    }
    // A page that is not kept is the middleware's miss to count, when Express asks.
    expect(cache.stats).toMatchObject({ hits: 0, misses: 0 })
  })

  it('stops answering once a write drops the page', () => {
    const { cache, hitFor } = kept()
    cache.invalidateThread(1)
    expect(hitFor(request('/questions/1/a'))).toBe(undefined)
  })
})
