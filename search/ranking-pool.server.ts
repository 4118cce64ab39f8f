// Similar-question look-ups run in worker threads (ranking-thread.server.ts), each with its own
// read-only connection to the database file: BM25 over a big index costs tens of milliseconds,
// which on the event loop would hold every other request for as long. A database in memory
// cannot be opened by a second connection; its callers rank in place (index.server.ts).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { SimilarHit, SimilarQuery } from './types.ts'

export interface RankingThreadData {
  file: string
}
export interface RankingRequest {
  id: number
  query: SimilarQuery
  plain: boolean
}
export type RankingReply = { id: number; hits: SimilarHit[] } | { id: number; error: string }

const ENTRY = 'search/ranking-thread.mjs'

/** The thread's entry file, found above this module: it sits in search/ in dev, in build/ built. */
function findEntry(): string {
  const here = fileURLToPath(import.meta.url)
  for (let dir = path.dirname(here); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, ENTRY)
    if (fs.existsSync(candidate)) return candidate
    if (path.dirname(dir) === dir) throw new Error(`${ENTRY} not found above ${here}`)
  }
}

interface Waiting {
  resolve: (hits: SimilarHit[]) => void
  reject: (error: Error) => void
}

interface RankingThread {
  worker: Worker
  waiting: Map<number, Waiting>
}

export class RankingPool {
  readonly #file: string
  readonly #size: number
  readonly #threads: (RankingThread | null)[] = []
  #nextId = 1

  /** `size` threads at most, started as the load needs them (two cores here: two). */
  constructor(file: string, size = Math.min(2, os.availableParallelism())) {
    this.#file = path.resolve(file)
    this.#size = Math.max(1, size)
  }

  /** Starts the first thread now, so the first asker does not wait for it to load. */
  warm() {
    this.#threads[0] ??= this.#spawn(0)
  }

  rank(query: SimilarQuery, plain = false): Promise<SimilarHit[]> {
    const thread = this.#leastBusy()
    const id = this.#nextId++
    return new Promise<SimilarHit[]>((resolve, reject) => {
      thread.waiting.set(id, { resolve, reject })
      thread.worker.ref() // an answer is awaited: the process stays up for it
      thread.worker.postMessage({ id, query, plain } satisfies RankingRequest)
    })
  }

  /** Stops the threads (a later look-up starts them again). */
  async close() {
    const threads = this.#threads.splice(0).filter((t): t is RankingThread => t != null)
    for (const thread of threads) this.#fail(thread, new Error('the ranking threads are stopped'))
    await Promise.all(threads.map((t) => t.worker.terminate()))
  }

  /** An idle thread if there is one (starting the next only when all are busy), else the least busy. */
  #leastBusy(): RankingThread {
    let best: RankingThread | null = null
    for (let i = 0; i < this.#size; i++) {
      const thread = (this.#threads[i] ??= this.#spawn(i))
      if (!best || thread.waiting.size < best.waiting.size) best = thread
      if (best.waiting.size === 0) break
    }
    return best!
  }

  #spawn(slot: number): RankingThread {
    const worker = new Worker(findEntry(), {
      workerData: { file: this.#file } satisfies RankingThreadData,
      execArgv: [], // the entry registers tsx itself; the parent's flags may not suit a thread
    })
    const thread: RankingThread = { worker, waiting: new Map() }
    worker.unref()
    worker.on('message', (reply: RankingReply) => {
      const waiting = thread.waiting.get(reply.id)
      if (!waiting) return
      thread.waiting.delete(reply.id)
      if (thread.waiting.size === 0) worker.unref()
      if ('error' in reply) waiting.reject(new Error(reply.error))
      else waiting.resolve(reply.hits)
    })
    const retire = (error: Error) => {
      if (this.#threads[slot] === thread) this.#threads[slot] = null // the next look-up starts a new one
      this.#fail(thread, error)
    }
    worker.on('error', retire)
    worker.on('exit', (code) => retire(new Error(`the ranking thread exited (code ${code})`)))
    return thread
  }

  #fail(thread: RankingThread, error: Error) {
    for (const waiting of thread.waiting.values()) waiting.reject(error)
    thread.waiting.clear()
  }
}
