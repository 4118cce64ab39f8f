// Official answers stay true (issue 13, item 4). Each official mark records who marked it, when
// and an optional product/version note (official_marks, one row a thread), written in the mark's
// own transaction with its timeline step. An official answer whose last verification (the mark,
// or staff's last confirmation) is older than the site's re-verify age is on the re-verify list
// (/staff/reverify), where staff confirm it, update its note or withdraw it. Confirm and update
// go through the thread unit of work, so the thread's cached page is dropped like any thread
// write's (the thread shows "verified by staff on DATE").
import { eq } from 'drizzle-orm'
import { db, preparedStatement } from '#db/client.server.ts'
import { officialMarks } from '#db/schema.ts'
import { isStaff } from '#app/lib/privileges.ts'
import { setOfficialAnswer } from './answers.server.ts'
import { NotFoundError, PermissionError } from './errors.server.ts'
import { officialNote } from './official-marks.server.ts'
import { assertCanWrite, type WriteActor } from './permissions.server.ts'
import { getSetting } from './site-settings.server.ts'
import { changeThread } from './thread-writes.server.ts'
import { recordTimeline } from './timeline.server.ts'

const DAY = 24 * 3600_000
export const REVERIFY_PAGE_SIZE = 30

export interface OfficialMarkView {
  /** When staff marked it (the thread's "official answer in …" counts to here). */
  markedAt: number
  /** The last verification: the mark, or the last confirmation or update. */
  verifiedAt: number
  note: string
}

/** What the thread shows by its official answer (one primary-key look-up); null when none. */
export function officialMarkOf(
  questionId: number,
  officialAnswerId: number | null,
): OfficialMarkView | null {
  if (officialAnswerId == null) return null
  const row = db
    .select({
      answerId: officialMarks.answerId,
      markedAt: officialMarks.markedAt,
      verifiedAt: officialMarks.verifiedAt,
      note: officialMarks.note,
    })
    .from(officialMarks)
    .where(eq(officialMarks.questionId, questionId))
    .get()
  return row && row.answerId === officialAnswerId
    ? { markedAt: row.markedAt, verifiedAt: row.verifiedAt, note: row.note }
    : null
}

// ── The re-verify list ──────────────────────────────────────────────────────────────────────

export interface ReverifyCursor {
  verifiedAt: number
  questionId: number
}

export interface ReverifyItem {
  questionId: number
  answerId: number
  title: string
  slug: string
  excerpt: string
  note: string
  markedAt: number
  markedBy: string | null
  verifiedAt: number
  verifiedBy: string | null
}

interface ReverifyRow {
  questionId: number
  answerId: number
  title: string
  slug: string
  bodyMd: string
  note: string
  markedAt: number
  markedBy: string | null
  verifiedAt: number
  verifiedBy: string | null
}

// A keyset range of official_marks_verified_idx (verified_at, question_id), then a primary-key
// look-up each for the thread, the answer and the two people: a page costs the same whatever
// the size of the community. A mark whose answer or thread is deleted meanwhile is skipped.
const REVERIFY_PAGE = `
  SELECT m.question_id AS questionId, m.answer_id AS answerId, q.title AS title, q.slug AS slug,
         a.body_md AS bodyMd, m.note AS note, m.marked_at AS markedAt, mk.handle AS markedBy,
         m.verified_at AS verifiedAt, vf.handle AS verifiedBy
    FROM official_marks m INDEXED BY official_marks_verified_idx
    JOIN questions q ON q.id = m.question_id
    JOIN answers a ON a.id = m.answer_id
    LEFT JOIN users mk ON mk.id = m.marked_by
    LEFT JOIN users vf ON vf.id = m.verified_by
   WHERE m.verified_at < @cutoff
     AND m.verified_at >= @afterAt AND (m.verified_at > @afterAt OR m.question_id > @afterId)
     AND q.official_answer_id = m.answer_id AND q.deleted_at IS NULL AND a.deleted_at IS NULL
   ORDER BY m.verified_at, m.question_id
   LIMIT @limit`

