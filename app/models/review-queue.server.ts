// The moderators' review queue (/mod): pending flags grouped by post, the heaviest first (spam and
// rude before the rest, then by how many members flagged it, then the oldest), each group with
// the post's text, author and every reason and note; and the decision that dismisses a group.
// Pending flags are the queue's own size, never the community's: every read starts from them.
import { asc, desc, eq, inArray } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { answers, flags, questions, users, type FlagReason, type PostType } from '#db/schema.ts'
import { toPlainText } from '#app/lib/markdown.server.ts'
import { undeletePost } from './deletion.server.ts'
import { resolveFlags } from './flags.server.ts'
import { recordModeration } from './moderation-log.server.ts'
import { assertModerator } from './moderation.server.ts'
import { PermissionError } from './errors.server.ts'
import type { WriteActor } from './permissions.server.ts'
import { excerptOfText } from './questions.server.ts'
import { writeTransaction } from './transaction.server.ts'

/** How many groups a page of the queue shows (the rest wait their turn). */
export const QUEUE_PAGE = 50
const SEVERE: FlagReason[] = ['spam', 'rude']

export interface FlagGroup {
  postType: PostType
  postId: number
  questionId: number
  title: string
  slug: string
  excerpt: string
  author: { id: number; handle: string }
  hidden: boolean
  deleted: boolean
  flaggers: number
  severe: boolean
  firstFlaggedAt: number
  flags: { reason: FlagReason; details: string; reporter: string; createdAt: number }[]
}

export function reviewQueue(): FlagGroup[] {
  const pending = db
    .select({
      postType: flags.postType,
      postId: flags.postId,
      questionId: flags.questionId,
      reason: flags.reason,
      details: flags.details,
      createdAt: flags.createdAt,
      reporter: users.handle,
    })
    .from(flags)
    .innerJoin(users, eq(users.id, flags.reporterId))
    .where(eq(flags.status, 'pending'))
    .orderBy(asc(flags.createdAt))
    .all()
  // One group a post, in the order its first flag came; a member flags a post once (a unique
  // index), so a group's flags are its flaggers.
  const groups = new Map<string, { first: (typeof pending)[number]; flags: FlagGroup['flags'] }>()
  for (const flag of pending) {
    const key = `${flag.postType}:${flag.postId}`
    const group = groups.get(key) ?? { first: flag, flags: [] }
    group.flags.push({
      reason: flag.reason,
      details: flag.details,
      reporter: flag.reporter,
      createdAt: flag.createdAt,
    })
    groups.set(key, group)
  }
  const posts = postsOf([...groups.values()].map((g) => g.first))
  const out: FlagGroup[] = []
  for (const [key, { first, flags: list }] of groups) {
    const post = posts.get(key)
    if (!post) continue
    out.push({
      postType: first.postType,
      postId: first.postId,
      questionId: first.questionId,
      ...post,
      flaggers: list.length,
      severe: list.some((f) => SEVERE.includes(f.reason)),
      firstFlaggedAt: first.createdAt,
      flags: list,
    })
  }
  out.sort(
    (a, b) =>
      Number(b.severe) - Number(a.severe) ||
      b.flaggers - a.flaggers ||
      a.firstFlaggedAt - b.firstFlaggedAt,
  )
  return out.slice(0, QUEUE_PAGE)
}

type PostInfo = Pick<FlagGroup, 'title' | 'slug' | 'excerpt' | 'author' | 'hidden' | 'deleted'>

/** A flagged question's or answer's own columns, with its author (both tables have them). */
function postRows(table: typeof questions | typeof answers, ids: number[]) {
  if (ids.length === 0) return []
  return db
    .select({
      id: table.id,
      bodyHtml: table.bodyHtml,
      hiddenAt: table.hiddenAt,
      deletedAt: table.deletedAt,
      author: { id: users.id, handle: users.handle },
    })
    .from(table)
    .innerJoin(users, eq(users.id, table.authorId))
    .where(inArray(table.id, ids))
    .all()
}

/** The flagged posts' text and author, by primary key (the queue's posts only). */
function postsOf(refs: { postType: PostType; postId: number; questionId: number }[]) {
  const out = new Map<string, PostInfo>()
  if (refs.length === 0) return out
  const idsOf = (type: PostType) => refs.filter((r) => r.postType === type).map((r) => r.postId)
  const threads = new Map(
    db
      .select({ id: questions.id, title: questions.title, slug: questions.slug })
      .from(questions)
      .where(inArray(questions.id, [...new Set(refs.map((r) => r.questionId))]))
      .all()
      .map((t) => [t.id, t]),
  )
  const threadOfAnswer = new Map(
    refs.filter((r) => r.postType === 'answer').map((r) => [r.postId, r.questionId]),
  )
  for (const type of ['question', 'answer'] as const) {
    for (const row of postRows(type === 'question' ? questions : answers, idsOf(type))) {
      const thread = threads.get(type === 'question' ? row.id : threadOfAnswer.get(row.id)!)
      if (!thread) continue
      out.set(`${type}:${row.id}`, {
        title: thread.title,
        slug: thread.slug,
        excerpt: excerptOfText(toPlainText(row.bodyHtml), 300),
        author: row.author,
        hidden: row.hiddenAt != null,
        deleted: row.deletedAt != null,
      })
    }
  }
  return out
}

/**
 * Dismisses a post's pending flags (each flagger's flag is then "declined"); a post the
 * community hid comes back as it was.
 */
export function dismissFlags(
  actor: WriteActor,
  post: { type: PostType; id: number },
  now = Date.now(),
) {
  assertModerator(actor, 'dismiss flags')
  return writeTransaction((tx) => {
    const table = post.type === 'question' ? questions : answers
    const row = tx
      .select({ hiddenAt: table.hiddenAt })
      .from(table)
      .where(eq(table.id, post.id))
      .get()
    if (!row) throw new PermissionError('That post does not exist.')
    if (row.hiddenAt != null) undeletePost(actor, post, 'Flags dismissed', now)
    const settled = resolveFlags(tx, post, 'declined', actor.id, now)
    if (settled.length === 0 && row.hiddenAt == null) {
      throw new PermissionError('This post has no pending flags.')
    }
    recordModeration(tx, {
      actorId: actor.id,
      action: 'dismiss-flags',
      targetType: post.type,
      targetId: post.id,
      reason: `${settled.length} ${settled.length === 1 ? 'flag' : 'flags'} declined`,
      createdAt: now,
    })
    return { declined: settled.length }
  })
}

/** A member's own flags, newest first, with what became of each (their flag history). */
export function flagHistory(reporterId: number, limit = 50) {
  return db
    .select({
      id: flags.id,
      postType: flags.postType,
      postId: flags.postId,
      questionId: flags.questionId,
      reason: flags.reason,
      status: flags.status,
      createdAt: flags.createdAt,
      title: questions.title,
      slug: questions.slug,
    })
    .from(flags)
    .innerJoin(questions, eq(questions.id, flags.questionId))
    .where(eq(flags.reporterId, reporterId))
    .orderBy(desc(flags.id))
    .limit(limit)
    .all()
}
