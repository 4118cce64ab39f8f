// Express glue for the anonymous page cache: logged-out GETs of thread, list, tag and home pages
// are answered from memory (with ETag/Last-Modified and 304s); logged-in requests never are.
// The middleware also carries `hitFor`, the same lookup for server.ts's plain node:http listener,
// which answers the commonest hit before Express and Remix run at all (issue 10: a hit at
// 0.27× a bare server went mostly to Express's per-request set-up, not to the cache).
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RequestHandler, Response } from 'express'
import {
  cacheablePage,
  etagOf,
  pageWithNonce,
  splitAtNonce,
  type CachedPage,
  type PageCache,
} from './page-cache.server.ts'

/** Lets a CDN hold an anonymous page briefly and serve it stale while it refetches. */
export const ANONYMOUS_CACHE_CONTROL = 'public, max-age=0, s-maxage=60, stale-while-revalidate=300'
export const PRIVATE_CACHE_CONTROL = 'private, no-store'

// Headers that belong to one response, not to the page.
const NOT_STORED = new Set([
  'set-cookie',
  'date',
  'connection',
  'keep-alive',
  'content-length',
  'transfer-encoding',
  'content-encoding',
  'etag',
  'last-modified',
  'age',
  'x-cache',
  'vary',
  // Carries this response's nonce; each response gets its own (set before this middleware).
  'content-security-policy',
])

export function hasCookie(header: string | undefined, name: string) {
  return (header ?? '').split(';').some((part) => part.trim().startsWith(`${name}=`))
}

function storedHeaders(res: Response): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(res.getHeaders())) {
    if (value === undefined || NOT_STORED.has(name.toLowerCase())) continue
    headers[name] = Array.isArray(value) ? value.join(', ') : String(value)
  }
  return headers
}

/** Collects what the rest of the stack writes, without changing how it is sent. */
function captureBody(res: Response, done: (body: Buffer) => void) {
  const chunks: Buffer[] = []
  const write = res.write.bind(res) as (...args: unknown[]) => boolean
  const end = res.end.bind(res) as (...args: unknown[]) => Response
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (chunk == null || typeof chunk === 'function') return
    chunks.push(
      Buffer.isBuffer(chunk)
        ? chunk
        : typeof chunk === 'string'
          ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
          : Buffer.from(chunk as Uint8Array),
    )
  }
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0])
    return write(chunk, ...rest)
  }) as Response['write']
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0])
    const result = end(chunk, ...rest)
    done(Buffer.concat(chunks))
    return result
  }) as Response['end']
}

/** A hit's status and headers, whichever path found it (the stack's own stay as they are). */
function setCachedPageHeaders(res: ServerResponse, page: CachedPage) {
  res.statusCode = 200
  for (const [name, value] of Object.entries(page.headers)) res.setHeader(name, value)
  res.setHeader('Cache-Control', ANONYMOUS_CACHE_CONTROL)
  res.setHeader('Vary', 'Cookie')
  res.setHeader('ETag', page.etag)
  res.setHeader('Last-Modified', new Date(page.lastModified).toUTCString())
  res.setHeader('Age', String(Math.max(0, Math.floor((Date.now() - page.lastModified) / 1000))))
  res.setHeader('X-Cache', 'HIT')
}

/** A hit's body, joined with this response's nonce; nothing for HEAD. */
function endCachedPage(req: IncomingMessage, res: ServerResponse, page: CachedPage, nonce: string) {
  res.end(req.method === 'HEAD' ? undefined : pageWithNonce(page, nonce))
}

function sendCached(req: Parameters<RequestHandler>[0], res: Response, page: CachedPage) {
  setCachedPageHeaders(res, page)
  if (req.fresh) {
    res.status(304).end()
    return
  }
  endCachedPage(req, res, page, String(res.locals.cspNonce ?? ''))
}

export interface PageCacheMiddleware extends RequestHandler {
  /**
   * For a node:http listener in front of Express: the cached page `req` may be answered with
   * straight away (sendHit, after the same nonce, security headers and compression), or
   * undefined when Express must see it. It takes only what the middleware would answer from the
   * cache with nothing to decide: a GET or HEAD without the session cookie of a cacheable path,
   * without a query string (Express keeps parsing those) and without If-None-Match or
   * If-Modified-Since (Express keeps deciding 304s), whose page is kept now.
   */
  hitFor: (req: IncomingMessage) => CachedPage | undefined
  /** Answers with a page hitFor found, exactly as the middleware answers a hit (never a 304). */
  sendHit: (req: IncomingMessage, res: ServerResponse, page: CachedPage, nonce: string) => void
}

export function pageCacheMiddleware(
  cache: PageCache,
  sessionCookieName: string,
): PageCacheMiddleware {
  const hitFor = (req: IncomingMessage) => {
    const { method, url = '', headers } = req
    if (method !== 'GET' && method !== 'HEAD') return undefined
    if (!url.startsWith('/') || url.includes('?')) return undefined
    if (headers['if-none-match'] !== undefined || headers['if-modified-since'] !== undefined) {
      return undefined
    }
    if (hasCookie(headers.cookie, sessionCookieName) || !cacheablePage(url)) return undefined
    // has() first: a page that is not kept is the middleware's miss to count, not this one's.
    return cache.has(url) ? cache.get(url) : undefined
  }
  const middleware: RequestHandler = (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next()
    const target = cacheablePage(req.path)
    if (hasCookie(req.headers.cookie, sessionCookieName)) {
      // A signed-in page carries its reader's data: no shared cache may keep it.
      res.setHeader('Cache-Control', PRIVATE_CACHE_CONTROL)
      return next()
    }
    if (!target) return next()
    const key = req.originalUrl
    const hit = cache.get(key)
    if (hit) return sendCached(req, res, hit)

    res.setHeader('Cache-Control', ANONYMOUS_CACHE_CONTROL)
    res.setHeader('Vary', 'Cookie')
    res.setHeader('X-Cache', 'MISS')
    if (req.method === 'HEAD') return next()
    captureBody(res, (body) => {
      const contentType = String(res.getHeader('Content-Type') ?? '')
      if (
        res.statusCode !== 200 ||
        res.getHeader('Set-Cookie') ||
        !contentType.startsWith('text/html') ||
        // A page that says it is one reader's (a private case) is never kept, whoever asked.
        /\b(?:private|no-store)\b/i.test(String(res.getHeader('Cache-Control') ?? ''))
      ) {
        return
      }
      const pieces = splitAtNonce(body, String(res.locals.cspNonce ?? ''))
      cache.offer(key, {
        pieces,
        headers: storedHeaders(res),
        etag: etagOf(Buffer.concat(pieces)),
        lastModified: Date.now(),
        threadId: target.threadId,
      })
    })
    next()
  }
  const sendHit = (req: IncomingMessage, res: ServerResponse, page: CachedPage, nonce: string) => {
    setCachedPageHeaders(res, page)
    endCachedPage(req, res, page, nonce)
  }
  return Object.assign(middleware, { hitFor, sendHit })
}
