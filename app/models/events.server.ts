// The app's domain events: what a committed write changed, told once to whoever reacts to it.
// Reactions come in two kinds, both registered in app/models/subscribers.server.ts:
// - in the transaction (durable consequences: notifications, badges) — they commit or roll
//   back with the write itself;
// - after the commit (caches, live updates, waking the search worker) — they never see a write
//   that rolled back. These are process-local, so with several workers each committed event is
//   also relayed to the others (app/lib/cluster.server.ts), which run the same reactions for it.
import { relayChannel } from '#app/lib/cluster.server.ts'
import type { Tx } from '#db/client.server.ts'
import type { PostType, ThreadStatus } from '#db/schema.ts'
import { registerSubscribers } from './subscribers.server.ts'
import { afterCommit } from './transaction.server.ts'

/** What happened to a thread, with the facts its reactions need. */
export type ThreadChange =
  /** history: a replay of the past (the demo seed), which expert routing leaves alone. */
  | { type: 'question.asked'; mentionedUserIds: number[]; history?: boolean }
  | { type: 'question.edited'; titleChanged: boolean; mentionedUserIds: number[] }
  | { type: 'answer.posted'; answerId: number; mentionedUserIds: number[] }
  | { type: 'answer.edited'; answerId: number; answerAuthorId: number; mentionedUserIds: number[] }
  | { type: 'answer.accepted'; answerId: number; answerAuthorId: number; accepted: boolean }
  | { type: 'answer.official'; answerId: number; answerAuthorId: number; official: boolean }
  /** Staff confirmed the official answer (or changed its note) on the re-verify list. */
  | { type: 'answer.official_verified'; answerId: number }
  | {
      type: 'comment.posted'
      commentId: number
      answerId: number | null
      postAuthorId: number
      mentionedUserIds: number[]
    }
  | { type: 'post.voted'; postType: PostType; postId: number; postAuthorId: number; vote: number }
  | { type: 'vote.retracted'; postType: PostType; postId: number }
  | { type: 'question.close_voted'; votes: number }
  | { type: 'question.closed'; reason: string; duplicateOfId: number | null }
  /** A moderator reopened it: the status follows from its answers again. */
  | { type: 'question.reopened'; reason: string }
  /** A question, answer or comment was deleted (`deleted`) or undeleted. */
  | {
      type: 'post.deleted'
      postType: 'question' | 'answer' | 'comment'
      postId: number
      deleted: boolean
    }
  /** A moderator locked or unlocked the thread (reason: the lock's, or why it was lifted). */
  | { type: 'thread.locked'; locked: boolean; reason: string }
  /** A thread written by an importer (a new one, or rows added to one imported before). */
  | { type: 'thread.imported'; answers: number; comments: number }

export type ThreadChangeType = ThreadChange['type']

/** One committed write to one thread. */
export interface ThreadEvent {
  kind: 'thread'
  questionId: number
  questionAuthorId: number
  /** Who did it; null for the system (a nightly job). */
  actorId: number | null
  at: number
  /** The thread's status before the write (null for a new question) and after it. */
  statusBefore: ThreadStatus | null
  status: ThreadStatus
  change: ThreadChange
  /**
   * History brought in by an importer, not something that just happened: caches and the search
   * worker follow it, but nobody is notified and no badge is awarded from it (the importer
   * recomputes badges once at the end).
   */
  imported?: boolean
}

/** A member changed how they appear on every page they posted on. */
export interface ProfileEvent {
  kind: 'profile'
  userId: number
  at: number
  displayNameChanged: boolean
}

export type DomainEvent = ThreadEvent | ProfileEvent

type InTransaction = (tx: Tx, event: DomainEvent) => void
type AfterCommit = (event: DomainEvent) => void

const inTransaction: InTransaction[] = []
// The app's own reactions join at the first event (a module cycle forbids doing it at import).
let subscribed = false
const afterCommitted: AfterCommit[] = []

/** A durable reaction: runs inside the write's transaction, so it commits or rolls back with it. */
export function reactInTransaction(reaction: InTransaction) {
  inTransaction.push(reaction)
  return () => remove(inTransaction, reaction)
}

/** Runs after the write committed; returns the function that stops listening. */
export function onCommitted(listener: AfterCommit) {
  afterCommitted.push(listener)
  return () => remove(afterCommitted, listener)
}

function remove<T>(list: T[], item: T) {
  const at = list.indexOf(item)
  if (at >= 0) list.splice(at, 1)
}

function subscribe() {
  if (!subscribed) {
    subscribed = true
    registerSubscribers()
  }
}

function runAfterCommitted(event: DomainEvent) {
  subscribe()
  for (const listener of [...afterCommitted]) {
    try {
      listener(event)
    } catch (error) {
      console.error(`[events] a listener of a ${event.kind} event failed:`, error)
    }
  }
}

// Written by another worker: its transaction has committed, so only the after-commit half runs.
const committedElsewhere = relayChannel<DomainEvent>('domain-event')
committedElsewhere.receive(runAfterCommitted)

/**
 * Tells every reaction of a write that is about to commit: the durable ones now, in `tx`, the
 * rest once the transaction has committed (here and on every other worker). Call once per
 * write, from the unit of work.
 */
export function publish(tx: Tx, event: DomainEvent) {
  subscribe()
  // Registered first, so listeners hear of the write before the notices its reactions queue.
  afterCommit(() => {
    runAfterCommitted(event)
    committedElsewhere.send(event)
  })
  for (const reaction of [...inTransaction]) reaction(tx, event)
}
