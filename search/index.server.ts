// The search facade: what the app uses. Meilisearch answers when it is configured and healthy;
// SQLite FTS5 answers when it is down, slow, unconfigured or not started, so a page never fails
// because search is down. A circuit breaker (circuit-breaker.server.ts) keeps a down Meilisearch
// from being waited on by every request; similar.server.ts ranks similar questions.
// startSearch()/stopSearch() run the managed Meilisearch, the index settings, the outbox
// worker and (in the server) the sentence encoder's thread with the server.
import { db as defaultDb, type Db } from '#db/client.server.ts'
import { countLiveThreads } from './documents.server.ts'
import {
  describeError,
  MeilisearchBackend,
  type MeiliConnection,
  type MeiliTimeouts,
} from './meilisearch.server.ts'
import {
  OutboxWorker,
  type DrainOptions,
  type DrainResult,
  type OutboxSink,
} from './outbox-worker.server.ts'
import { CircuitBreaker } from './circuit-breaker.server.ts'
import { enqueueAllThreads, outboxLag } from './outbox.server.ts'
import { MeiliSidecar, resolveMeiliSetup, type Log } from './sidecar.server.ts'
import { FtsThreads } from './fts-threads.server.ts'
import { EncoderThread } from './encoder-threads.server.ts'
import { setQueryEncoder } from './query-encoder.server.ts'
import { VectorJob } from './vector-job.server.ts'
import { LRUCache } from 'lru-cache'
import { RelatedListsJob, storedRelatedThreads } from './related-lists.server.ts'
import { encodeQuery } from './query-encoder.server.ts'
import { rankSimilar } from './similar.server.ts'
import { SqliteFtsBackend } from './sqlite-fts.server.ts'
import type {
  EncoderHealth,
  SearchHealth,
  SearchQuery,
  SearchResult,
  SimilarHit,
  SimilarQuery,
} from './types.ts'

export type * from './types.ts'
export type { DrainResult } from './outbox-worker.server.ts'
export { CircuitBreaker } from './circuit-breaker.server.ts'
export { fuseRankings } from './similar.server.ts'
export { markListsNamingDue, markOwnListDue } from './related-lists.server.ts'

/** A degraded Meilisearch is reported after the outbox has waited this long. */
const LAG_DEGRADED_MS = 60_000
/** How long a similar-questions look-up waits for the asker's vector before ranking by keywords. */
const QUERY_VECTOR_BUDGET_MS = 250
/** Recent askers' vectors kept (2 KB each): typing sends the same text again and again. */
const QUERY_VECTOR_CACHE = 1_000

interface SearchState {
  db: Db
  /** The SQLite connection this state was made for. */
  connection: Db['$client']
  fts: SqliteFtsBackend
  meili: MeilisearchBackend | null
  sidecar: MeiliSidecar | null
  indexReady: boolean
  /** Queue every thread when the index turns out empty (the process that drains does it). */
  fillEmptyIndex: boolean
  worker: OutboxWorker
  /** FTS5 look-ups off the event loop; null for a database in memory. */
  ftsThreads: FtsThreads | null
  relatedJob: RelatedListsJob
  /** The sentence encoder's thread and the job that keeps vectors current; null until started. */
  encoder: EncoderThread | null
  vectorJob: VectorJob | null
  /** Told when a stored related-threads list changed (the app drops the thread's cached pages). */
  onRelatedListChanged: (questionId: number) => void
  breaker: CircuitBreaker
  started: boolean
  /** Why search runs on FTS5 alone (shown on /healthz). */
  ftsOnlyReason: string
  log: Log
}

const defaultLog: Log = (level, message) => console[level](`[search] ${message}`)

// On globalThis because dev hot reload evaluates this module again: the reloaded copy must
// keep the Meilisearch and worker that startSearch() set up, not start a second pair.
const globalForSearch = globalThis as typeof globalThis & { __peerdeskSearch?: SearchState }

function state(): SearchState {
  let s = globalForSearch.__peerdeskSearch
  // A test file (tests share a process) with a new database connection gets a fresh state.
  if (!s || s.connection !== defaultDb.$client) {
    void s?.ftsThreads?.close() // its threads read a database this process no longer uses
    if (s?.encoder) {
      setQueryEncoder(null)
      void s.vectorJob?.stop()
      void s.encoder.close()
    }
    s = createState(defaultDb)
    globalForSearch.__peerdeskSearch = s
  }
  return s
}

