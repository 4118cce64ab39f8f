// Bringing a Stack Exchange community in: the domain side of `npm run import:stackexchange`.
// The CLI (scripts/import-stackexchange.ts) streams the dump's files with the reader in
// app/lib/stackexchange-dump.server.ts and hands rows here in batches; every thread write goes
// through the unit of work (startThread/changeThread) marked `imported`, so status, counters, outbox and
// FTS5 rows are right while nobody is notified of history and no badge is awarded per event
// (finishImport recomputes badges once, quietly).
//
// What a re-run does: rows already in `import_map` are left as they are (people may have edited,
// voted on or claimed them since); rows the dump has that were not imported yet are added.
import { and, eq, sql } from 'drizzle-orm'
import { db, preparedStatement as statement, type Tx } from '#db/client.server.ts'
import {
  answers,
  comments,
  importMap,
  questions,
  revisions,
  tags,
  users,
  type ImportKind,
} from '#db/schema.ts'
import { closedReasonText } from '#app/lib/close-reasons.ts'
import { htmlToMarkdown } from '#app/lib/html-to-markdown.server.ts'
import { renderInlineMarkdown, renderMarkdown } from '#app/lib/markdown.server.ts'
import { slugify } from '#app/lib/slug.ts'
import { HANDLE_PATTERN } from '#app/validation/auth.ts'
import {
  BODY_MAX,
  BODY_MIN,
  COMMENT_MAX,
  COMMENT_MIN,
  TITLE_MAX,
  TITLE_MIN,
} from '#app/validation/posts.ts'
import { outboxLag } from '#search/outbox.server.ts'
import {
  htmlToText,
  toPeerdeskTags,
  type SeAnswer,
  type SeComment,
  type SePostLink,
  type SeQuestion,
  type SeUser,
} from '#app/lib/stackexchange-dump.server.ts'
import { recomputeBadges } from './badges.server.ts'
import { excerptOf, getQuestionSlug } from './questions.server.ts'
import { recordImportedReputation } from './reputation.server.ts'
import { attachTags } from './tags.server.ts'
import { changeThread, startThread } from './thread-writes.server.ts'
import { writeTransaction } from './transaction.server.ts'

/** A row and the line of the dump file it came from (for reports). */
export interface Lined<T> {
  line: number
  item: T
}

export interface ImportProblem {
  file: string
  line: number
  message: string
}

export interface ImportSummary {
  source: string
  users: { created: number; existing: number; placeholders: number }
  questions: {
    created: number
    existing: number
    /** Created with the same id as on the source site (old /questions/ID URLs keep working). */
    keptId: number
  }
  answers: { created: number; existing: number; orphans: number }
  accepted: number
  comments: { created: number; existing: number; orphans: number }
  duplicates: { marked: number; existing: number; unresolved: number }
  closed: number
  /** Questions imported with a default in place of what SPEC requires. */
  defaults: {
    untagged: number
    titleTooShort: number
    titleTooLong: number
    bodyTooShort: number
    bodyTooLong: number
    answerBodyTooShort: number
    answerBodyTooLong: number
    /** Comments outside 15–600 characters are kept as written (counted only). */
    commentOutsideLimits: number
  }
  tagDescriptions: number
  votes: { up: number; down: number; accepted: number; other: number }
  problems: ImportProblem[]
  /** Threads waiting in the search outbox for the worker to send to Meilisearch. */
  outboxPending: number
}

export function emptySummary(source: string): ImportSummary {
  return {
    source,
    users: { created: 0, existing: 0, placeholders: 0 },
    questions: { created: 0, existing: 0, keptId: 0 },
    answers: { created: 0, existing: 0, orphans: 0 },
    accepted: 0,
    comments: { created: 0, existing: 0, orphans: 0 },
    duplicates: { marked: 0, existing: 0, unresolved: 0 },
    closed: 0,
    defaults: {
      untagged: 0,
      titleTooShort: 0,
      titleTooLong: 0,
      bodyTooShort: 0,
      bodyTooLong: 0,
      answerBodyTooShort: 0,
      answerBodyTooLong: 0,
      commentOutsideLimits: 0,
    },
    tagDescriptions: 0,
    votes: { up: 0, down: 0, accepted: 0, other: 0 },
    problems: [],
    outboxPending: 0,
  }
}

/** The tag every question without a usable tag gets. */
export const UNTAGGED = 'untagged'
/** Stack Exchange's own account (id -1), also the author of posts whose owner is gone. */
const COMMUNITY_USER_ID = -1

