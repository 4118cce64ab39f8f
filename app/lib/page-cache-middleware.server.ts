// Express glue for the anonymous page cache: logged-out GETs of thread, list, tag and home pages
// are answered from memory (with ETag/Last-Modified and 304s); logged-in requests never are.
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

function sendCached(req: Parameters<RequestHandler>[0], res: Response, page: CachedPage) {
  res.status(200)
  for (const [name, value] of Object.entries(page.headers)) res.setHeader(name, value)
  res.setHeader('Cache-Control', ANONYMOUS_CACHE_CONTROL)
  res.setHeader('Vary', 'Cookie')
  res.setHeader('ETag', page.etag)
  res.setHeader('Last-Modified', new Date(page.lastModified).toUTCString())
  res.setHeader('Age', String(Math.max(0, Math.floor((Date.now() - page.lastModified) / 1000))))
  res.setHeader('X-Cache', 'HIT')
  if (req.fresh) {
    res.status(304).end()
    return
  }
  const nonce = String(res.locals.cspNonce ?? '')
  res.end(req.method === 'HEAD' ? undefined : pageWithNonce(page, nonce))
}

export function pageCacheMiddleware(cache: PageCache, sessionCookieName: string): RequestHandler {
  return (req, res, next) => {
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
        !contentType.startsWith('text/html')
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
}