/** Plain text of an answer's opening (its Markdown with the markup taken out). */
function excerptOf(markdown: string, length = 200) {
  const text = markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[#>*_`~|-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  return text.length > length ? `${text.slice(0, length - 1).trimEnd()}…` : text
}

/**
 * Official answers last verified more than the re-verify age (site setting) before `now`, the
 * oldest verification first; a page after `after`, and the cursor of the next page (null: last).
 */
export function reverifyList(
  options: { now?: number; after?: ReverifyCursor; pageSize?: number } = {},
) {
  const { now = Date.now(), after, pageSize = REVERIFY_PAGE_SIZE } = options
  const days = getSetting('reverifyAfterDays')
  const rows = preparedStatement(REVERIFY_PAGE).all({
    cutoff: now - days * DAY,
    afterAt: after?.verifiedAt ?? Number.MIN_SAFE_INTEGER,
    afterId: after?.questionId ?? 0,
    limit: pageSize + 1,
  }) as ReverifyRow[]
  const page = rows.slice(0, pageSize)
  const last = page.at(-1)
  return {
    days,
    items: page.map(({ bodyMd, ...row }): ReverifyItem => ({ ...row, excerpt: excerptOf(bodyMd) })),
    next:
      rows.length > pageSize && last
        ? { verifiedAt: last.verifiedAt, questionId: last.questionId }
        : null,
  }
}

// ── Confirm, update, withdraw ───────────────────────────────────────────────────────────────

function assertStaff(actor: WriteActor, now: number) {
  assertCanWrite(actor, now)
  if (!isStaff(actor)) throw new PermissionError('Only staff can verify official answers.')
}

/**
 * Staff verify the thread's official answer now: confirmed as it is, or (`note` given) with its
 * note changed. `answerId` is the answer they looked at: if the mark moved meanwhile, nothing
 * changes. Through the unit of work, so the thread's cached page follows.
 */
function verify(
  actor: WriteActor,
  target: { questionId: number; answerId: number },
  note: string | undefined,
  now: number,
) {
  assertStaff(actor, now)
  const newNote = note === undefined ? undefined : officialNote(note)
  return changeThread(
    actor,
    target.questionId,
    (tx, thread) => {
      const mark = tx
        .select()
        .from(officialMarks)
        .where(eq(officialMarks.questionId, thread.id))
        .get()
      if (thread.officialAnswerId !== target.answerId || mark?.answerId !== target.answerId) {
        throw new NotFoundError('This answer is no longer the official answer.')
      }
      tx.update(officialMarks)
        .set({
          verifiedBy: actor.id,
          verifiedAt: now,
          ...(newNote === undefined ? {} : { note: newNote }),
        })
        .where(eq(officialMarks.questionId, thread.id))
        .run()
      recordTimeline(tx, {
        questionId: thread.id,
        kind: 'official-verified',
        actorId: actor.id,
        at: now,
        detail: {
          answerId: target.answerId,
          ...(newNote !== undefined && newNote !== mark.note
            ? { noteBefore: mark.note, note: newNote }
            : {}),
        },
      })
      return {
        change: { type: 'answer.official_verified', answerId: target.answerId },
        result: { verifiedAt: now, note: newNote ?? mark.note },
      }
    },
    now,
  )
}

/** "Confirm": the official answer is still right, verified now by `actor`. */
export function confirmOfficialAnswer(
  actor: WriteActor,
  target: { questionId: number; answerId: number },
  now = Date.now(),
) {
  return verify(actor, target, undefined, now)
}

/** "Update": a new product/version note (the answer itself is edited on its edit page). */
export function updateOfficialAnswer(
  actor: WriteActor,
  target: { questionId: number; answerId: number },
  note: string,
  now = Date.now(),
) {
  return verify(actor, target, note, now)
}

/** "Withdraw": the mark comes off, through setOfficialAnswer (its unit of work and step). */
export function withdrawOfficialAnswer(
  actor: WriteActor,
  target: { questionId: number; answerId: number },
  now = Date.now(),
) {
  assertStaff(actor, now)
  return setOfficialAnswer(actor, target.answerId, false, now)
}