// ---------------------------------------------------------------- the mapping table

// The importer's hot look-ups are prepared once (preparedStatement): drizzle builds and
// prepares a query on every call, which was most of the import's time.
function mapped(source: string, kind: ImportKind, sourceId: number): number | undefined {
  const row = statement(
    'SELECT target_id FROM import_map WHERE source = ? AND kind = ? AND source_id = ?',
  ).get(source, kind, sourceId) as { target_id: number } | undefined
  return row?.target_id
}

function remember(
  source: string,
  kind: ImportKind,
  sourceId: number,
  targetId: number,
  now: number,
  license: string | null = null,
) {
  statement(
    'INSERT INTO import_map (source, kind, source_id, target_id, license, imported_at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(source, kind, sourceId, targetId, license, now)
}

/** The 2017 and older dumps name no licence: their content is CC BY-SA 3.0. */
const DEFAULT_LICENSE = 'CC BY-SA 3.0'

/**
 * Where an imported thread came from, for the credit the licence asks of whoever shows it:
 * the original post, its author's profile there, and the licence. Null for a thread made here.
 */
export function importAttribution(questionId: number) {
  const row = statement(
    `SELECT q.source AS source, q.source_id AS postId, q.license AS license,
            u.source_id AS authorSourceId, users.display_name AS authorName
     FROM import_map q
     JOIN questions ON questions.id = q.target_id
     JOIN users ON users.id = questions.author_id
     LEFT JOIN import_map u ON u.source = q.source AND u.kind = 'user' AND u.target_id = users.id
     WHERE q.kind = 'question' AND q.target_id = ?
     ORDER BY q.imported_at LIMIT 1`,
  ).get(questionId) as
    | {
        source: string
        postId: number
        license: string | null
        authorSourceId: number | null
        authorName: string
      }
    | undefined
  if (!row) return null
  return {
    site: row.source,
    postUrl: `https://${row.source}/q/${row.postId}`,
    authorName: row.authorName,
    authorUrl:
      row.authorSourceId != null && row.authorSourceId > 0
        ? `https://${row.source}/users/${row.authorSourceId}`
        : null,
    license: row.license ?? DEFAULT_LICENSE,
  }
}

/** The Peerdesk id of an imported question, answer, comment or user. */
export function importedId(source: string, kind: ImportKind, sourceId: number) {
  return mapped(source, kind, sourceId)
}

/**
 * Where an old `/q/ID` address of an imported site leads: the thread imported from that
 * question (or the thread of that answer, Stack Exchange's /q/ takes both). When several
 * imported sites had a post with this id, the site imported first wins.
 */
function threadForOldId(sourceId: number): { questionId: number; answerId: number | null } | null {
  const first = db
    .select({ kind: importMap.kind, targetId: importMap.targetId })
    .from(importMap)
    .where(and(sql`${importMap.kind} in ('question', 'answer')`, eq(importMap.sourceId, sourceId)))
    .orderBy(importMap.importedAt, sql`rowid`)
    .limit(1)
    .get()
  if (!first) return null
  if (first.kind === 'question') return { questionId: first.targetId, answerId: null }
  const answer = db
    .select({ questionId: answers.questionId })
    .from(answers)
    .where(eq(answers.id, first.targetId))
    .get()
  return answer ? { questionId: answer.questionId, answerId: first.targetId } : null
}

/**
 * Where /q/ID leads: the thread an imported question or answer id became (an answer's with its
 * anchor), else the Peerdesk question of that id; null when neither is there.
 */
export function addressForShortLink(id: number): string | null {
  const old = threadForOldId(id)
  const questionId = old?.questionId ?? id
  const slug = getQuestionSlug(questionId)
  if (!slug) return null
  const anchor = old?.answerId != null ? `#answer-${old.answerId}` : ''
  return `/questions/${questionId}/${slug}${anchor}`
}

// ---------------------------------------------------------------- users

function placeholderEmail(source: string, sourceId: number) {
  return `imported-${sourceId < 0 ? `m${-sourceId}` : sourceId}@${source}.invalid`
}

function handleBase(displayName: string): string {
  return displayName
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/\s+/g, '')
    .replace(/[^a-zA-Z0-9_-]+/g, '')
    .slice(0, 30)
}

function handleTaken(handle: string) {
  return statement('SELECT 1 FROM users WHERE lower(handle) = lower(?)').get(handle) != null
}

