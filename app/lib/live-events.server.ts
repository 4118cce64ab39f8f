// The in-process bus behind live updates: the live-updates reaction (app/models/subscribers.server.ts)
// and notify() publish after the write has committed, and each open Server-Sent Events stream
// (app/routes/resources.events.ts) listens to one thread and one user. With several workers, the
// streams open on the others hear of it too: thread events because the live-updates reaction runs
// on every worker for every committed event (events.server.ts relays them), notification changes
// through a relay channel of their own (they also follow reads, which are no domain event).
import { relayChannel } from './cluster.server.ts'

/** A new answer in a thread, by someone (the stream leaves out the viewer's own). */
export interface AnswerEvent {
  type: 'answer'
  questionId: number
  answerId: number
  actorId: number
  createdAt: number
}

/** A new comment in a thread, on the question (answerId null) or on one of its answers. */
export interface CommentEvent {
  type: 'comment'
  questionId: number
  commentId: number
  answerId: number | null
  actorId: number
  createdAt: number
}

export type ThreadEvent = AnswerEvent | CommentEvent

/** Something changed in a user's notifications: their unread count is worth re-reading. */
export interface NotificationsEvent {
  type: 'notifications'
  userId: number
}

type Listener<E> = (event: E) => void

interface Bus {
  threads: Map<number, Set<Listener<ThreadEvent>>>
  users: Map<number, Set<Listener<NotificationsEvent>>>
  /** Open streams, closed all at once when the server shuts down. */
  closers: Set<() => void>
}

const bus: Bus = { threads: new Map(), users: new Map(), closers: new Set() }

function add<K, E>(map: Map<K, Set<Listener<E>>>, key: K, listener: Listener<E>) {
  let set = map.get(key)
  if (!set) map.set(key, (set = new Set()))
  set.add(listener)
  return () => {
    set.delete(listener)
    if (set.size === 0 && map.get(key) === set) map.delete(key)
  }
}

function emit<K, E>(map: Map<K, Set<Listener<E>>>, key: K, event: E) {
  for (const listener of [...(map.get(key) ?? [])]) {
    try {
      listener(event)
    } catch (error) {
      // One broken stream never stops the others (or the write that published).
      console.error('live event listener failed', error)
    }
  }
}

export function subscribeToThread(questionId: number, listener: Listener<ThreadEvent>) {
  return add(bus.threads, questionId, listener)
}

export function subscribeToUser(userId: number, listener: Listener<NotificationsEvent>) {
  return add(bus.users, userId, listener)
}

/** Call after the transaction that wrote the answer or comment has committed. */
export function publishThreadEvent(event: ThreadEvent) {
  emit(bus.threads, event.questionId, event)
}

const notificationsElsewhere = relayChannel<number>('notifications')
notificationsElsewhere.receive((userId) =>
  emit(bus.users, userId, { type: 'notifications', userId }),
)

/** Call after the transaction that changed the user's notifications has committed. */
export function publishNotificationsChanged(userId: number) {
  emit(bus.users, userId, { type: 'notifications', userId })
  notificationsElsewhere.send(userId)
}

/** Registers an open stream's close function; returns the unregister function. */
export function trackStream(close: () => void) {
  bus.closers.add(close)
  return () => {
    bus.closers.delete(close)
  }
}

/** Ends every open stream (graceful shutdown: server.close() waits for open responses). */
export function closeLiveStreams() {
  for (const close of [...bus.closers]) close()
}

/** How many listeners are attached, for tests and /healthz-style checks. */
export function liveListenerCount() {
  let threads = 0
  for (const set of bus.threads.values()) threads += set.size
  let users = 0
  for (const set of bus.users.values()) users += set.size
  return { threads, users, streams: bus.closers.size }
}

// ---------------------------------------------------------------- Server-Sent Events

export const HEARTBEAT_MS = 25_000

export type SendEvent = (event: string, data: unknown, id?: number | string) => void

/**
 * A text/event-stream Response. `setup` subscribes (calling `send` as things happen) and
 * returns its unsubscribe function, which runs once: when the client goes away
 * (`signal` aborts), when the body is cancelled, or when the server shuts down.
 * A comment line every HEARTBEAT_MS keeps proxies and the browser from timing out.
 */
export function eventStream(
  signal: AbortSignal,
  setup: (send: SendEvent) => () => void,
  { heartbeatMs = HEARTBEAT_MS }: { heartbeatMs?: number } = {},
) {
  const encoder = new TextEncoder()
  let stop = () => {}
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false
      const write = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text))
      }
      const send: SendEvent = (event, data, id) => {
        const idLine = id == null ? '' : `id: ${String(id).replace(/[\r\n]/g, '')}\n`
        write(`${idLine}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
      }
      let teardown = () => {}
      const close = () => {
        if (closed) return
        closed = true
        clearInterval(heartbeat)
        signal.removeEventListener('abort', close)
        untrack()
        teardown()
        try {
          controller.close()
        } catch {
          // already closed by the reader
        }
      }
      stop = close
      const heartbeat = setInterval(() => write(': heartbeat\n\n'), heartbeatMs)
      const untrack = trackStream(close)
      // Reconnect after 5 s if the connection drops; the comment gets the headers out at once.
      write('retry: 5000\n: connected\n\n')
      teardown = setup(send)
      if (signal.aborted) close()
      else signal.addEventListener('abort', close, { once: true })
    },
    cancel() {
      stop()
    },
  })
  return new Response(body, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      // no-transform: compression and proxies must pass each event through as it comes.
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    },
  })
}
