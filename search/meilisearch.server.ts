// The Meilisearch backend, through the official client. One index of threads ("threads",
// primary key id) whose settings are applied idempotently at start; every call has a timeout so
// a slow Meilisearch fails fast and the facade answers from FTS5 instead.
import {
  Meilisearch,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
  type EnqueuedTask,
  type Index,
  type SearchParams,
  type Settings,
  type Task,
} from 'meilisearch'
import { apiErrorOf, nodeHttpClient } from './http-client.server.ts'
import { THREAD_STATUSES, type ThreadStatus } from '#db/schema.ts'
import { clampInt, contentTerms, CROP_MARKER, markedToHtml, MARK_POST, MARK_PRE } from './query.ts'
import { meiliSynonyms } from './synonyms.server.ts'
import type {
  SearchBackend,
  SearchDocument,
  SearchHit,
  SearchQuery,
  SearchResult,
  SimilarHit,
  SimilarQuery,
} from './types.ts'

export const THREADS_INDEX = 'threads'

export interface MeiliConnection {
  host: string
  apiKey?: string
}

export interface MeiliTimeouts {
  /** A search, a similar-questions query or a health check (default 1.5 s). */
  searchMs: number
  /** Any other request (default 5 s). */
  requestMs: number
  /** Waiting for an indexing task to finish (default 30 s). */
  taskMs: number
}

const TASK_POLL_MS = 25

const DEFAULT_TIMEOUTS: MeiliTimeouts = { searchMs: 1500, requestMs: 5000, taskMs: 30_000 }

/** The index settings Peerdesk wants; applied at start and to every rebuilt index. */
export function threadIndexSettings(): Settings {
  return {
    searchableAttributes: ['title', 'tags', 'body', 'answers'],
    // Meilisearch returns these two sorted; kept sorted here so the settings compare equal.
    filterableAttributes: ['id', 'official', 'resolved', 'status', 'tags'],
    sortableAttributes: ['createdAt', 'lastActivityAt', 'score'],
    displayedAttributes: ['*'],
    rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness', 'score:desc'],
    typoTolerance: { enabled: true },
    synonyms: meiliSynonyms(),
    faceting: { maxValuesPerFacet: 100 },
    pagination: { maxTotalHits: 1000 },
    // The community writes in English. Saying so skips language detection, which otherwise
    // loads every segmenter's dictionary on the first indexing tasks (about 2 s each).
    localizedAttributes: [{ attributePatterns: ['*'], locales: ['eng'] }],
  }
}

/** True when `actual` already holds every value of `wanted` (keys `wanted` leaves out are free). */
export function settingsCover(wanted: unknown, actual: unknown): boolean {
  if (Array.isArray(wanted)) {
    return (
      Array.isArray(actual) &&
      actual.length === wanted.length &&
      wanted.every((w, i) => settingsCover(w, actual[i]))
    )
  }
  if (wanted && typeof wanted === 'object') {
    if (!actual || typeof actual !== 'object') return false
    const a = actual as Record<string, unknown>
    const w = wanted as Record<string, unknown>
    // Synonyms are a map: every word and its list must match, and no extra words.
    if (Object.keys(w).length !== 0 && Object.keys(a).length < Object.keys(w).length) return false
    return Object.entries(w).every(([key, value]) => settingsCover(value, a[key]))
  }
  return wanted === actual
}

function quote(value: string) {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
}

function filterOf(parts: (string | null)[]): string | undefined {
  const kept = parts.filter((p): p is string => p != null)
  return kept.length ? kept.join(' AND ') : undefined
}

const HIT_FIELDS = [
  'id',
  'slug',
  'title',
  'tags',
  'status',
  'resolved',
  'official',
  'score',
  'answerCount',
  'lastActivityAt',
]

type Formatted = { title?: string; body?: string; answers?: string[] }
type StoredHit = Pick<
  SearchDocument,
  | 'id'
  | 'slug'
  | 'title'
  | 'tags'
  | 'status'
  | 'resolved'
  | 'official'
  | 'score'
  | 'answerCount'
  | 'lastActivityAt'
> & { _formatted?: Formatted }

export class MeilisearchBackend implements SearchBackend {
  readonly name = 'meilisearch' as const
  readonly indexUid: string
  readonly timeouts: MeiliTimeouts
  #connection: () => MeiliConnection
  #client: Meilisearch | null = null
  #clientKey = ''