/** A free handle from a display name: "Jane Doe" → "JaneDoe", else "JaneDoe-se42", "user42". */
function uniqueHandle(displayName: string, sourceId: number): string {
  const tag = sourceId < 0 ? `m${-sourceId}` : String(sourceId)
  const base = handleBase(displayName)
  const candidates = [
    base,
    `${base.slice(0, 30 - tag.length - 3)}-se${tag}`,
    `user${tag}`,
    `user${tag}-${Date.now().toString(36)}`,
  ]
  for (const handle of candidates) {
    if (handle.length >= 3 && HANDLE_PATTERN.test(handle) && !handleTaken(handle)) return handle
  }
  throw new Error(`no free handle for user ${sourceId}`)
}

interface UserFacts {
  sourceId: number
  displayName: string
  bio: string
  createdAt: number
  lastSeenAt: number | null
  reputation: number | null
}

function insertUser(tx: Tx, source: string, facts: UserFacts, now: number): number {
  const displayName = facts.displayName.trim().slice(0, 50) || `user${facts.sourceId}`
  const user = tx
    .insert(users)
    .values({
      handle: uniqueHandle(displayName, facts.sourceId),
      email: placeholderEmail(source, facts.sourceId),
      // No password: the account cannot log in until its owner claims it (claims.server.ts).
      passwordHash: null,
      displayName,
      bio: facts.bio,
      createdAt: facts.createdAt || now,
      lastSeenAt: facts.lastSeenAt,
    })
    .returning({ id: users.id })
    .get()
  remember(source, 'user', facts.sourceId, user.id, now)
  if (facts.reputation) recordImportedReputation(tx, user.id, facts.reputation, now)
  return user.id
}

/** Users.xml rows, in one transaction: new accounts (unclaimed) with their reputation. */
export function importUsers(
  source: string,
  rows: Lined<SeUser>[],
  summary: ImportSummary,
  now = Date.now(),
) {
  writeTransaction((tx) => {
    for (const { item: user, line } of rows) {
      if (mapped(source, 'user', user.id) != null) {
        summary.users.existing++
        continue
      }
      try {
        tx.transaction((savepoint) => {
          insertUser(
            savepoint as Tx,
            source,
            {
              sourceId: user.id,
              displayName: user.displayName,
              bio: htmlToText(user.aboutMe, { paragraphs: false }).slice(0, 500),
              createdAt: user.createdAt,
              lastSeenAt: user.lastAccessAt,
              reputation: user.reputation,
            },
            now,
          )
        })
        summary.users.created++
      } catch (error) {
        summary.problems.push({ file: 'Users.xml', line, message: messageOf(error) })
      }
    }
  })
}

/**
 * The account behind an owner id of the dump; when Users.xml did not have it (or the dump has
 * no Users.xml), a placeholder with the name the post shows. Posts without an owner belong to
 * the site's Community account.
 */
function authorFor(
  tx: Tx,
  source: string,
  sourceId: number | null | undefined,
  displayName: string | null | undefined,
  summary: ImportSummary,
  now: number,
): number {
  const id = sourceId ?? COMMUNITY_USER_ID
  const known = mapped(source, 'user', id)
  if (known != null) return known
  summary.users.placeholders++
  return insertUser(
    tx,
    source,
    {
      sourceId: id,
      displayName: id === COMMUNITY_USER_ID ? 'Community' : (displayName ?? `user${id}`),
      bio: '',
      createdAt: 0,
      lastSeenAt: null,
      reputation: null,
    },
    now,
  )
}

// ---------------------------------------------------------------- bodies and titles

function sourceLink(source: string, postId: number) {
  return `https://${source}/q/${postId}`
}

