// One EventSource per tab for live updates (GET /resources/events): the header listens for the
// unread count, a thread page for new answers and comments. Without JavaScript nothing here
// runs and every page still works by reloading.
import {
  createContext,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react'
import type { AnswerEvent, CommentEvent } from '#app/lib/live-events.server.ts'

export interface LivePayloads {
  answer: Omit<AnswerEvent, 'type'>
  comment: Omit<CommentEvent, 'type'>
  unread: { count: number }
}
export type LiveEventType = keyof LivePayloads
const EVENT_TYPES: LiveEventType[] = ['answer', 'comment', 'unread']

type AnyHandler = (data: unknown) => void

interface LiveApi {
  subscribe: (type: LiveEventType, handler: AnyHandler) => () => void
  watchThread: (thread: { id: number; since: number } | null) => void
}

const LiveContext = createContext<LiveApi | null>(null)

/** Opens the stream while someone is signed in or a thread is on screen; closes it otherwise. */
export function LiveEventsProvider({
  signedIn,
  children,
}: {
  signedIn: boolean
  children: ReactNode
}) {
  const handlers = useRef(new Map<LiveEventType, Set<AnyHandler>>())
  const since = useRef(0)
  const [threadId, setThreadId] = useState<number | null>(null)

  const api = useMemo<LiveApi>(
    () => ({
      subscribe(type, handler) {
        let set = handlers.current.get(type)
        if (!set) handlers.current.set(type, (set = new Set()))
        set.add(handler)
        return () => {
          set.delete(handler)
        }
      },
      watchThread(thread) {
        if (thread) since.current = thread.since
        setThreadId(thread?.id ?? null)
      },
    }),
    [],
  )

  useEffect(() => {
    if ((!signedIn && threadId == null) || typeof EventSource === 'undefined') return
    const params = new URLSearchParams()
    if (threadId != null) {
      params.set('thread', String(threadId))
      params.set('since', String(since.current))
    }
    const query = params.toString()
    let source: EventSource | null = null
    // Opened a tick later: a page that starts watching a thread as it mounts gets one
    // connection, not one without the thread and then another with it.
    const timer = setTimeout(() => {
      source = new EventSource(`/resources/events${query ? `?${query}` : ''}`)
      for (const type of EVENT_TYPES) {
        source.addEventListener(type, (event: MessageEvent<string>) => {
          let data: unknown
          try {
            data = JSON.parse(event.data)
          } catch {
            return
          }
          for (const handler of [...(handlers.current.get(type) ?? [])]) handler(data)
        })
      }
    }, 0)
    return () => {
      clearTimeout(timer)
      source?.close()
    }
  }, [signedIn, threadId])

  return <LiveContext.Provider value={api}>{children}</LiveContext.Provider>
}

/** Calls `handler` for each live event of this type (the latest handler, without resubscribing). */
export function useLiveEvent<T extends LiveEventType>(
  type: T,
  handler: (data: LivePayloads[T]) => void,
) {
  const live = useContext(LiveContext)
  const latest = useRef(handler)
  useEffect(() => {
    latest.current = handler
  })
  useEffect(() => {
    if (!live) return
    return live.subscribe(type, (data) => latest.current(data as LivePayloads[T]))
  }, [live, type])
}

/** Watches a thread while the calling component is on screen; `since` = its newest post (ms). */
export function useLiveThread(questionId: number, since: number) {
  const live = useContext(LiveContext)
  const sinceRef = useRef(since)
  useEffect(() => {
    sinceRef.current = since
  })
  useEffect(() => {
    if (!live) return
    live.watchThread({ id: questionId, since: sinceRef.current })
    return () => live.watchThread(null)
  }, [live, questionId])
}
