// Flood and spam limits on new questions and answers, checked inside the write's own
// transaction (so two posts sent at once cannot both pass). New members (under 10 reputation)
// may ask 3 questions and post 5 answers in any rolling 24 hours, with at most 2 links a post;
// nobody may post the same text twice in 24 hours. Staff, moderators and admins are exempt:
// they answer many threads, often with the same official reply. Deleted posts still count, so
// deleting a post neither refunds the quota nor lets the same text be posted again.
// History replayed by the seeds and the importer never comes here (see createQuestion).
// Both checks are index look-ups (body_fingerprint, migration 0027): a member who posts all day
// pays no more for it than one who posts once.
import { createHash } from 'node:crypto'
import { and, desc, eq, gt } from 'drizzle-orm'
import { Marked, type Token } from 'marked'
import type { Tx } from '#db/client.server.ts'
import { answers, questions } from '#db/schema.ts'
import { displayReputation, isStaff, type Actor } from '#app/lib/privileges.ts'
import { RateLimitedError } from '#app/lib/rate-limit.server.ts'
import { FieldError } from './errors.server.ts'

export const LIMIT_WINDOW_MS = 24 * 60 * 60 * 1000
/** Below this reputation a member is new: the daily and link limits apply. */
export const NEW_MEMBER_REPUTATION = 10
export const DAILY_LIMITS = { question: 3, answer: 5 } as const
export const NEW_MEMBER_LINKS = 2

export type PostKind = keyof typeof DAILY_LIMITS

const NOUNS: Record<PostKind, [one: string, many: string, verb: string]> = {
  question: ['question', 'questions', 'ask'],
  answer: ['answer', 'answers', 'answer'],
}

/** A daily limit reached: a 429 with Retry-After (formFailure), saying which limit and when. */
export class DailyLimitError extends RateLimitedError {
  constructor(retryAfterSeconds: number, message: string) {
    super(retryAfterSeconds)
    this.message = message
  }
}

// The same Markdown dialect renderMarkdown uses (GFM: bare URLs become links).
const lexer = new Marked({ gfm: true, breaks: false, async: false })
const RAW_LINK = /^<a\s[^>]*\bhref\s*=/i

/** Links in a Markdown source: inline, reference, autolinks, bare URLs and raw `<a href>`. */
export function countLinks(markdown: string): number {
  let count = 0
  lexer.walkTokens(lexer.lexer(markdown), (token: Token) => {
    if (token.type === 'link') count++
    else if (token.type === 'html' && RAW_LINK.test(token.raw.trim())) count++
  })
  return count
}

/** The body as compared for "the same post": trimmed, every run of whitespace one space. */
export const normalizedBody = (body: string) => body.trim().replace(/\s+/g, ' ')

const isNewMember = (actor: Actor) => displayReputation(actor.reputation) < NEW_MEMBER_REPUTATION

function waitText(ms: number) {
  const minutes = Math.max(1, Math.ceil(ms / 60_000))
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  return rest ? `${hours} h ${rest} min` : `${hours} h`
}

/** What identifies "the same post" in an index: a hash of the normalized body. */
export const bodyFingerprint = (body: string) =>
  createHash('sha256').update(normalizedBody(body)).digest('base64url').slice(0, 22)

const tableOf = (kind: PostKind) => (kind === 'question' ? questions : answers)

/** When the author's newest `limit` posts of this kind in the window were made, newest first. */
function newestPostTimes(tx: Tx, kind: PostKind, authorId: number, since: number, limit: number) {
  const table = tableOf(kind)
  return tx
    .select({ createdAt: table.createdAt })
    .from(table)
    .where(and(eq(table.authorId, authorId), gt(table.createdAt, since)))
    .orderBy(desc(table.createdAt))
    .limit(limit)
    .all()
    .map((row) => row.createdAt)
}

/** Whether the author posted this text (as a question or an answer) since `since`. */
function postedTextSince(tx: Tx, authorId: number, fingerprint: string, since: number) {
  return (['question', 'answer'] as const).some((kind) => {
    const table = tableOf(kind)
    return (
      tx
        .select({ createdAt: table.createdAt })
        .from(table)
        .where(
          and(
            eq(table.authorId, authorId),
            eq(table.bodyFingerprint, fingerprint),
            gt(table.createdAt, since),
          ),
        )
        .limit(1)
        .get() != null
    )
  })
}

/**
 * Throws when `actor` may not post this `body` as a new `kind` at `now`: DailyLimitError for a
 * new member's daily count, FieldError on the body for too many links or a repeated text.
 */
export function assertPostAllowed(
  tx: Tx,
  actor: Actor,
  post: { kind: PostKind; body: string },
  now: number,
) {
  if (isStaff(actor)) return
  const since = now - LIMIT_WINDOW_MS
  if (isNewMember(actor)) {
    const limit = DAILY_LIMITS[post.kind]
    const newest = newestPostTimes(tx, post.kind, actor.id, since, limit)
    if (newest.length >= limit) {
      // The wait: until the oldest of the newest `limit` posts is older than 24 hours.
      const wait = newest[limit - 1]! + LIMIT_WINDOW_MS - now
      const [, many, verb] = NOUNS[post.kind]
      throw new DailyLimitError(
        Math.max(1, Math.ceil(wait / 1000)),
        `Members under ${NEW_MEMBER_REPUTATION} reputation can post ${limit} ${many} a day. ` +
          `You can ${verb} again in ${waitText(wait)}.`,
      )
    }
    if (countLinks(post.body) > NEW_MEMBER_LINKS) {
      throw new FieldError({
        body: [
          `At most ${NEW_MEMBER_LINKS} links while you have under ${NEW_MEMBER_REPUTATION} reputation`,
        ],
      })
    }
  }
  if (postedTextSince(tx, actor.id, bodyFingerprint(post.body), since)) {
    throw new FieldError({
      body: [
        'You posted this same text in the last 24 hours. Say something new, or edit that post.',
      ],
    })
  }
}