function cutAtWord(text: string, max: number) {
  if (text.length <= max) return text
  const cut = text.slice(0, max - 1)
  const space = cut.lastIndexOf(' ')
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`
}

function importTitle(q: SeQuestion, source: string, summary: ImportSummary): string {
  const title = q.title.replace(/\s+/g, ' ').trim()
  if (title.length > TITLE_MAX) {
    summary.defaults.titleTooLong++
    return cutAtWord(title, TITLE_MAX)
  }
  if (title.length < TITLE_MIN) {
    summary.defaults.titleTooShort++
    const padded = title ? `${title} (from ${source})` : `Question ${q.id} from ${source}`
    return cutAtWord(padded, TITLE_MAX)
  }
  return title
}

/**
 * The Markdown of a dump body within SPEC's limits: a short body gets a line naming where it
 * came from; a long one is cut at a paragraph, its code fence closed, with a link to the rest.
 */
function importBody(
  html: string,
  source: string,
  postId: number,
  count: { short: () => void; long: () => void },
): string {
  let md = htmlToMarkdown(html)
  if (md.length > BODY_MAX) {
    count.long()
    const note = `\n\n*Shortened on import: the whole post is at ${sourceLink(source, postId)}*`
    let cut = md.slice(0, BODY_MAX - note.length - 8)
    const paragraph = cut.lastIndexOf('\n\n')
    if (paragraph > cut.length / 2) cut = cut.slice(0, paragraph)
    if ((cut.match(/^```/gm)?.length ?? 0) % 2 === 1) cut += '\n```'
    md = cut + note
  } else if (md.length < BODY_MIN) {
    count.short()
    md = `${md}${md ? '\n\n' : ''}*Imported from ${sourceLink(source, postId)}*`
  }
  return md
}

// ---------------------------------------------------------------- posts

function questionIdFree(id: number) {
  return statement('SELECT 1 FROM questions WHERE id = ?').get(id) == null
}

function answerIdFree(id: number) {
  return statement('SELECT 1 FROM answers WHERE id = ?').get(id) == null
}

// Accepted answers that come after their question's batch wait here (a connection-local table,
// so a 5 GB dump does not hold them in memory).
function pendingAccepts(tx: Tx) {
  tx.run(
    sql`CREATE TEMP TABLE IF NOT EXISTS import_pending_accepts (source TEXT NOT NULL, answer_id INTEGER NOT NULL, question_id INTEGER NOT NULL, PRIMARY KEY (source, answer_id))`,
  )
}

function insertAnswers(
  tx: Tx,
  source: string,
  questionId: number,
  list: SeAnswer[],
  acceptedSourceId: number | null,
  summary: ImportSummary,
  now: number,
) {
  let accepted: { id: number; createdAt: number } | null = null
  let created = 0
  for (const a of list) {
    if (mapped(source, 'answer', a.id) != null) {
      summary.answers.existing++
      continue
    }
    const authorId = authorFor(tx, source, a.ownerUserId, a.ownerDisplayName, summary, now)
    const editorId =
      a.lastEditorUserId != null
        ? authorFor(tx, source, a.lastEditorUserId, null, summary, now)
        : null
    const bodyMd = importBody(a.bodyHtml, source, a.id, {
      short: () => summary.defaults.answerBodyTooShort++,
      long: () => summary.defaults.answerBodyTooLong++,
    })
    const row = tx
      .insert(answers)
      .values({
        ...(answerIdFree(a.id) ? { id: a.id } : {}),
        questionId,
        authorId,
        bodyMd,
        bodyHtml: renderMarkdown(bodyMd),
        score: a.score,
        createdAt: a.createdAt,
        editedAt: a.editedAt ?? null,
        lastEditorId: a.editedAt ? editorId : null,
      })
      .returning({ id: answers.id })
      .get()
    tx.insert(revisions)
      .values({
        postType: 'answer',
        postId: row.id,
        questionId,
        editorId: authorId,
        revision: 1,
        bodyMd,
        summary: `Imported from ${source}`,
        createdAt: a.editedAt ?? a.createdAt,
      })
      .run()
    remember(source, 'answer', a.id, row.id, now, a.license ?? null)
    summary.answers.created++
    created++
    if (a.id === acceptedSourceId) accepted = { id: row.id, createdAt: a.createdAt }
    // An accepted answer that arrived after its question's batch.
    const waiting = statement(
      'DELETE FROM import_pending_accepts WHERE source = ? AND answer_id = ?',
    ).run(source, a.id)
    if (waiting.changes > 0) accepted = { id: row.id, createdAt: a.createdAt }
    tx.update(questions)
      .set({
        firstAnswerAt: sql`min(coalesce(${questions.firstAnswerAt}, ${a.createdAt}), ${a.createdAt})`,
        lastActivityAt: sql`max(${questions.lastActivityAt}, ${a.createdAt})`,
      })
      .where(eq(questions.id, questionId))
      .run()
  }
  if (accepted) {
    tx.update(questions)
      .set({ acceptedAnswerId: accepted.id, resolvedAt: accepted.createdAt })
      .where(eq(questions.id, questionId))
      .run()
    summary.accepted++
  }
  return created
}