function createState(db: Db): SearchState {
  const s: SearchState = {
    db,
    connection: db.$client,
    fts: new SqliteFtsBackend(db),
    meili: null,
    sidecar: null,
    indexReady: false,
    fillEmptyIndex: true,
    breaker: new CircuitBreaker(),
    started: false,
    ftsOnlyReason: 'search not started',
    log: defaultLog,
    worker: new OutboxWorker({ db, sink: () => sinkFor(s) }),
    ftsThreads: db.$client.memory ? null : new FtsThreads(db.$client.name),
    relatedJob: new RelatedListsJob({
      db,
      rank: (query) => bm25Similar(s, query),
      onListChanged: (questionId) => s.onRelatedListChanged(questionId),
      log: (message) => s.log('warn', message),
    }),
    encoder: null,
    vectorJob: null,
    onRelatedListChanged: () => {},
  }
  return s
}

function noteFailure(s: SearchState, error: unknown) {
  if (s.breaker.failure(error)) {
    s.log('warn', `Meilisearch is not answering (${s.breaker.lastError}); using SQLite FTS5.`)
  }
}

function noteSuccess(s: SearchState) {
  if (s.breaker.success()) s.log('info', 'Meilisearch answers again.')
}

async function ensureIndex(s: SearchState, meili: MeilisearchBackend) {
  if (s.indexReady) return
  await meili.ensureIndex()
  s.indexReady = true
  if (s.fillEmptyIndex) await fillIfEmpty(s, meili)
}

async function fillIfEmpty(s: SearchState, meili: MeilisearchBackend) {
  // A new or emptied index (first start, data dir removed) is filled through the outbox.
  if ((await meili.documentCount()) === 0 && countLiveThreads(s.db) > 0) {
    const queued = enqueueAllThreads(s.db)
    s.log('info', `Meilisearch index is empty: queued ${queued} threads for indexing.`)
  }
}

function sinkFor(s: SearchState): OutboxSink | null {
  const meili = s.meili
  if (!meili) return null // FTS5 only: the worker keeps FTS5 current and marks rows done
  const guarded =
    <T extends unknown[]>(fn: (...args: T) => Promise<void>) =>
    async (...args: T) => {
      try {
        await ensureIndex(s, meili)
        await fn(...args)
        noteSuccess(s)
      } catch (error) {
        noteFailure(s, error)
        throw error
      }
    }
  return {
    upsert: guarded((docs) => meili.upsert(docs)),
    delete: guarded((ids: number[]) => meili.delete(ids)),
  }
}

export interface StartSearchOptions {
  /**
   * The Meilisearch to use. Leave out to follow the environment (MEILI_HOST + MEILI_MASTER_KEY,
   * else the managed sidecar from MEILI_BIN or the npm package); null runs on FTS5 alone. A
   * function is asked on each call (a cluster's worker: the primary's sidecar may move).
   */
  meilisearch?: MeiliConnection | (() => MeiliConnection) | null
  /** Run the outbox worker loop (default true; tests drain by hand with drainOutboxOnce). */
  worker?: boolean
  /**
   * Queue every thread when the index is empty (default true). A cluster's other workers leave
   * it to the one that drains the outbox, or each would queue them all again.
   */
  fillEmptyIndex?: boolean
  env?: Record<string, string | undefined>
  timeouts?: Partial<MeiliTimeouts>
  log?: Log
  /** A stored related-threads list changed (the worker computed it): drop the thread's cached pages. */
  onRelatedListChanged?: (questionId: number) => void
  /**
   * Run the sentence encoder in its thread (the server does; default off, so tests and scripts
   * that do not need it skip its ~200 MB): the asker's vector for similar questions, and, where
   * the outbox worker runs, the job that keeps the threads' vectors current. `modelModule` names
   * another weights package (a test names a missing one); `queryBudgetMs` is how long a look-up
   * waits for the asker's vector (default 250 ms; a test on a busy machine gives it more).
   */
  encoder?: boolean | { modelModule?: string; queryBudgetMs?: number }
}

