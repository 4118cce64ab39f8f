// Question lists: the home page tabs, /questions, a tag's page, feeds and a member's questions.
//
// Every page costs a few index reads whatever the size of the community or the page number.
// A list's live questions are counted per UTC day of its sort key (list_buckets, kept by SQL
// triggers, migration 0008). Page N reads the list's day counts from the nearer end until it
// reaches the day holding row (N-1)·size, seeks to the end of that day on the list's own
// (partial, covering) index and skips only the rows before it inside that day; the page is
// then a range read from that row. No OFFSET over the rows of the days before.
import { eq, inArray } from 'drizzle-orm'
import { db, preparedStatement } from '#db/client.server.ts'
import { questionCounts, questions, tags, users } from '#db/schema.ts'
import type { QuestionTab } from '#app/validation/lists.ts'
import { tagsForQuestions } from './tags.server.ts'
import { authorColumns } from './users.server.ts'

export interface ListOptions {
  tab?: QuestionTab
  tag?: string
  page?: number
  pageSize?: number
}

const DAY_MS = 86_400_000

/** Where one list's rows live: the table, its sort key and id, and the filter its index has. */
interface ListSource {
  scope: string
  sort: 'newest' | 'active'
  sql: { from: string; key: string; id: string; where: string }
  params: number[]
}

function listSource(tab: QuestionTab, tagId: number | null): ListSource {
  const sort = tab === 'active' ? 'active' : 'newest'
  const kind = tab === 'unanswered' || tab === 'resolved' ? tab : null
  // Each list reads its own partial index (0008), named so that the planner cannot prefer a
  // wider one; the filters are literals, as the indexes state them (SQLite uses a partial
  // index only when the query's WHERE visibly implies the index's).
  if (tagId == null) {
    const [index, where] = (
      {
        unanswered: [
          'questions_unanswered_created_idx',
          `deleted_at IS NULL AND answer_count = 0 AND status = 'open'`,
        ],
        resolved: ['questions_resolved_created_idx', `deleted_at IS NULL AND status = 'resolved'`],
        all: [
          sort === 'active' ? 'questions_live_activity_idx' : 'questions_live_created_idx',
          'deleted_at IS NULL',
        ],
      } satisfies Record<string, [string, string]>
    )[kind ?? 'all']
    return {
      scope: kind ?? 'all',
      sort,
      sql: {
        from: `questions INDEXED BY ${index}`,
        key: sort === 'active' ? 'last_activity_at' : 'created_at',
        id: 'id',
        where,
      },
      params: [],
    }
  }
  const index = kind
    ? `question_tags_${kind}_created_idx`
    : sort === 'active'
      ? 'question_tags_live_activity_idx'
      : 'question_tags_live_created_idx'
  return {
    scope: kind ? `tag:${tagId}:${kind}` : `tag:${tagId}`,
    sort,
    sql: {
      from: `question_tags INDEXED BY ${index}`,
      key: sort === 'active' ? 'question_activity_at' : 'question_created_at',
      id: 'question_id',
      where: kind
        ? `tag_id = ? AND question_state = '${kind}'`
        : 'tag_id = ? AND question_state IS NOT NULL',
    },
    params: [tagId],
  }
}

/** A list's size from its counter row (question_counts, kept by triggers): one look-up. */
function listCount(scope: string) {
  return (
    db
      .select({ n: questionCounts.n })
      .from(questionCounts)
      .where(eq(questionCounts.scope, scope))
      .get()?.n ?? 0
  )
}

/**
 * The day holding the list's row number `offset` (0 = newest), and how many of that day's
 * rows come before it. Reads day counts from whichever end of the list is nearer.
 */
function bucketOf(source: ListSource, offset: number, total: number) {
  const fromNewest = offset < total / 2
  const direction = fromNewest ? 'DESC' : 'ASC'
  // Position counted from the end the read starts at.
  const position = fromNewest ? offset : total - 1 - offset
  const bucket = preparedStatement(
    `SELECT day, n, acc FROM (
       SELECT day, n, sum(n) OVER (ORDER BY day ${direction}) AS acc
       FROM list_buckets WHERE scope = ? AND sort = ?)
     WHERE acc > ? LIMIT 1`,
  ).get(source.scope, source.sort, position) as { day: number; n: number; acc: number } | undefined
  if (!bucket) return null
  const inBucket = position - (bucket.acc - bucket.n)
  return { day: bucket.day, skip: fromNewest ? inBucket : bucket.n - 1 - inBucket }
}

