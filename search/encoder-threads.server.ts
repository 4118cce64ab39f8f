// The sentence encoder in ONE worker thread (encoder-thread.server.ts), so encoding (10–40 ms a
// text of CPU) never holds the server's event loop. Status for /healthz: 'loading' until the
// model is in memory, 'ok', or 'failed' — a model that did not load stays failed with its message
// (loading again would fail the same way); a thread that crashed is started again by the next
// request, after a pause that doubles with each crash in a row.
import { Worker } from 'node:worker_threads'
import { findThreadEntry } from '#db/thread-entry.server.ts'

export interface EncoderThreadData {
  /** The npm module with the model's weights (sentence-encoder.ts loadSentenceEncoder). */
  modelModule?: string
}
export type EncoderPriority = 'query' | 'background'
export interface EncoderRequest {
  id: number
  texts: string[]
  priority: EncoderPriority
  /** Date.now() after which nobody waits for the answer: the thread drops the request. */
  deadline: number
}
export type EncoderReply = { id: number; vectors: Float32Array[] } | { id: number; error: string }
/** Sent once by the thread: the model loaded, or why it did not. */
export type EncoderThreadState = { state: 'ready' } | { state: 'load-failed'; detail: string }

export interface EncoderStatus {
  status: 'loading' | 'ok' | 'failed'
  detail?: string
}

export interface EncodeOptions {
  /** How long the caller waits (default 30 s); then the promise rejects and the thread skips it. */
  timeoutMs?: number
  /** 'query' (someone is waiting) goes before 'background' (default). */
  priority?: EncoderPriority
}

export interface EncoderThreadOptions {
  modelModule?: string
  /** Pause before restarting a crashed thread (default 1 s), doubling per crash in a row. */
  restartDelayMs?: number
  /** The longest such pause (default 60 s). */
  maxRestartDelayMs?: number
}

const ENTRY = 'search/encoder-thread.mjs'

interface Waiting {
  resolve: (vectors: Float32Array[]) => void
  reject: (error: Error) => void
  timer: NodeJS.Timeout
}

export class EncoderThread {
  readonly #options: EncoderThreadOptions
  #worker: Worker | null = null
  #ready: Promise<void> | null = null
  readonly #waiting = new Map<number, Waiting>()
  #nextId = 1
  #status: EncoderStatus = { status: 'loading', detail: 'not started' }
  /** Why the model did not load: kept until close(). */
  #loadFailure: string | null = null
  #crashesInARow = 0
  #restartAt = 0

  constructor(options: EncoderThreadOptions = {}) {
    this.#options = options
  }

  /** Starts the thread (if it is not running) and resolves once the model has loaded. */
  start(): Promise<void> {
    if (this.#loadFailure) return Promise.reject(new Error(this.#loadFailure))
    if (this.#worker && this.#ready) return this.#ready
    return this.#spawn()
  }

  status(): EncoderStatus {
    return { ...this.#status }
  }

  /** One unit-length vector per text, in order (an empty text: a zero vector). */
  encode(texts: readonly string[], options: EncodeOptions = {}): Promise<Float32Array[]> {
    if (this.#loadFailure) {
      return Promise.reject(new Error(`the sentence encoder did not load: ${this.#loadFailure}`))
    }
    if (texts.length === 0) return Promise.resolve([])
    if (!this.#worker) {
      const wait = this.#restartAt - Date.now()
      if (wait > 0) {
        return Promise.reject(
          new Error(`the encoder thread restarts in ${Math.ceil(wait / 1000)} s`),
        )
      }
      void this.#spawn().catch(() => {}) // a load failure is kept in the status
    }
    const worker = this.#worker!
    const timeoutMs = options.timeoutMs ?? 30_000
    const id = this.#nextId++
    return new Promise<Float32Array[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#settle(id)?.reject(new Error(`the encoder did not answer within ${timeoutMs} ms`))
      }, timeoutMs)
      timer.unref()
      this.#waiting.set(id, { resolve, reject, timer })
      worker.ref() // an answer is awaited: the process stays up for it
      const request: EncoderRequest = {
        id,
        texts: [...texts],
        priority: options.priority ?? 'background',
        deadline: Date.now() + timeoutMs,
      }
      worker.postMessage(request)
    })
  }

  /** Stops the thread; a later start() or encode() starts a new one (and tries the model again). */
  async close(): Promise<void> {
    const worker = this.#worker
    this.#worker = null
    this.#ready = null
    this.#loadFailure = null
    this.#crashesInARow = 0
    this.#restartAt = 0
    this.#status = { status: 'loading', detail: 'not started' }
    this.#failWaiting(new Error('the encoder thread is stopped'))
    await worker?.terminate()
  }

  #spawn(): Promise<void> {
    const worker = new Worker(findThreadEntry(ENTRY, import.meta.url), {
      workerData: { modelModule: this.#options.modelModule } satisfies EncoderThreadData,
      execArgv: [], // the entry registers tsx itself; the parent's flags may not suit a thread
    })
    this.#worker = worker
    this.#status = { status: 'loading', detail: 'loading the model' }
    let settle!: { resolve: () => void; reject: (error: Error) => void }
    const ready = new Promise<void>((resolve, reject) => (settle = { resolve, reject }))
    ready.catch(() => {}) // whoever awaits start() hears of it; the status keeps it
    this.#ready = ready
    worker.unref()

    worker.on('message', (message: EncoderReply | EncoderThreadState) => {
      if ('state' in message) {
        if (message.state === 'ready') {
          this.#status = { status: 'ok' }
          settle.resolve()
        } else {
          this.#loadFailure = message.detail
          this.#status = { status: 'failed', detail: `the model did not load: ${message.detail}` }
          this.#retire(worker)
          this.#failWaiting(new Error(`the sentence encoder did not load: ${message.detail}`))
          settle.reject(new Error(message.detail))
          void worker.terminate()
        }
        return
      }
      const waiting = this.#settle(message.id)
      if (!waiting) return // it timed out
      if ('error' in message) return waiting.reject(new Error(message.error))
      this.#crashesInARow = 0
      waiting.resolve(message.vectors)
    })
    const crashed = (error: Error) => {
      settle.reject(error) // also when close() ended it: whoever awaits start() hears of it
      if (!this.#retire(worker)) return // stopped, failed to load, or already counted
      this.#crashesInARow++
      const base = this.#options.restartDelayMs ?? 1000
      const max = this.#options.maxRestartDelayMs ?? 60_000
      const delay = Math.min(max, base * 2 ** (this.#crashesInARow - 1))
      this.#restartAt = Date.now() + delay
      this.#status = {
        status: 'failed',
        detail: `${error.message}; restarts at the next request after ${Math.ceil(delay / 1000)} s`,
      }
      this.#failWaiting(error)
    }
    worker.on('error', crashed)
    worker.on('exit', (code) => crashed(new Error(`the encoder thread exited (code ${code})`)))
    return ready
  }

  /** Forgets `worker` if it is the current one; says whether it was. */
  #retire(worker: Worker): boolean {
    if (this.#worker !== worker) return false
    this.#worker = null
    this.#ready = null
    return true
  }

  #settle(id: number): Waiting | undefined {
    const waiting = this.#waiting.get(id)
    if (!waiting) return undefined
    this.#waiting.delete(id)
    clearTimeout(waiting.timer)
    if (this.#waiting.size === 0) this.#worker?.unref()
    return waiting
  }

  #failWaiting(error: Error) {
    for (const id of [...this.#waiting.keys()]) this.#settle(id)?.reject(error)
  }
}