function insertQuestion(
  tx: Tx,
  source: string,
  q: SeQuestion,
  summary: ImportSummary,
  now: number,
) {
  const authorId = authorFor(tx, source, q.ownerUserId, q.ownerDisplayName, summary, now)
  const editorId =
    q.lastEditorUserId != null
      ? authorFor(tx, source, q.lastEditorUserId, null, summary, now)
      : null
  const title = importTitle(q, source, summary)
  const bodyMd = importBody(q.bodyHtml, source, q.id, {
    short: () => summary.defaults.bodyTooShort++,
    long: () => summary.defaults.bodyTooLong++,
  })
  const bodyHtml = renderMarkdown(bodyMd)
  const tagNames = toPeerdeskTags(q.tags, UNTAGGED)
  if (tagNames.length === 1 && tagNames[0] === UNTAGGED && !q.tags.includes(UNTAGGED)) {
    summary.defaults.untagged++
  }
  const keepId = questionIdFree(q.id)
  const closed = q.closedAt != null
  const row = tx
    .insert(questions)
    .values({
      ...(keepId ? { id: q.id } : {}),
      authorId,
      title,
      slug: slugify(title),
      bodyMd,
      bodyHtml,
      excerpt: excerptOf(bodyHtml),
      score: q.score,
      viewCount: q.viewCount ?? 0,
      closedAt: q.closedAt,
      closedReason: closed ? `Closed on ${source} before it was imported.` : null,
      createdAt: q.createdAt,
      editedAt: q.editedAt ?? null,
      lastEditorId: q.editedAt ? editorId : null,
      lastActivityAt: Math.max(q.lastActivityAt ?? 0, q.editedAt ?? 0, q.createdAt),
    })
    .returning({ id: questions.id })
    .get()
  if (keepId) summary.questions.keptId++
  if (closed) summary.closed++
  attachTags(tx, row.id, tagNames, q.createdAt)
  tx.insert(revisions)
    .values({
      postType: 'question',
      postId: row.id,
      questionId: row.id,
      editorId: authorId,
      revision: 1,
      title,
      bodyMd,
      tags: tagNames.join(' '),
      summary: `Imported from ${source}`,
      createdAt: q.editedAt ?? q.createdAt,
    })
    .run()
  remember(source, 'question', q.id, row.id, now, q.license ?? null)
  summary.questions.created++
  return row.id
}

export interface PostBatch {
  questions: Lined<SeQuestion>[]
  answers: Lined<SeAnswer>[]
}

/**
 * One batch of Posts.xml rows in one transaction, each thread its own unit of work (a savepoint:
 * a row that fails is reported and the rest of the batch stays). Answers whose question is not
 * imported (yet) come back, for the caller to retry once the whole file has been read.
 */
export function importPosts(
  source: string,
  batch: PostBatch,
  summary: ImportSummary,
  now = Date.now(),
): Lined<SeAnswer>[] {
  const byParent = new Map<number, Lined<SeAnswer>[]>()
  for (const answer of batch.answers) {
    const list = byParent.get(answer.item.parentId) ?? []
    list.push(answer)
    byParent.set(answer.item.parentId, list)
  }
  const waiting: Lined<SeAnswer>[] = []
  writeTransaction((tx) => {
    pendingAccepts(tx)
    for (const { item: q, line } of batch.questions) {
      const ownAnswers = byParent.get(q.id) ?? []
      byParent.delete(q.id)
      const existing = mapped(source, 'question', q.id)
      if (existing != null) {
        summary.questions.existing++
        if (ownAnswers.length > 0) byParent.set(q.id, ownAnswers) // added below, if new
        rememberPendingAccept(source, q, existing)
        continue
      }
      try {
        startThread(
          { id: authorFor(tx, source, q.ownerUserId, q.ownerDisplayName, summary, now) },
          (inner) => {
            const questionId = insertQuestion(inner, source, q, summary, now)
            const added = insertAnswers(
              inner,
              source,
              questionId,
              ownAnswers.map((a) => a.item),
              q.acceptedAnswerId,
              summary,
              now,
            )
            rememberPendingAccept(source, q, questionId)
            return {
              questionId,
              change: { type: 'thread.imported', answers: added, comments: 0 },
              result: questionId,
            }
          },
          now,
          { imported: true },
        )
      } catch (error) {
        summary.problems.push({ file: 'Posts.xml', line, message: messageOf(error) })
      }
    }
    for (const [parentId, list] of byParent) {
      const questionId = mapped(source, 'question', parentId)
      if (questionId == null) {
        waiting.push(...list)
        continue
      }
      addAnswersToThread(tx, source, questionId, list, summary, now)
    }
  })
  return waiting
}

