// Self-help: someone about to ask leaves for a thread that may answer them. Each such opening is
// one row of self_help_events, which the staff console's deflection figure reads (did the same
// anonymous session go on to ask?). No personal data: a random id per 30-minute session.
import crypto from 'node:crypto'
import { and, eq, isNull } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import {
  answers,
  questions,
  selfHelpAsks,
  selfHelpEvents,
  type SelfHelpSource,
} from '#db/schema.ts'
import { writeTransaction } from './transaction.server.ts'

/** How long a self-help session lasts after its last opening (issue 13: 30 min). */
export const SELF_HELP_SESSION_MS = 30 * 60 * 1000
const SESSION_ID = /^[0-9a-f]{32}$/

/** The id a self-help session goes by: the cookie's when it is one of ours, else a new one. */
export function selfHelpSessionId(fromCookie: string | undefined) {
  return fromCookie && SESSION_ID.test(fromCookie)
    ? fromCookie
    : crypto.randomBytes(16).toString('hex')
}

export interface SelfHelpOpening {
  source: SelfHelpSource
  questionId: number
  /** The answer preview's link: the thread opens at that answer. */
  answerId?: number
  sessionId: string | null
}

/**
 * Records one opening of a live thread and returns its address (at the answer when one of the
 * thread's live answers was asked for, else the thread's top); null when there is no such
 * thread, and nothing is recorded.
 */
export function recordSelfHelpOpening(opening: SelfHelpOpening, now = Date.now()): string | null {
  const thread = db
    .select({ slug: questions.slug, status: questions.status, answerId: answers.id })
    .from(questions)
    .leftJoin(
      answers,
      and(
        eq(answers.id, opening.answerId ?? 0),
        eq(answers.questionId, questions.id),
        isNull(answers.deletedAt),
      ),
    )
    .where(and(eq(questions.id, opening.questionId), isNull(questions.deletedAt)))
    .get()
  if (!thread) return null
  db.insert(selfHelpEvents)
    .values({
      at: now,
      source: opening.source,
      sessionId: opening.sessionId,
      questionId: opening.questionId,
      answerId: thread.answerId,
      resolved: thread.status === 'resolved',
    })
    .run()
  const path = `/questions/${opening.questionId}/${thread.slug}`
  return thread.answerId == null ? path : `${path}#answer-${thread.answerId}`
}

/**
 * A question posted in a self-help session (its cookie came with the ask): the deflection
 * figure counts that session as one that asked. Written in the asking's wake, in a transaction
 * of its own; nothing when the session id is not one of ours.
 */
export function recordSelfHelpAsk(sessionId: string, questionId: number, now = Date.now()) {
  if (!SESSION_ID.test(sessionId)) return
  writeTransaction((tx) => {
    tx.insert(selfHelpAsks).values({ sessionId, questionId, at: now }).run()
  })
}
