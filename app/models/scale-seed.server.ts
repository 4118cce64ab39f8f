// Writing the synthetic community of `npm run seed -- --questions N` (db/seed/scale.ts makes
// the content). Each thread is one unit of work (startThread), a batch of them one outer
// transaction through bulkThreadWrites: status, counters, outbox and FTS5 rows come from the
// unit of work as for every other write, events are marked `imported` (nobody is notified of
// made-up history; badges are recomputed once at the end, quietly), and the rows themselves go
// in through prepared statements, as the Stack Exchange importer writes them. The filled tables'
// secondary indexes are built once the threads are in (db/bulk-load.server.ts), but for those
// the writes read.
//
// What a thread's rows hold is what the models would have written for the same history: the
// revisions, the vote rows and their ledger events (the 200-a-day upvote cap and the 40-a-day
// vote limit applied), accepted (+15 / +2) and official (+25) marks, answer comment counters.
// Privilege checks are not replayed (as for an import): the history is taken as it happened.
import { sql } from 'drizzle-orm'
import { withBulkLoadPragmas, withIndexesBuiltAfter } from '#db/bulk-load.server.ts'
import { db, preparedStatement as statement } from '#db/client.server.ts'
import { REPUTATION_VALUES } from '#app/lib/reputation-rules.ts'
import { renderInlineMarkdown, renderMarkdown, toPlainText } from '#app/lib/markdown.server.ts'
import { slugify } from '#app/lib/slug.ts'
import type { ReputationKind } from '#db/schema.ts'
import type { SearchDocument } from '#search/types.ts'
import {
  scaleGenerator,
  type ScaleGenerator,
  type ScaleShape,
  type ScaleThread,
  type ScaleVote,
} from '#db/seed/scale.ts'
import { recomputeBadges } from './badges.server.ts'
import { markJobFinished } from './nightly-jobs.server.ts'
import { excerptOfText } from './questions.server.ts'
import { bulkThreadWrites, startThread, type ThreadWriteOptions } from './thread-writes.server.ts'
import { writeTransaction } from './transaction.server.ts'
import { DAILY_UPVOTE_REPUTATION_CAP, DAILY_VOTE_LIMIT, utcDayStart } from './votes.server.ts'

export interface ScaleSeedOptions {
  shape: ScaleShape
  /** Threads per transaction (default 1 000). */
  batchSize?: number
  /**
   * Write each thread's outbox row and FTS5 refresh once per batch (default true). Off, the
   * unit of work writes them per thread; the rows are the same either way (the test checks).
   */
  deferReindex?: boolean
  onProgress?: (done: number) => void
  /**
   * Each batch's search documents once it has committed (those its FTS5 rows were made from),
   * so the caller can index them in Meilisearch while later batches are written. Awaited
   * before the next batch (a slow index holds the writing back instead of piling up).
   */
  onSearchDocuments?: (documents: SearchDocument[]) => Promise<void> | void
  /** Threads in the newest threads' FTS5 index when batched (RECENT_WINDOW; tests make it small). */
  recentWindow?: number
  /**
   * Build the filled tables' secondary indexes once, after the threads (default true); off, they
   * are kept up row by row. The rows are the same either way (the test checks).
   */
  deferIndexes?: boolean
  /** After each deferred index is built again. */
  onIndexBuilt?: (built: number, total: number) => void
}

export interface ScaleSeedSummary {
  users: number
  staff: number
  questions: number
  answers: number
  comments: number
  votes: number
  /** Votes the 40-a-day limit left out. */
  votesOverLimit: number
  accepted: number
  official: number
  tags: number
  badges: number
  seconds: { threads: number; indexes: number; badges: number }
  /** This process's CPU time in each phase (on a shared machine, steadier than the clock). */
  cpuSeconds: { threads: number; indexes: number; badges: number }
}

/** The tables the threads fill, whose secondary indexes are built after them. */
const FILLED_TABLES = [
  'questions',
  'answers',
  'comments',
  'votes',
  'reputation_events',
  'question_tags',
  'revisions',
]
/**
 * Indexes read while the threads are written: the thread facts count answers and comments by
 * question, and the member_counts trigger on a new answer looks up questions by accepted and
 * official answer.
 */