/** Starts Meilisearch (or connects to it), applies the index settings and starts the worker. */
export async function startSearch(options: StartSearchOptions = {}): Promise<void> {
  const s = state()
  if (s.started) return
  s.started = true
  s.log = options.log ?? defaultLog
  s.breaker = new CircuitBreaker()
  s.indexReady = false
  s.fillEmptyIndex = options.fillEmptyIndex !== false
  s.onRelatedListChanged = options.onRelatedListChanged ?? (() => {})
  await s.ftsThreads?.warm().catch((error: unknown) => {
    s.log('error', `FTS5 look-up thread did not start: ${describeError(error)}`)
  })
  if (options.encoder) await startEncoder(s, options.encoder === true ? {} : options.encoder)

  let connection: (() => MeiliConnection) | null = null
  let description = ''
  if (options.meilisearch !== undefined) {
    const given = options.meilisearch
    if (given) {
      connection = typeof given === 'function' ? given : () => given
      description = `Meilisearch at ${connection().host}`
    } else {
      s.ftsOnlyReason = 'Meilisearch disabled'
    }
  } else {
    const setup = await resolveMeiliSetup(options.env ?? process.env, s.log)
    if (setup.kind === 'external') {
      const given = { host: setup.host, apiKey: setup.apiKey }
      connection = () => given
      description = `Meilisearch at ${setup.host} (MEILI_HOST)`
    } else if (setup.kind === 'managed') {
      const sidecar = setup.sidecar
      s.sidecar = sidecar
      connection = () => ({ host: sidecar.host, apiKey: sidecar.masterKey })
      try {
        await sidecar.start()
        description = `Meilisearch ${sidecar.pid ? `pid ${sidecar.pid} ` : ''}on ${sidecar.host} (managed)`
      } catch (error) {
        // It keeps trying in the background; meanwhile FTS5 answers and the outbox waits.
        description = 'the managed Meilisearch'
        s.log('error', `The managed Meilisearch did not start: ${describeError(error)}`)
      }
    } else {
      s.ftsOnlyReason = setup.reason
    }
  }

  if (connection) {
    s.meili = new MeilisearchBackend(connection, { timeouts: options.timeouts })
    try {
      await ensureIndex(s, s.meili)
      s.log('info', `Search: ${description}, index "${s.meili.indexUid}" ready.`)
    } catch (error) {
      noteFailure(s, error)
      s.log(
        'warn',
        `Search: ${description} is not ready (${describeError(error)}); answering from SQLite FTS5 until it is.`,
      )
    }
  } else {
    s.log('warn', `Search runs on SQLite FTS5 only: ${s.ftsOnlyReason}.`)
  }
  // Committed writes wake them through nudgeSearchWorker() (app/models/subscribers.server.ts).
  if (options.worker !== false) {
    s.worker.start()
    s.relatedJob.start()
    s.vectorJob?.start()
  }
}

/**
 * Starts the encoder thread and waits for its model (a second or so, off the event loop), so
 * the first askers get vectors; a model that does not load leaves similar questions on keywords
 * and /healthz degraded. The query encoder waits QUERY_VECTOR_BUDGET_MS at most (by default).
 */
async function startEncoder(
  s: SearchState,
  options: { modelModule?: string; queryBudgetMs?: number },
) {
  const encoder = new EncoderThread({ modelModule: options.modelModule })
  const budgetMs = options.queryBudgetMs ?? QUERY_VECTOR_BUDGET_MS
  s.encoder = encoder
  s.vectorJob = new VectorJob({
    db: s.db,
    encode: (texts) => encoder.encode(texts, { priority: 'background', timeoutMs: 60_000 }),
    log: (message) => s.log('warn', message),
  })
  const recent = new LRUCache<string, Float32Array>({ max: QUERY_VECTOR_CACHE })
  // encodeQuery hands over the asker's text already cut (queryEncodedText): it is the cache key.
  setQueryEncoder(async (key) => {
    const known = recent.get(key)
    if (known) return known
    try {
      const [vector] = await encoder.encode([key], {
        priority: 'query',
        timeoutMs: budgetMs,
      })
      if (!vector) return null
      recent.set(key, vector)
      return vector
    } catch {
      return null // too slow or not available: this look-up ranks by keywords (health says why)
    }
  })
  await encoder.start().catch((error: unknown) => {
    s.log('error', `The sentence encoder did not load: ${describeError(error)}`)
  })
}

/**
 * This process drains the outbox and computes the related-threads lists from now on (a cluster's
 * leader, also when the role moved to it), and fills the index if it is still empty.
 */
export function startOutboxWorker() {
  const s = state()
  s.fillEmptyIndex = true
  s.worker.start()
  s.relatedJob.start()
  s.vectorJob?.start()
  const meili = s.meili
  if (meili && s.indexReady) fillIfEmpty(s, meili).catch((error) => noteFailure(s, error))
}