function rememberPendingAccept(source: string, q: SeQuestion, questionId: number) {
  if (q.acceptedAnswerId == null || mapped(source, 'answer', q.acceptedAnswerId) != null) return
  statement(
    'INSERT OR IGNORE INTO import_pending_accepts (source, answer_id, question_id) VALUES (?, ?, ?)',
  ).run(source, q.acceptedAnswerId, questionId)
}

function addAnswersToThread(
  tx: Tx,
  source: string,
  questionId: number,
  list: Lined<SeAnswer>[],
  summary: ImportSummary,
  now: number,
) {
  const fresh = list.filter((a) => mapped(source, 'answer', a.item.id) == null)
  summary.answers.existing += list.length - fresh.length
  if (fresh.length === 0) return
  try {
    changeThread(
      null,
      questionId,
      (inner) => {
        const added = insertAnswers(
          inner,
          source,
          questionId,
          fresh.map((a) => a.item),
          null,
          summary,
          now,
        )
        return { change: { type: 'thread.imported', answers: added, comments: 0 }, result: added }
      },
      now,
      { imported: true },
    )
  } catch (error) {
    const line = fresh[0]?.line ?? 0
    summary.problems.push({ file: 'Posts.xml', line, message: messageOf(error) })
  }
}

/** Answers still waiting once Posts.xml is read: their question is not in the dump. */
export function importWaitingAnswers(
  source: string,
  waiting: Lined<SeAnswer>[],
  summary: ImportSummary,
  now = Date.now(),
) {
  const left =
    waiting.length === 0
      ? []
      : importPosts(source, { questions: [], answers: waiting }, summary, now)
  summary.answers.orphans += left.length
}

// ---------------------------------------------------------------- comments

/** Comments.xml rows: grouped by thread, one unit of work per thread. */
export function importComments(
  source: string,
  rows: Lined<SeComment>[],
  summary: ImportSummary,
  now = Date.now(),
) {
  writeTransaction((tx) => {
    const byThread = new Map<number, { answerId: number | null; row: Lined<SeComment> }[]>()
    for (const row of rows) {
      if (mapped(source, 'comment', row.item.id) != null) {
        summary.comments.existing++
        continue
      }
      const questionId = mapped(source, 'question', row.item.postId)
      let target: { questionId: number; answerId: number | null } | null = null
      if (questionId != null) target = { questionId, answerId: null }
      else {
        const answerId = mapped(source, 'answer', row.item.postId)
        const answer =
          answerId == null
            ? undefined
            : tx
                .select({ questionId: answers.questionId })
                .from(answers)
                .where(eq(answers.id, answerId))
                .get()
        if (answer && answerId != null) target = { questionId: answer.questionId, answerId }
      }
      if (!target) {
        summary.comments.orphans++
        continue
      }
      const list = byThread.get(target.questionId) ?? []
      list.push({ answerId: target.answerId, row })
      byThread.set(target.questionId, list)
    }
    for (const [questionId, list] of byThread) {
      try {
        changeThread(
          null,
          questionId,
          (inner) => {
            for (const { answerId, row } of list)
              insertComment(inner, source, questionId, answerId, row.item, summary, now)
            return {
              change: { type: 'thread.imported', answers: 0, comments: list.length },
              result: undefined,
            }
          },
          now,
          { imported: true },
        )
      } catch (error) {
        summary.problems.push({
          file: 'Comments.xml',
          line: list[0]?.row.line ?? 0,
          message: messageOf(error),
        })
      }
    }
  })
}

function insertComment(
  tx: Tx,
  source: string,
  questionId: number,
  answerId: number | null,
  c: SeComment,
  summary: ImportSummary,
  now: number,
) {
  const authorId = authorFor(tx, source, c.userId, c.userDisplayName, summary, now)
  const text = c.text.trim()
  if (text.length < COMMENT_MIN || text.length > COMMENT_MAX)
    summary.defaults.commentOutsideLimits++
  const row = tx
    .insert(comments)
    .values({
      questionId,
      answerId,
      authorId,
      bodyMd: text,
      bodyHtml: renderInlineMarkdown(text),
      createdAt: c.createdAt,
    })
    .returning({ id: comments.id })
    .get()
  if (answerId != null) {
    tx.update(answers)
      .set({ commentCount: sql`${answers.commentCount} + 1` })
      .where(eq(answers.id, answerId))
      .run()
  }
  tx.update(questions)
    .set({ lastActivityAt: sql`max(${questions.lastActivityAt}, ${c.createdAt})` })
    .where(eq(questions.id, questionId))
    .run()
  remember(source, 'comment', c.id, row.id, now)
  summary.comments.created++
}

