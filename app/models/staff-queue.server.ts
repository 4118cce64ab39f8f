// The staff queue (/staff): live questions still waiting for the company — unanswered (status
// open) and unresolved (answered, neither accepted nor official) — oldest waiting first, with
// how long each has waited, the first-response target and its breaches, escalations and claims.
//
// A page is a keyset range read of a partial index (0017; the unanswered lists' of 0008): after
// or before the (created_at, id) of the row at the page's edge, never an OFFSET, so a page costs
// the same whatever the size of the community. Closed, duplicate, resolved, deleted and hidden
// questions (hiding sets deleted_at) are outside every index the queue reads.
import { eq, inArray } from 'drizzle-orm'
import { db, preparedStatement } from '#db/client.server.ts'
import { questions, tags, users } from '#db/schema.ts'
import {
  QUEUE_AGES,
  QUEUE_STATUSES,
  type QueueAge,
  type QueueStatus,
} from '#app/lib/staff-queue-filters.ts'
import { getSetting } from './site-settings.server.ts'
import { liveClaims, type StaffClaim } from './staff-claims.server.ts'
import { tagsForQuestions } from './tags.server.ts'
import { authorColumns, type Author } from './users.server.ts'

export { QUEUE_AGES, QUEUE_STATUSES, type QueueAge, type QueueStatus }

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

const AGE_MS: Record<Exclude<QueueAge, 'any' | 'over-target'>, number> = {
  'over-1h': HOUR,
  'over-1d': DAY,
  'over-7d': 7 * DAY,
  'within-1h': HOUR,
  'within-1d': DAY,
}

export interface QueueCursor {
  createdAt: number
  id: number
}

export interface QueueOptions {
  status?: QueueStatus
  tag?: string
  age?: QueueAge
  /** The page after (newer than) this row, or before (older than) it; neither: the oldest. */
  after?: QueueCursor
  before?: QueueCursor
  pageSize?: number
  now?: number
}

export const QUEUE_PAGE_SIZE = 30

export interface QueueItem {
  id: number
  title: string
  slug: string
  status: 'open' | 'answered'
  answerCount: number
  createdAt: number
  escalatedAt: number | null
  author: Author
  tags: string[]
  waitedMs: number
  /** Still unanswered past the first-response target. */
  breached: boolean
  claim: StaffClaim | null
}

/** Where a queue's rows come from: a partial index and the WHERE that it states. */
interface QueueSource {
  from: string
  key: string
  id: string
  where: string
  params: (string | number)[]
}

function queueSource(status: QueueStatus, tagId: number | null): QueueSource {
  // The partial indexes are named (INDEXED BY) so the planner can't prefer a wider one, and the
  // WHERE repeats each index's terms literally: SQLite uses a partial index only when the
  // query's WHERE visibly implies it.
  const waiting = `deleted_at IS NULL AND status IN ('open', 'answered')`
  if (tagId == null) {
    const [index, where] = (
      {
        waiting: ['questions_waiting_created_idx', waiting],
        unanswered: [
          'questions_unanswered_created_idx',
          `deleted_at IS NULL AND answer_count = 0 AND status = 'open'`,
        ],
        unresolved: ['questions_waiting_created_idx', `${waiting} AND status = 'answered'`],
        escalated: ['questions_escalated_created_idx', `${waiting} AND escalated_at IS NOT NULL`],
      } satisfies Record<QueueStatus, [string, string]>
    )[status]
    return { from: `questions INDEXED BY ${index}`, key: 'created_at', id: 'id', where, params: [] }
  }
  if (status === 'unanswered') {
    // A tag's unanswered questions are exactly its 'unanswered' rows (triggers of 0008).
    return {
      from: 'question_tags qt INDEXED BY question_tags_unanswered_created_idx',
      key: 'qt.question_created_at',
      id: 'qt.question_id',
      where: `qt.tag_id = ? AND qt.question_state = 'unanswered'`,
      params: [tagId],
    }
  }
  // 'listed' also holds the tag's closed and duplicate questions: the key look-up drops them.
  const extra = { waiting: '', unresolved: ` AND q.status = 'answered'`, escalated: '' }[status]
  return {
    from: 'question_tags qt INDEXED BY question_tags_waiting_created_idx JOIN questions q ON q.id = qt.question_id',
    key: 'qt.question_created_at',
    id: 'qt.question_id',
    where:
      `qt.tag_id = ? AND qt.question_state IN ('unanswered', 'listed') AND q.status IN ('open', 'answered')` +
      extra +
      (status === 'escalated' ? ' AND q.escalated_at IS NOT NULL' : ''),
    params: [tagId],
  }
}