export interface SharedMeilisearch {
  connection: () => MeiliConnection
  /** Called with the new connection when a restart had to move it to another port. */
  onMove: (listener: (connection: MeiliConnection) => void) => void
}

/**
 * In a cluster's primary: starts the managed Meilisearch once, for every worker, when the
 * environment asks for one (no MEILI_HOST). Null otherwise: then each worker follows the same
 * environment to the same MEILI_HOST, or to FTS5 alone. stopSearch() stops it.
 */
export async function startSharedMeilisearch(
  options: Pick<StartSearchOptions, 'env' | 'log'> = {},
): Promise<SharedMeilisearch | null> {
  const s = state()
  const log = options.log ?? defaultLog
  const setup = await resolveMeiliSetup(options.env ?? process.env, log)
  if (setup.kind !== 'managed') return null
  const sidecar = setup.sidecar
  s.sidecar = sidecar
  try {
    await sidecar.start()
    log('info', `Meilisearch pid ${sidecar.pid ?? '?'} on ${sidecar.host} (managed, shared).`)
  } catch (error) {
    // It keeps trying in the background; meanwhile the workers answer from FTS5.
    log('error', `The managed Meilisearch did not start: ${describeError(error)}`)
  }
  const connection = () => ({ host: sidecar.host, apiKey: sidecar.masterKey })
  return {
    connection,
    onMove: (listener) => sidecar.onHostChange(() => listener(connection())),
  }
}

/** Stops the worker (after its batch) and the managed Meilisearch. */
export async function stopSearch(): Promise<void> {
  const s = globalForSearch.__peerdeskSearch
  if (!s) return
  await s.worker.stop()
  await s.relatedJob.stop()
  await s.vectorJob?.stop()
  s.vectorJob = null
  setQueryEncoder(null)
  await s.encoder?.close()
  s.encoder = null
  await s.ftsThreads?.close()
  await s.sidecar?.stop()
  s.sidecar = null
  s.meili = null
  s.indexReady = false
  s.started = false
  s.ftsOnlyReason = 'search stopped'
}

function meiliIfAllowed(s: SearchState) {
  return s.meili && s.breaker.allows() ? s.meili : null
}

/** Full-text search with filters, facets and highlights; never throws because search is down. */
export async function searchThreads(query: SearchQuery): Promise<SearchResult> {
  const s = state()
  const meili = meiliIfAllowed(s)
  if (meili) {
    try {
      const result = await meili.search(query)
      noteSuccess(s)
      return result
    } catch (error) {
      noteFailure(s, error)
    }
  }
  return ftsSearch(s, query)
}

/** The FTS5 fallback in a look-up thread (in place, should the thread fail). */
async function ftsSearch(s: SearchState, query: SearchQuery): Promise<SearchResult> {
  if (s.ftsThreads) {
    try {
      return await s.ftsThreads.search(query)
    } catch (error) {
      s.log('warn', `FTS5 thread: ${describeError(error)}; searching in the server process`)
    }
  }
  return s.fts.searchSync(query)
}

async function meiliSimilar(s: SearchState, query: SimilarQuery): Promise<SimilarHit[] | null> {
  const meili = meiliIfAllowed(s)
  if (!meili) return null
  try {
    const hits = await meili.similar(query)
    noteSuccess(s)
    return hits
  } catch (error) {
    noteFailure(s, error)
    return null
  }
}

/**
 * BM25 candidates in a look-up thread. Should the thread fail, the look-up runs here, on the
 * event loop: slower for everyone, but the asker still gets the list.
 */
async function bm25Similar(s: SearchState, query: SimilarQuery, plain = false) {
  if (s.ftsThreads) {
    try {
      return await s.ftsThreads.similar(query, plain)
    } catch (error) {
      s.log('warn', `FTS5 thread: ${describeError(error)}; ranking in the server process`)
    }
  }
  return s.fts.similarSync(query, { plain })
}

/** The learned ranking's BM25 pool, in a look-up thread (in place, should the thread fail). */
async function similarCandidates(s: SearchState, query: SimilarQuery, pool: number) {
  if (s.ftsThreads) {
    try {
      return await s.ftsThreads.similarCandidates(query, pool)
    } catch (error) {
      s.log('warn', `FTS5 thread: ${describeError(error)}; ranking in the server process`)
    }
  }
  return s.fts.similarCandidatesSync(query, pool)
}

