// Several processes serve one site when WEB_CONCURRENCY > 1 (server.ts): node:cluster's primary
// forks the workers (app/lib/primary.server.ts), and every message between workers goes through
// it. This module is a serving process's side: which worker it is, whether it leads (drains the
// search outbox and runs the scheduled jobs), and the relay that carries after-commit notices to
// the other workers, so caches and live streams everywhere follow a write made anywhere.
// A single process (WEB_CONCURRENCY=1, tests, scripts) never joins: it leads, and relays nothing.
import cluster from 'node:cluster'
import type { MeiliConnection } from '#search/meilisearch.server.ts'

/**
 * Messages between the primary and its workers. Each carries `peerdesk`, which tells them from
 * the others on the same IPC channel (rate-limiter-flexible's, node:cluster's own).
 */
export type ClusterMessage =
  /** worker → primary → every other worker: something committed here. */
  | { peerdesk: 'relay'; channel: string; payload: unknown }
  /** worker → primary: started and serving. */
  | { peerdesk: 'ready' }
  /** primary → one worker: you lead from now on. */
  | { peerdesk: 'lead' }
  /** primary → workers: the managed Meilisearch moved to another port. */
  | { peerdesk: 'meilisearch'; connection: MeiliConnection }

/** In the environment of the workers our primary forks (not another manager's, e.g. pm2's). */
export const WORKER_MARK = 'PEERDESK_CLUSTER_WORKER'

/** A worker of Peerdesk's own cluster (primary.server.ts); anything else serves on its own. */
export function isClusterWorker() {
  return cluster.isWorker && process.env[WORKER_MARK] === '1'
}

export function isClusterMessage(message: unknown): message is ClusterMessage {
  return typeof message === 'object' && message !== null && 'peerdesk' in message
}

const member = {
  joined: false,
  leader: false,
  handlers: new Map<string, (payload: unknown) => void>(),
}

export interface ClusterRoles {
  /** The primary chose this worker to lead (at start, or when the leader died). */
  lead: () => void
  meilisearch: (connection: MeiliConnection) => void
}

/** A worker process, once it serves: listens to the primary and tells it that it is ready. */
export function joinCluster(roles: ClusterRoles) {
  if (!isClusterWorker() || member.joined) return
  member.joined = true
  process.on('message', (message: unknown) => {
    if (!isClusterMessage(message)) return
    if (message.peerdesk === 'relay') {
      try {
        member.handlers.get(message.channel)?.(message.payload)
      } catch (error) {
        console.error(`[cluster] a relayed ${message.channel} notice failed here:`, error)
      }
    } else if (message.peerdesk === 'lead' && !member.leader) {
      member.leader = true
      roles.lead()
    } else if (message.peerdesk === 'meilisearch') {
      roles.meilisearch(message.connection)
    }
  })
  send({ peerdesk: 'ready' })
}

function send(message: ClusterMessage) {
  if (member.joined && process.connected) process.send?.(message)
}

/**
 * A named kind of notice that every other worker hears: `send` after the commit (never inside a
 * transaction), `receive` once per process with what that worker does with it. Payloads cross
 * the process boundary as JSON.
 */
export function relayChannel<T>(channel: string) {
  return {
    send(payload: T) {
      send({ peerdesk: 'relay', channel, payload })
    },
    receive(handler: (payload: T) => void) {
      // Only our own workers send on these channels, with the type the sender declared.
      member.handlers.set(channel, handler as (payload: unknown) => void)
    },
  }
}

/** Whether this process drains the search outbox and runs the scheduled jobs. */
export function isLeader() {
  return member.joined ? member.leader : !isClusterWorker()
}

/** For /healthz: which process answered, and whether it is the one that leads. */
export function processInfo() {
  const worker = isClusterWorker() ? (cluster.worker?.id ?? null) : null
  return { pid: process.pid, worker, leader: isLeader() }
}
