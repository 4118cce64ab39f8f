// The primary of a cluster (WEB_CONCURRENCY > 1): it serves no request. Once the site is
// prepared (app/lib/process.server.ts: migrations, demo seed, the managed Meilisearch), it forks
// the workers and looks after them: it relays each worker's notices to the others, picks the one
// worker that leads (the first ready; another when the leader dies), restarts a worker that
// died, and on shutdown stops them all before the shared services.
import cluster, { type Worker } from 'node:cluster'
import { isClusterMessage, WORKER_MARK, type ClusterMessage } from './cluster.server.ts'

export interface SupervisorOptions {
  count: number
  /** Added to every worker's environment (how to reach the shared Meilisearch). */
  env: Record<string, string>
  /** After the last worker has exited on shutdown: the shared services. */
  stop: () => Promise<void>
}

/** A worker that lived shorter than this before dying is restarted after a growing pause. */
const QUICK_DEATH_MS = 10_000
const STOP_TIMEOUT_MS = 15_000

export function superviseWorkers(options: SupervisorOptions) {
  let leaderId: number | null = null
  let stopping = false
  let quickDeaths = 0
  const ready = new Set<number>()
  const startedAt = new Map<number, number>()

  const live = () =>
    Object.values(cluster.workers ?? {}).filter((w): w is Worker => w != null && w.isConnected())

  const fork = () => {
    const worker = cluster.fork({ ...options.env, [WORKER_MARK]: '1' })
    startedAt.set(worker.id, Date.now())
  }

  const lead = (worker: Worker) => {
    leaderId = worker.id
    worker.send({ peerdesk: 'lead' } satisfies ClusterMessage)
    console.log(`[cluster] Worker ${worker.id} (pid ${worker.process.pid}) leads.`)
  }

  cluster.on('message', (from, message: unknown) => {
    if (!isClusterMessage(message)) return
    if (message.peerdesk === 'relay') {
      for (const worker of live()) if (worker !== from) worker.send(message)
    } else if (message.peerdesk === 'ready') {
      ready.add(from.id)
      if (leaderId == null && !stopping) lead(from)
    }
  })

  cluster.on('exit', (worker, code, signal) => {
    ready.delete(worker.id)
    const wasLeader = worker.id === leaderId
    if (wasLeader) leaderId = null
    if (stopping) return
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0)
    startedAt.delete(worker.id)
    quickDeaths = lived < QUICK_DEATH_MS ? quickDeaths + 1 : 0
    const delay = quickDeaths > 1 ? Math.min(30_000, 500 * 2 ** quickDeaths) : 0
    console.error(
      `[cluster] Worker ${worker.id} (pid ${worker.process.pid}) exited (${signal ?? `code ${code}`}); ` +
        `starting another${delay ? ` in ${delay} ms` : ''}.`,
    )
    if (wasLeader) {
      // Another serving worker takes over at once; with none ready, the next one ready leads.
      const next = live().find((w) => ready.has(w.id))
      if (next) lead(next)
    }
    setTimeout(() => stopping || fork(), delay)
  })

  for (let i = 0; i < options.count; i++) fork()
  console.log(`[cluster] Primary ${process.pid} started ${options.count} workers.`)

  return {
    /** Tells every worker (the managed Meilisearch moved). */
    broadcast(message: ClusterMessage) {
      for (const worker of live()) worker.send(message)
    },

    /** SIGTERM to every worker (each closes its connections), then the shared services. */
    async shutdown(signal: string) {
      if (stopping) return
      stopping = true
      console.log(`${signal} received: stopping the workers…`)
      const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w != null)
      const exited = workers.map(
        (w) => new Promise<void>((resolve) => (w.isDead() ? resolve() : w.once('exit', resolve))),
      )
      for (const worker of workers) worker.process.kill('SIGTERM')
      const timer = setTimeout(() => {
        for (const worker of workers) if (!worker.isDead()) worker.process.kill('SIGKILL')
      }, STOP_TIMEOUT_MS)
      await Promise.all(exited)
      clearTimeout(timer)
      await options.stop()
    },
  }
}