/** The ids of one page of a list, newest (or most active) first. */
function pageIds(source: ListSource, offset: number, limit: number, total: number): number[] {
  const { from, key, id, where } = source.sql
  // The page starts at (key, id) = `start`, inclusive; page 1 starts above every key.
  let start = { k: Number.MAX_SAFE_INTEGER, id: Number.MAX_SAFE_INTEGER }
  if (offset > 0) {
    const bucket = bucketOf(source, offset, total)
    if (!bucket) return []
    const first = preparedStatement(
      `SELECT ${key} AS k, ${id} AS id FROM ${from} WHERE ${where} AND ${key} < ?
       ORDER BY ${key} DESC, ${id} DESC LIMIT 1 OFFSET ?`,
    ).get(...source.params, (bucket.day + 1) * DAY_MS, bucket.skip) as
      { k: number; id: number } | undefined
    if (!first) return []
    start = first
  }
  const rows = preparedStatement(
    `SELECT ${id} AS id FROM ${from} WHERE ${where} AND ${key} <= ? AND (${key} < ? OR ${id} <= ?)
     ORDER BY ${key} DESC, ${id} DESC LIMIT ?`,
  ).all(...source.params, start.k, start.k, start.id, limit) as { id: number }[]
  return rows.map((r) => r.id)
}

const summaryColumns = {
  id: questions.id,
  title: questions.title,
  slug: questions.slug,
  excerpt: questions.excerpt,
  status: questions.status,
  score: questions.score,
  answerCount: questions.answerCount,
  viewCount: questions.viewCount,
  createdAt: questions.createdAt,
  lastActivityAt: questions.lastActivityAt,
  acceptedAnswerId: questions.acceptedAnswerId,
  officialAnswerId: questions.officialAnswerId,
  author: authorColumns,
}

/** The list rows of these questions (with their tags), in the order of `ids`. */
function summariesOf(ids: number[]) {
  if (ids.length === 0) return []
  const rows = db
    .select(summaryColumns)
    .from(questions)
    .innerJoin(users, eq(users.id, questions.authorId))
    .where(inArray(questions.id, ids))
    .all()
  const byId = new Map(rows.map((r) => [r.id, r]))
  const tagMap = tagsForQuestions(ids)
  return ids.flatMap((id) => {
    const row = byId.get(id)
    return row ? [{ ...row, tags: tagMap.get(id) ?? [] }] : []
  })
}

function tagIdOf(name: string) {
  return db.select({ id: tags.id }).from(tags).where(eq(tags.name, name)).get()?.id ?? null
}

/**
 * The ids of one page of a list and the list's size, read in one snapshot (a read
 * transaction), so the counters and the rows agree even while another process writes.
 */
export function listQuestionIds({ tab = 'newest', tag, page = 1, pageSize = 20 }: ListOptions) {
  return db.$client.transaction(() => {
    const tagId = tag ? tagIdOf(tag) : null
    if (tag && tagId == null) return { ids: [] as number[], total: 0 }
    const source = listSource(tab, tagId)
    const total = listCount(source.scope)
    const offset = (page - 1) * pageSize
    const ids = offset < total ? pageIds(source, offset, pageSize, total) : []
    return { ids, total }
  })()
}

export function listQuestions(options: ListOptions) {
  const { page = 1, pageSize = 20 } = options
  const { ids, total } = listQuestionIds(options)
  return {
    items: summariesOf(ids),
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
  }
}
export type QuestionSummary = ReturnType<typeof listQuestions>['items'][number]

/**
 * A member's own questions, newest first: their range of a (author, time) index. Deep pages
 * skip rows of this member only, and the count is of their questions, not the community's.
 */
export function memberQuestions(authorId: number, { page = 1, pageSize = 10 } = {}) {
  const ids = (
    preparedStatement(
      `SELECT id FROM questions INDEXED BY questions_author_live_created_idx
       WHERE author_id = ? AND deleted_at IS NULL
       ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
    ).all(authorId, pageSize, (page - 1) * pageSize) as { id: number }[]
  ).map((r) => r.id)
  return summariesOf(ids)
}