/** The created_at range the age filter allows at `now`. */
function ageRange(age: QueueAge, now: number, targetMinutes: number) {
  if (age === 'any') return { from: 0, to: Number.MAX_SAFE_INTEGER }
  if (age === 'over-target') return { from: 0, to: now - targetMinutes * MINUTE }
  if (age.startsWith('over-')) return { from: 0, to: now - AGE_MS[age] }
  return { from: now - AGE_MS[age], to: Number.MAX_SAFE_INTEGER }
}

/**
 * Up to `limit` rows of the source in the age range, after `cursor` (oldest first) or before it
 * (newest first), as (created_at, id).
 */
function seek(
  source: QueueSource,
  range: { from: number; to: number },
  direction: 'after' | 'before',
  cursor: QueueCursor | null,
  limit: number,
): QueueCursor[] {
  const { from, key, id, where, params } = source
  const edge =
    direction === 'after'
      ? `${key} >= ? AND (${key} > ? OR ${id} > ?)`
      : `${key} <= ? AND (${key} < ? OR ${id} < ?)`
  const start =
    cursor ??
    (direction === 'after'
      ? { createdAt: range.from, id: 0 }
      : { createdAt: range.to, id: Number.MAX_SAFE_INTEGER })
  const order = direction === 'after' ? 'ASC' : 'DESC'
  return preparedStatement(
    `SELECT ${key} AS createdAt, ${id} AS id FROM ${from}
      WHERE ${where} AND ${key} >= ? AND ${key} <= ? AND ${edge}
      ORDER BY ${key} ${order}, ${id} ${order} LIMIT ?`,
  ).all(
    ...params,
    range.from,
    range.to,
    start.createdAt,
    start.createdAt,
    start.id,
    limit,
  ) as QueueCursor[]
}

function tagIdOf(name: string) {
  return db.select({ id: tags.id }).from(tags).where(eq(tags.name, name)).get()?.id ?? null
}

function rowsOf(ids: number[]) {
  if (ids.length === 0) return new Map<number, never>()
  const rows = db
    .select({
      id: questions.id,
      title: questions.title,
      slug: questions.slug,
      status: questions.status,
      answerCount: questions.answerCount,
      createdAt: questions.createdAt,
      escalatedAt: questions.escalatedAt,
      author: authorColumns,
    })
    .from(questions)
    .innerJoin(users, eq(users.id, questions.authorId))
    .where(inArray(questions.id, ids))
    .all()
  return new Map(rows.map((row) => [row.id, row]))
}

export interface QueuePage {
  items: QueueItem[]
  targetMinutes: number
  /** The cursors of the neighbouring pages, null at either end. */
  older: QueueCursor | null
  newer: QueueCursor | null
  /** Set when the tag filter names no tag. */
  unknownTag: boolean
}

/** One page of the staff queue, oldest waiting first, read in one snapshot. */
export function staffQueue(options: QueueOptions = {}): QueuePage {
  const {
    status = 'waiting',
    tag,
    age = 'any',
    after,
    before,
    pageSize = QUEUE_PAGE_SIZE,
    now = Date.now(),
  } = options
  const targetMinutes = getSetting('firstResponseTargetMinutes')
  return db.$client.transaction((): QueuePage => {
    const tagId = tag ? tagIdOf(tag) : null
    if (tag && tagId == null) {
      return { items: [], targetMinutes, older: null, newer: null, unknownTag: true }
    }
    const source = queueSource(status, tagId)
    const range = ageRange(age, now, targetMinutes)
    let page: QueueCursor[]
    let older: QueueCursor | null = null
    let newer: QueueCursor | null = null
    if (before && !after) {
      const rows = seek(source, range, 'before', before, pageSize + 1)
      page = rows.slice(0, pageSize).reverse()
      if (rows.length > pageSize) older = page[0]!
      const last = page.at(-1)
      if (last && seek(source, range, 'after', last, 1).length > 0) newer = last
    } else {
      const rows = seek(source, range, 'after', after ?? null, pageSize + 1)
      page = rows.slice(0, pageSize)
      if (rows.length > pageSize) newer = page.at(-1)!
      const first = page[0]
      if (after && first && seek(source, range, 'before', first, 1).length > 0) older = first
    }
    const ids = page.map((row) => row.id)
    const byId = rowsOf(ids)
    const tagMap = tagsForQuestions(ids)
    const claims = liveClaims(ids, now)
    const items = ids.flatMap((id): QueueItem[] => {
      const row = byId.get(id)
      if (!row || (row.status !== 'open' && row.status !== 'answered')) return []
      const waitedMs = Math.max(0, now - row.createdAt)
      return [
        {
          ...row,
          status: row.status,
          tags: tagMap.get(id) ?? [],
          waitedMs,
          breached: row.status === 'open' && waitedMs > targetMinutes * MINUTE,
          claim: claims.get(id) ?? null,
        },
      ]
    })
    return { items, targetMinutes, older, newer, unknownTag: false }
  })()
}
