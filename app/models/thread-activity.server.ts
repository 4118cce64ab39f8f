// What happened in a thread since a moment: the answers and comments a live stream replays
// when a page connects (or reconnects) after they were posted.
import { and, asc, eq, gte, isNull } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { answers, comments, questions } from '#db/schema.ts'
import type { ThreadEvent } from '#app/lib/live-events.server.ts'

export function threadExists(questionId: number) {
  return Boolean(
    db
      .select({ id: questions.id })
      .from(questions)
      .where(and(eq(questions.id, questionId), isNull(questions.deletedAt)))
      .get(),
  )
}

/** Answers and comments posted in the thread at or after `since` (ms), oldest first. */
export function threadEventsSince(questionId: number, since: number, limit = 50): ThreadEvent[] {
  const answerEvents: ThreadEvent[] = db
    .select({ answerId: answers.id, actorId: answers.authorId, createdAt: answers.createdAt })
    .from(answers)
    .where(
      and(
        eq(answers.questionId, questionId),
        gte(answers.createdAt, since),
        isNull(answers.deletedAt),
      ),
    )
    .orderBy(asc(answers.createdAt), asc(answers.id))
    .limit(limit)
    .all()
    .map((a) => ({ type: 'answer', questionId, ...a }))
  const commentEvents: ThreadEvent[] = db
    .select({
      commentId: comments.id,
      answerId: comments.answerId,
      actorId: comments.authorId,
      createdAt: comments.createdAt,
    })
    .from(comments)
    .where(
      and(
        eq(comments.questionId, questionId),
        gte(comments.createdAt, since),
        isNull(comments.deletedAt),
      ),
    )
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .limit(limit)
    .all()
    .map((c) => ({ type: 'comment', questionId, ...c }))
  return [...answerEvents, ...commentEvents]
    .sort((a, b) => a.createdAt - b.createdAt)
    .slice(0, limit)
}