// ---------------------------------------------------------------- duplicates and tags

/**
 * PostLinks LinkTypeId 3: the duplicate is closed as a duplicate of the original (the first
 * original imported, when it names several). A thread already marked is left as it is.
 */
export function importDuplicates(
  source: string,
  links: Lined<SePostLink>[],
  summary: ImportSummary,
  now = Date.now(),
) {
  const byDuplicate = new Map<number, Lined<SePostLink>[]>()
  for (const link of links) {
    if (link.item.postId === link.item.relatedPostId) continue
    const list = byDuplicate.get(link.item.postId) ?? []
    list.push(link)
    byDuplicate.set(link.item.postId, list)
  }
  writeTransaction(() => {
    for (const [duplicateSourceId, list] of byDuplicate) {
      const duplicateId = mapped(source, 'question', duplicateSourceId)
      const original = list
        .map((l) => ({ link: l, id: mapped(source, 'question', l.item.relatedPostId) }))
        .find((o) => o.id != null && o.id !== duplicateId)
      if (duplicateId == null || !original?.id) {
        summary.duplicates.unresolved++
        continue
      }
      const originalId = original.id
      try {
        changeThread(
          null,
          duplicateId,
          (inner, thread) => {
            if (thread.duplicateOfId != null) {
              summary.duplicates.existing++
              return {
                change: { type: 'thread.imported', answers: 0, comments: 0 },
                result: undefined,
              }
            }
            inner
              .update(questions)
              .set({
                duplicateOfId: originalId,
                closedReason: closedReasonText('duplicate'),
                closedAt: thread.closedAt ?? original.link.item.createdAt,
              })
              .where(eq(questions.id, duplicateId))
              .run()
            summary.duplicates.marked++
            return {
              change: { type: 'question.closed', reason: 'duplicate', duplicateOfId: originalId },
              result: undefined,
            }
          },
          now,
          { imported: true },
        )
      } catch (error) {
        summary.problems.push({
          file: 'PostLinks.xml',
          line: list[0]?.line ?? 0,
          message: messageOf(error),
        })
      }
    }
  })
}

/** Tag descriptions from the tags' excerpt posts, for tags that have none yet. */
export function importTagDescriptions(descriptions: Map<string, string>, summary: ImportSummary) {
  writeTransaction((tx) => {
    for (const [siteName, html] of descriptions) {
      const [name] = toPeerdeskTags([siteName], '')
      const text = htmlToText(html, { paragraphs: false }).slice(0, 500)
      if (!name || !text) continue
      const changed = tx
        .update(tags)
        .set({ description: text })
        .where(and(eq(tags.name, name), eq(tags.description, '')))
        .run().changes
      summary.tagDescriptions += changed
    }
  })
}

// ---------------------------------------------------------------- the end

/** Badges once for everyone (quiet: no notifications), and the search backlog. */
export function finishImport(summary: ImportSummary, now = Date.now()) {
  // Badges need a post or 1 000 reputation: most imported accounts have neither, and reading
  // every rule for each of them was most of a small site's import time.
  const userIds = (
    statement(
      `SELECT m.target_id AS id FROM import_map m JOIN users u ON u.id = m.target_id
       WHERE m.source = ? AND m.kind = 'user' AND (u.reputation >= 1000
         OR EXISTS (SELECT 1 FROM questions q WHERE q.author_id = u.id)
         OR EXISTS (SELECT 1 FROM answers a WHERE a.author_id = u.id)
         OR EXISTS (SELECT 1 FROM comments c WHERE c.author_id = u.id))`,
    ).all(summary.source) as { id: number }[]
  ).map((r) => r.id)
  recomputeBadges(now, { notify: false, userIds })
  summary.outboxPending = outboxLag(db, now).pending
  return summary
}

function messageOf(error: unknown) {
  return error instanceof Error ? error.message : String(error)
}
