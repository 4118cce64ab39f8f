// A question's staff timeline: each routing round, escalation, claim, private case and
// official-answer step, written in the transaction of the step itself. Only staff read it (on the
// thread); members and visitors never see it.
import { asc, eq } from 'drizzle-orm'
import { db, type Tx } from '#db/client.server.ts'
import { questionTimeline, users, type TimelineKind } from '#db/schema.ts'

export interface TimelineStep {
  questionId: number
  kind: TimelineKind
  /** null: the system (the routing schedule). */
  actorId: number | null
  at: number
  detail?: Record<string, unknown>
}

/** Adds a step in the caller's write transaction. */
export function recordTimeline(tx: Tx, step: TimelineStep) {
  tx.insert(questionTimeline)
    .values({
      questionId: step.questionId,
      kind: step.kind,
      actorId: step.actorId,
      at: step.at,
      detail: step.detail ?? null,
    })
    .run()
}

/** The most steps a thread shows; a question that needs more is a story for the log. */
export const TIMELINE_LIMIT = 100

/** The question's steps, oldest first, with who did each (null: the system). */
export function questionTimelineSteps(questionId: number) {
  return db
    .select({
      id: questionTimeline.id,
      kind: questionTimeline.kind,
      at: questionTimeline.at,
      detail: questionTimeline.detail,
      actorHandle: users.handle,
    })
    .from(questionTimeline)
    .leftJoin(users, eq(users.id, questionTimeline.actorId))
    .where(eq(questionTimeline.questionId, questionId))
    .orderBy(asc(questionTimeline.id))
    .limit(TIMELINE_LIMIT)
    .all()
}
