// Whole-page cache for logged-out readers. Stack Overflow found such caches hit too rarely to pay
// for themselves on a long tail, so this one must earn its memory: a page is kept only from its
// second request within a short window (Discourse's rule), the cache is bounded in bytes, and
// every write that changes a thread drops that thread's page and the lists that show it.
import crypto from 'node:crypto'
import { LRUCache } from 'lru-cache'
import { env } from './env.server.ts'

export interface CachedPage {
  /**
   * The page cut where its CSP nonce stood: every response joins the pieces with a nonce of its
   * own, so no two readers ever share one (a nonce anyone can read protects nothing).
   */
  pieces: Buffer[]
  headers: Record<string, string>
  etag: string
  lastModified: number
  /** The thread this page shows (thread pages), or null for lists. */
  threadId: number | null
}

export interface PageCacheOptions {
  maxBytes?: number
  /** How long a kept page may be served without a write invalidating it. */
  ttlMs?: number
  /** A first request only marks the page; a second one within this window stores it. */
  admitWindowMs?: number
}

const THREAD_PATH = /^\/questions\/(\d+)\/[^/]+$/
const LIST_PATHS = [/^\/$/, /^\/questions\/?$/, /^\/tags\/?$/, /^\/tags\/[^/]+$/]

/** Which pages are cached at all: thread, list, tag and home pages. */
export function cacheablePage(pathname: string): { threadId: number | null } | null {
  const thread = THREAD_PATH.exec(pathname)
  if (thread) return { threadId: Number(thread[1]) }
  return LIST_PATHS.some((p) => p.test(pathname)) ? { threadId: null } : null
}

export function etagOf(body: Buffer) {
  return `W/"${crypto.createHash('sha1').update(body).digest('base64url')}"`
}

/** Cuts a rendered page at each occurrence of the nonce it was rendered with. */
export function splitAtNonce(body: Buffer, nonce: string): Buffer[] {
  const pieces: Buffer[] = []
  if (!nonce) return [body]
  let from = 0
  for (let at = body.indexOf(nonce, from); at !== -1; at = body.indexOf(nonce, from)) {
    pieces.push(body.subarray(from, at))
    from = at + nonce.length
  }
  pieces.push(body.subarray(from))
  return pieces
}

/** The page as one reader gets it: the pieces joined with this response's nonce. */
export function pageWithNonce(page: Pick<CachedPage, 'pieces'>, nonce: string): Buffer {
  const glue = Buffer.from(nonce)
  const parts: Buffer[] = []
  page.pieces.forEach((piece, i) => {
    if (i > 0) parts.push(glue)
    parts.push(piece)
  })
  return Buffer.concat(parts)
}

const pageBytes = (page: CachedPage) => page.pieces.reduce((n, piece) => n + piece.length, 512)

export class PageCache {
  readonly #pages: LRUCache<string, CachedPage>
  readonly #seen: LRUCache<string, true>
  readonly #byThread = new Map<number, Set<string>>()
  readonly #lists = new Set<string>()
  readonly stats = { hits: 0, misses: 0, stored: 0, invalidated: 0 }

  constructor(options: PageCacheOptions = {}) {
    this.#pages = new LRUCache<string, CachedPage>({
      // lru-cache refuses a zero size; a disabled cache is never built (pageCacheIfEnabled).
      maxSize: Math.max(1, options.maxBytes ?? 64 * 1024 * 1024),
      sizeCalculation: pageBytes,
      ttl: options.ttlMs ?? 5 * 60_000,
      dispose: (page, key) => this.#forget(page, key),
    })
    this.#seen = new LRUCache<string, true>({ max: 100_000, ttl: options.admitWindowMs ?? 60_000 })
  }

  get size() {
    return this.#pages.size
  }

  get bytes() {
    return this.#pages.calculatedSize
  }

  /** Whether a page is kept for `key` (expired ones are not), without counting or touching it. */
  has(key: string): boolean {
    return this.#pages.has(key)
  }

  get(key: string): CachedPage | undefined {
    const page = this.#pages.get(key)
    if (page) this.stats.hits++
    else this.stats.misses++
    return page
  }

  /** Offers a freshly rendered page; it is kept only if it was asked for recently before. */
  offer(key: string, page: CachedPage): boolean {
    if (!this.#seen.has(key)) {
      this.#seen.set(key, true)
      return false
    }
    this.#pages.set(key, page)
    if (page.threadId != null) {
      const keys = this.#byThread.get(page.threadId) ?? new Set()
      keys.add(key)
      this.#byThread.set(page.threadId, keys)
    } else {
      this.#lists.add(key)
    }
    this.stats.stored++
    return true
  }

  /** A thread changed: its page and every list page go. */
  invalidateThread(threadId: number) {
    this.invalidateThreads([threadId])
  }

  invalidateThreads(threadIds: Iterable<number>) {
    const keys = [...this.#lists]
    for (const id of threadIds) keys.push(...(this.#byThread.get(id) ?? []))
    for (const key of keys) this.#drop(key)
  }

  /** The threads that have a page in the cache now. */
  cachedThreadIds(): number[] {
    return [...this.#byThread.keys()]
  }

  clear() {
    this.#pages.clear()
    this.#seen.clear()
  }

  #drop(key: string) {
    if (this.#pages.delete(key)) this.stats.invalidated++
    this.#seen.delete(key) // the next request renders afresh and must earn its place again
  }

  #forget(page: CachedPage, key: string) {
    if (page.threadId == null) {
      this.#lists.delete(key)
      return
    }
    const keys = this.#byThread.get(page.threadId)
    keys?.delete(key)
    if (keys?.size === 0) this.#byThread.delete(page.threadId)
  }
}

let sitePageCache: PageCache | null | undefined

/** The process's cache of logged-out pages, or null when PAGE_CACHE_MB=0 turns it off. */
export function pageCacheIfEnabled(): PageCache | null {
  if (sitePageCache === undefined) {
    const megabytes = env().PAGE_CACHE_MB
    sitePageCache = megabytes > 0 ? new PageCache({ maxBytes: megabytes * 1024 * 1024 }) : null
  }
  return sitePageCache
}
