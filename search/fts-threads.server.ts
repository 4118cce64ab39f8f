// FTS5 look-ups (similar questions; search while Meilisearch is away) run in worker threads
// (fts-thread.server.ts), each with its own read-only connection to the database file: BM25 over
// a big index costs tens of milliseconds, which on the event loop would hold every other request
// for as long. A database in memory cannot be opened by a second connection; its callers look up
// in place (index.server.ts).
import os from 'node:os'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { findThreadEntry } from '#db/thread-entry.server.ts'
import type { SimilarCandidate } from './similar-ranker.ts'
import type { SearchQuery, SearchResult, SimilarHit, SimilarQuery } from './types.ts'

export interface FtsThreadData {
  file: string
}
export type FtsRequest =
  | { id: number; kind: 'similar'; query: SimilarQuery; plain: boolean }
  | { id: number; kind: 'candidates'; query: SimilarQuery; pool: number }
  | { id: number; kind: 'search'; query: SearchQuery }
export type FtsReply =
  | { id: number; kind: 'similar'; hits: SimilarHit[] }
  | { id: number; kind: 'candidates'; candidates: SimilarCandidate[] }
  | { id: number; kind: 'search'; result: SearchResult }
  | { id: number; error: string }

/** Sent once by a thread that has opened the database and can take look-ups. */
export interface FtsReady {
  ready: true
}

type Answer = Exclude<FtsReply, { error: string }>

const ENTRY = 'search/fts-thread.mjs'

interface Waiting {
  resolve: (answer: Answer) => void
  reject: (error: Error) => void
}

interface FtsThread {
  worker: Worker
  waiting: Map<number, Waiting>
  ready: Promise<void>
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never

export class FtsThreads {
  readonly #file: string
  readonly #size: number
  readonly #threads: (FtsThread | null)[] = []
  #nextId = 1

  /** `size` threads at most, started as the load needs them (two cores here: two). */
  constructor(file: string, size = Math.min(2, os.availableParallelism())) {
    this.#file = path.resolve(file)
    this.#size = Math.max(1, size)
  }

  /** Starts the first thread now and waits until it has loaded, so no look-up waits for that. */
  async warm(): Promise<void> {
    await (this.#threads[0] ??= this.#spawn(0)).ready
  }

  async similar(query: SimilarQuery, plain = false): Promise<SimilarHit[]> {
    const answer = await this.#ask({ kind: 'similar', query, plain })
    if (answer.kind !== 'similar') throw new Error('the FTS5 thread answered another question')
    return answer.hits
  }

  /** The learned ranking's BM25 pool with features and vectors (similarCandidatesSync). */
  async similarCandidates(query: SimilarQuery, pool: number): Promise<SimilarCandidate[]> {
    const answer = await this.#ask({ kind: 'candidates', query, pool })
    if (answer.kind !== 'candidates') throw new Error('the FTS5 thread answered another question')
    return answer.candidates
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const answer = await this.#ask({ kind: 'search', query })
    if (answer.kind !== 'search') throw new Error('the FTS5 thread answered another question')
    return answer.result
  }

  #ask(request: WithoutId<FtsRequest>): Promise<Answer> {
    const thread = this.#leastBusy()
    const id = this.#nextId++
    return new Promise<Answer>((resolve, reject) => {
      thread.waiting.set(id, { resolve, reject })
      thread.worker.ref() // an answer is awaited: the process stays up for it
      thread.worker.postMessage({ ...request, id } satisfies FtsRequest)
    })
  }

  /** Stops the threads (a later look-up starts them again). */
  async close() {
    const threads = this.#threads.splice(0).filter((t): t is FtsThread => t != null)
    for (const thread of threads) this.#fail(thread, new Error('the FTS5 threads are stopped'))
    await Promise.all(threads.map((t) => t.worker.terminate()))
  }

  /** An idle thread if there is one (starting the next only when all are busy), else the least busy. */
  #leastBusy(): FtsThread {
    let best: FtsThread | null = null
    for (let i = 0; i < this.#size; i++) {
      const thread = (this.#threads[i] ??= this.#spawn(i))
      if (!best || thread.waiting.size < best.waiting.size) best = thread
      if (best.waiting.size === 0) break
    }
    return best!
  }

  #spawn(slot: number): FtsThread {
    const worker = new Worker(findThreadEntry(ENTRY, import.meta.url), {
      workerData: { file: this.#file } satisfies FtsThreadData,
      execArgv: [], // the entry registers tsx itself; the parent's flags may not suit a thread
    })
    let settle!: { resolve: () => void; reject: (error: Error) => void }
    const ready = new Promise<void>((resolve, reject) => (settle = { resolve, reject }))
    ready.catch(() => {}) // a thread that never loads fails its look-ups; warm() reports it
    const thread: FtsThread = { worker, waiting: new Map(), ready }
    worker.unref()
    worker.on('message', (reply: FtsReply | FtsReady) => {
      if ('ready' in reply) return settle.resolve()
      const waiting = thread.waiting.get(reply.id)
      if (!waiting) return
      thread.waiting.delete(reply.id)
      if (thread.waiting.size === 0) worker.unref()
      if ('error' in reply) waiting.reject(new Error(reply.error))
      else waiting.resolve(reply)
    })
    const retire = (error: Error) => {
      if (this.#threads[slot] === thread) this.#threads[slot] = null // the next look-up starts a new one
      settle.reject(error)
      this.#fail(thread, error)
    }
    worker.on('error', retire)
    worker.on('exit', (code) => retire(new Error(`the FTS5 thread exited (code ${code})`)))
    return thread
  }

  #fail(thread: FtsThread, error: Error) {
    for (const waiting of thread.waiting.values()) waiting.reject(error)
    thread.waiting.clear()
  }
}