  constructor(
    connection: MeiliConnection | (() => MeiliConnection),
    options: { indexUid?: string; timeouts?: Partial<MeiliTimeouts> } = {},
  ) {
    this.#connection = typeof connection === 'function' ? connection : () => connection
    this.indexUid = options.indexUid ?? THREADS_INDEX
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts }
  }

  /** The client for the current host (a restarted sidecar may have moved to another port). */
  get client(): Meilisearch {
    const { host, apiKey } = this.#connection()
    const key = `${host}\n${apiKey ?? ''}`
    if (!this.#client || key !== this.#clientKey) {
      this.#client = new Meilisearch({
        host,
        apiKey,
        timeout: this.timeouts.requestMs,
        httpClient: nodeHttpClient,
      })
      this.#clientKey = key
    }
    return this.#client
  }

  /** The same backend on another index (the reindex builds a temporary one). */
  withIndex(indexUid: string) {
    return new MeilisearchBackend(this.#connection, { indexUid, timeouts: this.timeouts })
  }

  index(uid = this.indexUid): Index<SearchDocument> {
    return this.client.index<SearchDocument>(uid)
  }

  /**
   * Polls a task until it has finished (or the task timeout passes). Not the client's
   * waitTask(): that one leaves an abort listener on its shared signal per poll, which piles up
   * (and warns) whenever a task takes longer than ten polls.
   */
  async settle(enqueued: Promise<EnqueuedTask>, pollMs = TASK_POLL_MS): Promise<Task> {
    const { taskUid } = await enqueued
    const deadline = Date.now() + this.timeouts.taskMs
    for (;;) {
      const task = await retryConnection(() => this.client.tasks.getTask(taskUid))
      if (task.status !== 'enqueued' && task.status !== 'processing') return task
      if (Date.now() > deadline) {
        throw new Error(
          `Meilisearch task ${taskUid} still ${task.status} after ${this.timeouts.taskMs} ms`,
        )
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs))
    }
  }

  /** Waits for a task and fails unless it succeeded. */
  async wait(enqueued: Promise<EnqueuedTask>): Promise<Task> {
    const task = await this.settle(enqueued)
    if (task.status !== 'succeeded') {
      throw new Error(
        `Meilisearch task ${task.uid} (${task.type}) ${task.status}: ${task.error?.message ?? ''}`,
      )
    }
    return task
  }

  async indexExists(uid = this.indexUid): Promise<boolean> {
    try {
      await this.client.getRawIndex(uid)
      return true
    } catch (error) {
      if (apiErrorOf(error)?.cause?.code === 'index_not_found') {
        return false
      }
      throw error
    }
  }

  /** Creates the index if needed and applies the settings when they differ. Idempotent. */
  async ensureIndex(): Promise<{ created: boolean; settingsUpdated: boolean }> {
    let created = false
    if (!(await this.indexExists())) {
      const task = await this.settle(this.client.createIndex(this.indexUid, { primaryKey: 'id' }))
      // Another process may have created it meanwhile: that is fine.
      if (task.status !== 'succeeded' && task.error?.code !== 'index_already_exists') {
        throw new Error(`Could not create index ${this.indexUid}: ${task.error?.message ?? ''}`)
      }
      created = task.status === 'succeeded'
    }
    const wanted = threadIndexSettings()
    const actual = await this.index().getSettings()
    if (settingsCover(wanted, actual)) return { created, settingsUpdated: false }
    await this.wait(this.index().updateSettings(wanted))
    return { created, settingsUpdated: true }
  }

  async upsert(documents: SearchDocument[]) {
    if (documents.length === 0) return
    await this.wait(this.index().addDocuments(documents, { primaryKey: 'id' }))
  }

  /**
   * Bulk loads (a rebuild, the scale seed): sends the documents as one NDJSON payload and
   * returns the enqueued task without waiting for it, so the caller can keep several payloads
   * queued (Meilisearch indexes consecutive additions as one batch) and wait once at the end.
   */
  enqueueDocuments(documents: SearchDocument[]): Promise<EnqueuedTask> {
    const ndjson = documents.map((d) => JSON.stringify(d)).join('\n')
    // Sent again if the connection failed: adding the same documents twice gives the same index.
    return retryConnection(() =>
      this.index().addDocumentsFromString(ndjson, 'application/x-ndjson', { primaryKey: 'id' }),
    )
  }

  async delete(ids: number[]) {
    if (ids.length === 0) return
    await this.wait(this.index().deleteDocuments(ids))
  }

  async documentCount(): Promise<number> {
    return (await this.index().getStats()).numberOfDocuments
  }

  /** Every document in the index, a page at a time (for reindex --check). */
  async *allDocuments(pageSize = 1000): AsyncGenerator<SearchDocument[]> {
    for (let offset = 0; ; offset += pageSize) {
      const page = await this.index().getDocuments({ offset, limit: pageSize })
      if (page.results.length > 0) yield page.results
      if (page.results.length < pageSize) return
    }
  }

  /** /health with the search timeout (the client's own call would wait the request timeout). */
  async health() {
    const { host } = this.#connection()
    try {
      const response = await fetch(`${host.replace(/\/+$/, '')}/health`, {
        signal: AbortSignal.timeout(this.timeouts.searchMs),
      })
      const body = (await response.json()) as { status?: string }
      return response.ok && body.status === 'available'
        ? { ok: true }
        : {
            ok: false,
            detail: `Meilisearch /health answered ${response.status} ${body.status ?? ''}`,
          }
    } catch (error) {
      return { ok: false, detail: `Meilisearch at ${host} unreachable: ${describeError(error)}` }
    }
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const pageSize = clampInt(query.pageSize, 1, 100, 20)
    const page = clampInt(query.page, 1, 10_000, 1)
    const q = query.q.trim()
    const statusPart = query.status === 'all' || query.status == null ? null : 'resolved = true'
    const tagParts = [...new Set(query.tags ?? [])].map((tag) => `tags = ${quote(tag)}`)
    const tagPart = tagParts.length ? tagParts.join(' AND ') : null
    const common = { indexUid: this.indexUid, q }

    const main: SearchParams & { indexUid: string } = {
      ...common,
      filter: filterOf([statusPart, tagPart]),
      page,
      hitsPerPage: pageSize,
      attributesToRetrieve: HIT_FIELDS,
      attributesToHighlight: ['title', 'body', 'answers'],
      attributesToCrop: ['body', 'answers'],
      cropLength: 30,
      cropMarker: CROP_MARKER,
      highlightPreTag: MARK_PRE,
      highlightPostTag: MARK_POST,
      ...(q === '' ? { sort: ['lastActivityAt:desc'] } : {}),
    }
    // Facets count under every filter but their own, so each count is what choosing it shows.
    const { results } = await this.client.multiSearch(
      {
        queries: [
          main,
          { ...common, filter: filterOf([statusPart]), facets: ['tags'], limit: 0 },
          { ...common, filter: filterOf([tagPart]), facets: ['status'], limit: 0 },
        ],
      },
      { signal: AbortSignal.timeout(this.timeouts.searchMs) },
    )
    const [hitsResult, tagFacets, statusFacets] = results
    if (!hitsResult || !tagFacets || !statusFacets) throw new Error('Meilisearch: missing results')

    const hits: SearchHit[] = (hitsResult.hits as StoredHit[]).map((hit) => ({
      id: hit.id,
      slug: hit.slug,
      titleHtml: markedToHtml(hit._formatted?.title ?? hit.title),
      snippetHtml: snippetOf(hit._formatted),
      tags: hit.tags,
      status: hit.status,
      resolved: hit.resolved,
      official: hit.official,
      score: hit.score,
      answerCount: hit.answerCount,
      lastActivityAt: hit.lastActivityAt,
    }))
    const total = hitsResult.totalHits ?? hitsResult.estimatedTotalHits ?? hits.length
    const statusCounts = statusFacets.facetDistribution?.status ?? {}
    return {
      hits,
      total,
      page,
      pageCount: Math.max(1, hitsResult.totalPages ?? Math.ceil(total / pageSize)),
      facets: {
        tags: tagFacets.facetDistribution?.tags ?? {},
        status: Object.fromEntries(
          Object.entries(statusCounts).filter(([status]) =>
            THREAD_STATUSES.includes(status as ThreadStatus),
          ),
        ),
      },
      backend: this.name,
    }
  }

  /**
   * Threads like a sentence: its content words (Meilisearch reads at most ten query words, so
   * stop words would crowd them out), dropping the most frequent words first when not all match.
   */
  async similar(query: SimilarQuery): Promise<SimilarHit[]> {
    const terms = contentTerms(query.text, 10)
    if (terms.length === 0) return []
    const limit = clampInt(query.limit, 1, 100, 5)
    const response = await this.index().search<StoredHit>(
      terms.join(' '),
      {
        filter: filterOf([
          Number.isFinite(query.excludeId) ? `id != ${Math.trunc(query.excludeId!)}` : null,
          query.resolvedOnly ? 'resolved = true' : null,
        ]),
        limit,
        matchingStrategy: 'frequency',
        attributesToRetrieve: [
          'id',
          'slug',
          'title',
          'status',
          'resolved',
          'official',
          'answerCount',
        ],
      },
      { signal: AbortSignal.timeout(this.timeouts.searchMs) },
    )
    return response.hits.map((hit) => ({
      id: hit.id,
      slug: hit.slug,
      title: hit.title,
      status: hit.status,
      resolved: hit.resolved,
      official: hit.official,
      answerCount: hit.answerCount,
    }))
  }
}

/**
 * Runs a request again (up to three times) when it never reached Meilisearch: a kept-alive
 * socket that Meilisearch timed out (it answers 408 and closes) or closed while our event loop
 * was busy (a bulk writer's long synchronous batches) fails the next request sent on it.
 * Other API errors and our own timeouts are answers, and are not retried.
 */
async function retryConnection<T>(request: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request()
    } catch (error) {
      const timedOut = error instanceof MeilisearchRequestTimeOutError
      const api = apiErrorOf(error)
      const unsent = api ? api.response.status === 408 : error instanceof MeilisearchRequestError
      if (attempt >= 3 || timedOut || !unsent) throw error
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt))
    }
  }
}

/** The cropped body if a match is there, else the first answer with one, else the body. */
function snippetOf(formatted: Formatted | undefined): string {
  const candidates = [formatted?.body ?? '', ...(formatted?.answers ?? [])]
  const matched = candidates.find((text) => text.includes(MARK_PRE))
  return markedToHtml(matched ?? candidates[0] ?? '')
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause
    const inner = cause instanceof Error ? `: ${cause.message}` : ''
    return `${error.name}: ${error.message}${inner}`
  }
  return String(error)
}
