// The sentence-encoder thread: loads the model (~150 ms, ~200 MB) and answers encode requests
// with Float32Array vectors, their buffers transferred. Encoding costs 10–40 ms a text of CPU,
// so it runs here, never on the server's event loop. Query requests (an asker waiting) go before
// background ones (the vector job), which are encoded a few texts at a time so a query waits for
// one small chunk at most; a request whose deadline has passed is dropped unencoded.
import { parentPort, workerData } from 'node:worker_threads'
import type {
  EncoderReply,
  EncoderRequest,
  EncoderThreadData,
  EncoderThreadState,
} from './encoder-threads.server.ts'
import { loadSentenceEncoder, type SentenceEncoder } from './sentence-encoder.ts'

/** Texts encoded at once from a background request, between looks at the queue. */
const BACKGROUND_CHUNK = 2

interface Pending {
  request: EncoderRequest
  vectors: Float32Array[]
}

const { modelModule } = workerData as EncoderThreadData
const queries: Pending[] = []
const background: Pending[] = []
let encoder: SentenceEncoder | null = null
let draining = false

function reply(message: EncoderReply, transfer: ArrayBuffer[] = []) {
  parentPort?.postMessage(message, transfer)
}

async function drain() {
  if (draining || !encoder) return
  draining = true
  try {
    for (;;) {
      const next = queries[0] ?? background[0]
      if (!next) break
      const { request } = next
      if (Date.now() > request.deadline) {
        ;(next === queries[0] ? queries : background).shift()
        reply({ id: request.id, error: 'expired before the encoder reached it' })
        continue
      }
      const from = next.vectors.length
      const size = request.priority === 'query' ? request.texts.length : BACKGROUND_CHUNK
      try {
        next.vectors.push(...(await encoder.encode(request.texts.slice(from, from + size))))
      } catch (error) {
        ;(next === queries[0] ? queries : background).shift()
        reply({ id: request.id, error: error instanceof Error ? error.message : String(error) })
        continue
      }
      if (next.vectors.length >= request.texts.length) {
        ;(next === queries[0] ? queries : background).shift()
        const buffers = next.vectors.map((v) => v.buffer as ArrayBuffer)
        reply({ id: request.id, vectors: next.vectors }, buffers)
      }
      // Let requests that arrived meanwhile in: a query goes before the rest of a batch.
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
  } finally {
    draining = false
  }
}

parentPort?.on('message', (request: EncoderRequest) => {
  ;(request.priority === 'query' ? queries : background).push({ request, vectors: [] })
  void drain()
})

try {
  encoder = await loadSentenceEncoder(modelModule)
  parentPort?.postMessage({ state: 'ready' } satisfies EncoderThreadState)
  void drain()
} catch (error) {
  const detail = error instanceof Error ? error.message : String(error)
  parentPort?.postMessage({ state: 'load-failed', detail } satisfies EncoderThreadState)
}