const READ_WHILE_SEEDING = new Set([
  'answers_question_idx',
  'comments_question_idx',
  'questions_accepted_answer_idx',
  'questions_official_answer_idx',
])

const cpuSeconds = () => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1e6
}

const FIRST = [
  'Alex',
  'Sam',
  'Robin',
  'Kim',
  'Jordan',
  'Maria',
  'Ahmed',
  'Yuki',
  'Lena',
  'Tomás',
  'Priya',
  'Chen',
  'Olu',
  'Noor',
  'Eva',
  'Jonas',
]
const LAST = [
  'Smith',
  'Okafor',
  'Novak',
  'Garcia',
  'Tanaka',
  'Müller',
  'Haddad',
  'Kowalski',
  'Silva',
  'Nguyen',
  'Berg',
  'Rossi',
  'Patel',
  'Moreau',
]

const DAY = 24 * 3600_000

/** Per UTC day, a count per person; days before the oldest still needed are dropped. */
class DailyCounts {
  private days = new Map<number, Map<number, number>>()
  get(day: number, who: number) {
    return this.days.get(day)?.get(who) ?? 0
  }
  add(day: number, who: number, n: number) {
    let m = this.days.get(day)
    if (!m) this.days.set(day, (m = new Map()))
    m.set(who, (m.get(who) ?? 0) + n)
  }
  dropBefore(day: number) {
    for (const d of this.days.keys()) if (d < day) this.days.delete(d)
  }
}

/** Renders each pooled paragraph once; a body's HTML is its paragraphs' HTML joined. */
function renderedPools(gen: ScaleGenerator) {
  return {
    question: gen.pools.question.map((p) => renderMarkdown(p)),
    answer: gen.pools.answer.map((p) => renderMarkdown(p)),
    comment: gen.pools.comment.map((p) => renderInlineMarkdown(p)),
  }
}

/**
 * The excerpt of a pooled question body: toPlainText of joined blocks is their plain texts
 * joined by a space (each block's HTML ends in a line break, which collapses to one space).
 */
function pooledExcerpt(plain: string[], parts: number[]) {
  return excerptOfText(parts.map((i) => plain[i]!).join(' '))
}

/** Markdown and HTML of a body made of pooled paragraphs. */
export function pooledBody(md: string[], html: string[], parts: number[]) {
  return { md: parts.map((i) => md[i]!).join('\n\n'), html: parts.map((i) => html[i]!).join('') }
}

/** Seeds the community into an empty database. */
export function seedScaleCommunity(options: ScaleSeedOptions): Promise<ScaleSeedSummary> {
  return withBulkLoadPragmas(db.$client, () => seed(options))
}