/** Threads like what an asker is typing (see similar.server.ts for how they are ranked). */
export async function similarQuestions(query: SimilarQuery): Promise<SimilarHit[]> {
  const s = state()
  return rankSimilar(query, {
    bm25: (q, plain) => bm25Similar(s, q, plain),
    candidates: (q, pool) => similarCandidates(s, q, pool),
    encode: encodeQuery,
    meilisearch: (q) => meiliSimilar(s, q),
  })
}

/** The stored "resolved threads that may help" of an open question (see related-lists.server.ts). */
export function relatedResolvedThreads(questionId: number): SimilarHit[] {
  return storedRelatedThreads(state().db, questionId)
}

/** Computes the related-threads lists due now (the job does this in the background). */
export function computeDueRelatedLists(now?: number): Promise<number> {
  return state().relatedJob.runOnce(now)
}

/** Wakes the outbox worker and the related-threads and vector jobs: a write has queued work. */
export function nudgeSearchWorker() {
  globalForSearch.__peerdeskSearch?.worker.nudge()
  globalForSearch.__peerdeskSearch?.relatedJob.nudge()
  globalForSearch.__peerdeskSearch?.vectorJob?.nudge()
}

/**
 * Which backend answers, whether that is the intended one, the outbox lag, and the sentence
 * encoder's state (a failed one degrades search: similar questions rank by keywords alone).
 */
export async function searchHealth(): Promise<SearchHealth> {
  const s = state()
  const backend = await backendHealth(s)
  const encoder: EncoderHealth = s.encoder
    ? s.encoder.status()
    : { status: 'off', detail: 'the sentence encoder is not started' }
  if (encoder.status !== 'failed') return { ...backend, encoder }
  const why = `sentence encoder failed (${encoder.detail ?? 'no detail'}); similar questions rank by keywords`
  return {
    ...backend,
    status: 'degraded',
    detail: backend.detail ? `${backend.detail}; ${why}` : why,
    encoder,
  }
}

async function backendHealth(s: SearchState): Promise<Omit<SearchHealth, 'encoder'>> {
  const outbox = outboxLag(s.db)
  if (!s.meili) {
    return { backend: 'sqlite-fts', status: 'degraded', detail: s.ftsOnlyReason, outbox }
  }
  if (!s.breaker.allows()) {
    return {
      backend: 'sqlite-fts',
      status: 'degraded',
      detail: `Meilisearch unavailable (${s.breaker.lastError}); retrying in ${Math.ceil(s.breaker.retryInMs() / 1000)} s`,
      outbox,
    }
  }
  const health = await s.meili.health()
  if (!health.ok) {
    noteFailure(s, new Error(health.detail ?? 'unhealthy'))
    return { backend: 'sqlite-fts', status: 'degraded', detail: health.detail, outbox }
  }
  if (!s.indexReady) {
    return {
      backend: 'sqlite-fts',
      status: 'degraded',
      detail: 'Meilisearch index not ready',
      outbox,
    }
  }
  if ((outbox.oldestPendingAgeMs ?? 0) > LAG_DEGRADED_MS) {
    return {
      backend: 'meilisearch',
      status: 'degraded',
      detail: `search index is ${Math.round((outbox.oldestPendingAgeMs ?? 0) / 1000)} s behind`,
      outbox,
    }
  }
  return { backend: 'meilisearch', status: 'ok', outbox }
}

/** One outbox batch now (tests; the worker loop does this by itself). */
export async function drainOutboxOnce(options: DrainOptions = {}): Promise<DrainResult> {
  const s = state()
  if (!s.started) throw new Error('startSearch() has not run: nothing to drain the outbox to.')
  return s.worker.drainOnce(options)
}

/** Drains until no row is due (tests, the reindex). Stops at the first failed batch. */
export async function drainOutbox(options: DrainOptions = {}): Promise<DrainResult> {
  const total: DrainResult = { rows: 0, threads: 0, upserted: 0, deleted: 0 }
  for (;;) {
    const result = await drainOutboxOnce(options)
    total.rows += result.rows
    total.threads += result.threads
    total.upserted += result.upserted
    total.deleted += result.deleted
    if (result.error) return { ...total, error: result.error }
    if (result.rows === 0) return total
  }
}

/** The Meilisearch backend in use, if any (reindex, tests). */
export function meilisearchBackend(): MeilisearchBackend | null {
  return state().meili
}
