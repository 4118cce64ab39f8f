// The record of an official mark (official_marks): who marked the answer, when, and its
// product/version note, written by setOfficialAnswer (answers.server.ts) in the mark's own
// transaction with the timeline step. The re-verify list and its actions are
// official-answers.server.ts.
import { eq } from 'drizzle-orm'
import type { Tx } from '#db/client.server.ts'
import { officialMarks } from '#db/schema.ts'
import { FieldError } from './errors.server.ts'
import { recordTimeline } from './timeline.server.ts'

export const OFFICIAL_NOTE_MAX = 120

/** The "Product or version note" as stored ('' when none); too long is a field error. */
export function officialNote(raw: string | undefined): string {
  const note = (raw ?? '').replace(/\s+/g, ' ').trim()
  if (note.length > OFFICIAL_NOTE_MAX) {
    const message = `The note must be at most ${OFFICIAL_NOTE_MAX} characters`
    throw new FieldError({ note: [message] }, message)
  }
  return note
}

/**
 * In the mark's transaction (setOfficialAnswer): the thread's mark is now this answer, marked
 * and verified by `actorId` at `now`, with its note; and the timeline step.
 */
export function recordOfficialMark(
  tx: Tx,
  mark: {
    questionId: number
    answerId: number
    actorId: number
    note: string
    now: number
    replacedAnswerId: number | null
  },
) {
  const values = {
    answerId: mark.answerId,
    markedBy: mark.actorId,
    markedAt: mark.now,
    note: mark.note,
    verifiedBy: mark.actorId,
    verifiedAt: mark.now,
  }
  tx.insert(officialMarks)
    .values({ questionId: mark.questionId, ...values })
    .onConflictDoUpdate({ target: officialMarks.questionId, set: values })
    .run()
  recordTimeline(tx, {
    questionId: mark.questionId,
    kind: 'official-marked',
    actorId: mark.actorId,
    at: mark.now,
    detail: {
      answerId: mark.answerId,
      ...(mark.note ? { note: mark.note } : {}),
      ...(mark.replacedAnswerId != null ? { replacedAnswerId: mark.replacedAnswerId } : {}),
    },
  })
}

/** In the transaction that takes the mark off (setOfficialAnswer): the record and the step. */
export function recordOfficialWithdrawal(
  tx: Tx,
  step: { questionId: number; answerId: number; actorId: number; now: number },
) {
  tx.delete(officialMarks).where(eq(officialMarks.questionId, step.questionId)).run()
  recordTimeline(tx, {
    questionId: step.questionId,
    kind: 'official-withdrawn',
    actorId: step.actorId,
    at: step.now,
    detail: { answerId: step.answerId },
  })
}