async function seed(options: ScaleSeedOptions): Promise<ScaleSeedSummary> {
  const { shape } = options
  const gen = scaleGenerator(shape)
  const html = renderedPools(gen)
  const questionPlain = html.question.map((h) => toPlainText(h))
  const t0 = shape.now - shape.spanMs
  const summary: ScaleSeedSummary = {
    users: shape.users,
    staff: shape.staff,
    questions: 0,
    answers: 0,
    comments: 0,
    votes: 0,
    votesOverLimit: 0,
    accepted: 0,
    official: 0,
    tags: 0,
    badges: 0,
    seconds: { threads: 0, indexes: 0, badges: 0 },
    cpuSeconds: { threads: 0, indexes: 0, badges: 0 },
  }
  const hasUsers = statement('SELECT 1 FROM users LIMIT 1').get()
  if (hasUsers)
    throw new Error('The scale seed only runs on an empty database, and this one has users.')

  // ------------------------------------------------------------ members and staff
  const memberIds: number[] = []
  const staffIds: number[] = []
  writeTransaction(() => {
    const insert = statement(
      `INSERT INTO users (handle, email, password_hash, display_name, bio, role, created_at, last_seen_at)
       VALUES (?, ?, NULL, ?, '', ?, ?, ?) RETURNING id`,
    )
    for (let s = 0; s < shape.staff; s++) {
      const handle = `staff-${s + 1}`
      const row = insert.get(
        handle,
        `${handle}@seed.invalid`,
        `Support Team ${s + 1}`,
        'staff',
        t0 - 30 * DAY,
        shape.now,
      ) as { id: number }
      staffIds.push(row.id)
    }
    for (let m = 0; m < shape.users; m++) {
      const first = FIRST[m % FIRST.length]!
      const last = LAST[Math.floor(m / FIRST.length) % LAST.length]!
      const handle = `${slugify(`${first}${last}`)}-${m + 1}`
      // The most active joined first; the long tail joined over the whole span.
      const joined = t0 - 30 * DAY + Math.floor((shape.spanMs * m) / shape.users)
      const row = insert.get(
        handle,
        `${handle}@seed.invalid`,
        `${first} ${last}`,
        'member',
        joined,
        shape.now,
      ) as { id: number }
      memberIds.push(row.id)
    }
  })

  // ------------------------------------------------------------ threads
  const tagIds = new Map<number, number>()
  const tagCounts = new Map<number, number>()
  const reputation = new Map<number, number>()
  const upvoteCredit = new DailyCounts()
  const votesCast = new DailyCounts()

  const ledger = (
    userId: number,
    kind: ReputationKind,
    post: { type: 'question' | 'answer'; id: number; questionId: number },
    actorId: number,
    at: number,
    amount = REPUTATION_VALUES[kind],
  ) => {
    statement(
      `INSERT INTO reputation_events (user_id, amount, kind, post_type, post_id, question_id, actor_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(userId, amount, kind, post.type, post.id, post.questionId, actorId, at)
    if (amount !== 0) reputation.set(userId, (reputation.get(userId) ?? 0) + amount)
  }

  /** The votes a post gets, after the daily limit; their rows and ledger; its score. */
  const castVotes = (
    list: ScaleVote[],
    post: { type: 'question' | 'answer'; id: number; questionId: number },
    authorId: number,
  ) => {
    let score = 0
    for (const v of list) {
      const voterId = memberIds[v.voter]!
      const day = utcDayStart(v.at)
      if (votesCast.get(day, voterId) >= DAILY_VOTE_LIMIT) {
        summary.votesOverLimit++
        continue
      }
      votesCast.add(day, voterId, 1)
      statement(
        'INSERT INTO votes (user_id, post_type, post_id, value, created_at) VALUES (?, ?, ?, ?, ?)',
      ).run(voterId, post.type, post.id, v.up ? 1 : -1, v.at)
      summary.votes++
      score += v.up ? 1 : -1
      if (v.up) {
        const kind = post.type === 'answer' ? 'answer_upvoted' : 'question_upvoted'
        const room = DAILY_UPVOTE_REPUTATION_CAP - upvoteCredit.get(day, authorId)
        const amount = Math.max(0, Math.min(REPUTATION_VALUES[kind], room))
        upvoteCredit.add(day, authorId, amount)
        ledger(authorId, kind, post, voterId, v.at, amount)
      } else {
        ledger(authorId, 'post_downvoted', post, voterId, v.at)
        if (post.type === 'answer') ledger(voterId, 'downvoted_answer', post, voterId, v.at)
      }
    }
    return score
  }

  const tagIdOf = (rank: number, at: number) => {
    let id = tagIds.get(rank)
    if (id == null) {
      id = (
        statement('INSERT INTO tags (name, created_at) VALUES (?, ?) RETURNING id').get(
          gen.tagNames[rank]!,
          at,
        ) as { id: number }
      ).id
      tagIds.set(rank, id)
    }
    tagCounts.set(id, (tagCounts.get(id) ?? 0) + 1)
    return id
  }

  const writeThread = (t: ScaleThread, options: ThreadWriteOptions) => {
    const authorId = memberIds[t.author]!
    const body = pooledBody(gen.pools.question, html.question, t.body)
    const tagNames = t.tags.map((rank) => gen.tagNames[rank]!)
    startThread(
      { id: authorId },
      () => {
        const { id: questionId } = statement(
          `INSERT INTO questions (author_id, title, slug, body_md, body_html, excerpt, created_at, last_activity_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        ).get(
          authorId,
          t.title,
          slugify(t.title),
          body.md,
          body.html,
          pooledExcerpt(questionPlain, t.body),
          t.at,
          t.lastActivityAt,
        ) as { id: number }
        for (const rank of t.tags) {
          statement(
            'INSERT INTO question_tags (question_id, tag_id, question_created_at) VALUES (?, ?, ?)',
          ).run(questionId, tagIdOf(rank, t.at), t.at)
        }
        const revision = statement(
          `INSERT INTO revisions (post_type, post_id, question_id, editor_id, revision, title, body_md, tags, created_at)
           VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)`,
        )
        revision.run(
          'question',
          questionId,
          questionId,
          authorId,
          t.title,
          body.md,
          tagNames.join(' '),
          t.at,
        )
        const comment = statement(
          `INSERT INTO comments (question_id, answer_id, author_id, body_md, body_html, created_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        const addComments = (answerId: number | null, list: typeof t.comments) => {
          for (const c of list) {
            const [md, rendered] = [gen.pools.comment[c.body]!, html.comment[c.body]!]
            comment.run(questionId, answerId, memberIds[c.author]!, md, rendered, c.at)
          }
        }
        addComments(null, t.comments)
        const questionPost = { type: 'question', id: questionId, questionId } as const
        const questionScore = castVotes(t.votes, questionPost, authorId)

        const answerIds: number[] = []
        let commentCount = t.comments.length
        t.answers.forEach((a) => {
          const answerAuthorId = memberIds[a.author]!
          const answerBody = pooledBody(gen.pools.answer, html.answer, a.body)
          const { id: answerId } = statement(
            `INSERT INTO answers (question_id, author_id, body_md, body_html, comment_count, created_at)
             VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
          ).get(
            questionId,
            answerAuthorId,
            answerBody.md,
            answerBody.html,
            a.comments.length,
            a.at,
          ) as { id: number }
          answerIds.push(answerId)
          revision.run(
            'answer',
            answerId,
            questionId,
            answerAuthorId,
            null,
            answerBody.md,
            null,
            a.at,
          )
          addComments(answerId, a.comments)
          commentCount += a.comments.length
          const score = castVotes(
            a.votes,
            { type: 'answer', id: answerId, questionId },
            answerAuthorId,
          )
          if (score !== 0)
            statement('UPDATE answers SET score = ? WHERE id = ?').run(score, answerId)
        })

        let acceptedId: number | null = null
        let officialId: number | null = null
        let resolvedAt: number | null = null
        if (t.accepted != null && t.acceptedAt != null) {
          acceptedId = answerIds[t.accepted]!
          const answerAuthorId = memberIds[t.answers[t.accepted]!.author]!
          const post = { type: 'answer', id: acceptedId, questionId } as const
          ledger(answerAuthorId, 'answer_accepted', post, authorId, t.acceptedAt)
          ledger(authorId, 'accepted_answer', post, authorId, t.acceptedAt)
          resolvedAt = t.acceptedAt
          summary.accepted++
        }
        if (t.official) {
          officialId = answerIds[t.official.answer]!
          const answerAuthorId = memberIds[t.answers[t.official.answer]!.author]!
          const post = { type: 'answer', id: officialId, questionId } as const
          ledger(
            answerAuthorId,
            'answer_official',
            post,
            staffIds[t.official.staff]!,
            t.official.at,
          )
          // The mark's record, as a staff mark writes it: the thread says "verified by staff on
          // …" and old marks come up on /staff/reverify.
          statement(
            `INSERT INTO official_marks
               (question_id, answer_id, marked_by, marked_at, note, verified_by, verified_at)
             VALUES (?, ?, ?, ?, '', ?, ?)`,
          ).run(
            questionId,
            officialId,
            staffIds[t.official.staff]!,
            t.official.at,
            staffIds[t.official.staff]!,
            t.official.at,
          )
          resolvedAt = resolvedAt == null ? t.official.at : Math.min(resolvedAt, t.official.at)
          summary.official++
        }
        statement(
          `UPDATE questions SET score = ?, accepted_answer_id = ?, official_answer_id = ?, resolved_at = ?,
             first_answer_at = ? WHERE id = ?`,
        ).run(
          questionScore,
          acceptedId,
          officialId,
          resolvedAt,
          t.answers[0]?.at ?? null,
          questionId,
        )
        summary.questions++
        summary.answers += answerIds.length
        summary.comments += commentCount
        return {
          questionId,
          change: { type: 'thread.imported', answers: answerIds.length, comments: commentCount },
          result: questionId,
        }
      },
      t.lastActivityAt,
      options,
    )
  }

  const flushCounters = () => {
    const addReputation = statement('UPDATE users SET reputation = reputation + ? WHERE id = ?')
    for (const [userId, amount] of reputation) addReputation.run(amount, userId)
    reputation.clear()
    const addTagCount = statement(
      'UPDATE tags SET question_count = question_count + ? WHERE id = ?',
    )
    for (const [tagId, n] of tagCounts) addTagCount.run(n, tagId)
    tagCounts.clear()
  }

  const batchSize = options.batchSize ?? 1000
  // The seed's questions take the next ids in turn (AUTOINCREMENT): the last is known now, so
  // the FTS5 writes leave out of the newest threads' index the ones later batches push out.
  const lastId =
    (statement("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'questions'), 0)")
      .pluck()
      .get() as number) + shape.questions
  const recentWindow = { newestId: lastId, window: options.recentWindow }
  const started = performance.now()
  const cpuStarted = cpuSeconds()
  const writeThreads = async () => {
    for (let done = 0; done < shape.questions;) {
      const end = Math.min(shape.questions, done + batchSize)
      const first = done
      const batch = (writeOptions: ThreadWriteOptions) => {
        for (let i = first; i < end; i++) writeThread(gen.thread(i), writeOptions)
        flushCounters()
      }
      const committed: SearchDocument[][] = []
      if (options.deferReindex === false) writeTransaction(() => batch({ imported: true }))
      else
        bulkThreadWrites(batch, {
          onSearchDocuments: (docs) => committed.push(docs),
          recentWindow,
        })
      for (const documents of committed) await options.onSearchDocuments?.(documents)
      done = end
      // Votes come at most a week after their post, and posts in index order: older days are done.
      const oldest =
        utcDayStart(t0 + Math.floor((shape.spanMs * (done - 1)) / shape.questions)) - 2 * DAY
      upvoteCredit.dropBefore(oldest)
      votesCast.dropBefore(oldest)
      options.onProgress?.(done)
      await new Promise((resolve) => setImmediate(resolve))
    }
    summary.seconds.threads = (performance.now() - started) / 1000
    summary.cpuSeconds.threads = cpuSeconds() - cpuStarted
  }
  if (options.deferIndexes === false) await writeThreads()
  else {
    await withIndexesBuiltAfter(
      db.$client,
      { tables: FILLED_TABLES, keep: READ_WHILE_SEEDING, onBuilt: options.onIndexBuilt },
      writeThreads,
    )
    summary.seconds.indexes = (performance.now() - started) / 1000 - summary.seconds.threads
    summary.cpuSeconds.indexes = cpuSeconds() - cpuStarted - summary.cpuSeconds.threads
  }
  summary.tags = tagIds.size

  // ------------------------------------------------------------ badges, once
  const badgesStarted = performance.now()
  const badgesCpu = cpuSeconds()
  const active = (
    db.all(
      sql`SELECT id FROM users u WHERE u.reputation >= 1000
        OR EXISTS (SELECT 1 FROM questions q WHERE q.author_id = u.id)
        OR EXISTS (SELECT 1 FROM answers a WHERE a.author_id = u.id)
        OR EXISTS (SELECT 1 FROM comments c WHERE c.author_id = u.id)
        ORDER BY id`,
    ) as { id: number }[]
  ).map((r) => r.id)
  summary.badges = recomputeBadges(shape.now, { notify: false, userIds: active }).awarded.length
  // Everyone who can hold a badge was just recomputed: the first start need not do it again.
  markJobFinished('badge-recompute', Date.now())
  summary.seconds.badges = (performance.now() - badgesStarted) / 1000
  summary.cpuSeconds.badges = cpuSeconds() - badgesCpu
  return summary
}
