// The redaction helper (issue 13): finds e-mail addresses, phone numbers and the admin's patterns
// (order and account numbers…) in a thread's public posts and their stored revisions, and lets
// staff replace them all with "[redacted]" in one step, through the thread unit of work (so FTS5,
// the search outbox and the page cache follow). The originals move to redacted_originals, which
// only moderators read. The timeline step records how much was redacted, never what.
import { and, asc, eq, inArray } from 'drizzle-orm'
import { db, type Tx } from '#db/client.server.ts'
import {
  answers,
  comments,
  questions,
  redactedOriginals,
  revisions,
  type RedactedTarget,
} from '#db/schema.ts'
import { renderInlineMarkdown, renderMarkdown } from '#app/lib/markdown.server.ts'
import { hasRole, isStaff } from '#app/lib/privileges.ts'
import {
  BUILT_IN_RULES,
  findRedactions,
  redactText,
  type RedactionMatch,
  type RedactionRule,
} from '#app/lib/redaction.ts'
import { slugify } from '#app/lib/slug.ts'
import { PermissionError } from './errors.server.ts'
import { resolveMentions } from './mentions.server.ts'
import { assertCanWrite, type WriteActor } from './permissions.server.ts'
import { excerptOf } from './questions.server.ts'
import { DEFAULT_REDACTION_PATTERNS, getSetting } from './site-settings.server.ts'
import { changeThread } from './thread-writes.server.ts'
import { recordTimeline } from './timeline.server.ts'

type Reader = Pick<Tx, 'select'>

// The built-in rules replace the settings' own default e-mail and phone patterns (which match
// dates and versions); any other pattern the admin keeps or adds is used as it is.
const REPLACED_DEFAULTS = new Set(
  DEFAULT_REDACTION_PATTERNS.filter((p) => p.label !== 'Order number').map((p) => p.pattern),
)

/** The rules a thread is scanned with: the built-in e-mail and phone rules, then the admin's. */
export function redactionRules(from: Reader = db): RedactionRule[] {
  const admin = getSetting('redactionPatterns', from as typeof db)
  return [
    ...BUILT_IN_RULES,
    ...admin
      .filter((p) => !REPLACED_DEFAULTS.has(p.pattern))
      .map((p) => ({ label: p.label, pattern: p.pattern })),
  ]
}

export interface RedactionFinding {
  target: RedactedTarget
  targetId: number
  field: 'title' | 'body'
  /** Where it is, in words ("Answer by @ada", "Revision 2 of the question"). */
  where: string
  text: string
  matches: RedactionMatch[]
}

/** Every field of the thread's public posts and revisions that holds something to redact. */
function scanThread(reader: Reader, questionId: number): RedactionFinding[] {
  const rules = redactionRules(reader)
  const findings: RedactionFinding[] = []
  const scan = (f: Omit<RedactionFinding, 'matches'>) => {
    const matches = findRedactions(f.text, rules)
    if (matches.length > 0) findings.push({ ...f, matches })
  }
  const question = reader
    .select({ title: questions.title, bodyMd: questions.bodyMd })
    .from(questions)
    .where(eq(questions.id, questionId))
    .get()
  if (!question) return findings
  scan({
    target: 'question',
    targetId: questionId,
    field: 'title',
    where: 'Question title',
    text: question.title,
  })
  scan({
    target: 'question',
    targetId: questionId,
    field: 'body',
    where: 'Question',
    text: question.bodyMd,
  })
  // Deleted posts too: moderators still read them, and an undelete would bring them back.
  const answerRows = reader
    .select({ id: answers.id, bodyMd: answers.bodyMd })
    .from(answers)
    .where(eq(answers.questionId, questionId))
    .orderBy(asc(answers.id))
    .all()
  const commentRows = reader
    .select({ id: comments.id, bodyMd: comments.bodyMd })
    .from(comments)
    .where(eq(comments.questionId, questionId))
    .orderBy(asc(comments.id))
    .all()
  const posts = [
    ...answerRows.map((row) => ({ ...row, target: 'answer' as const, label: 'Answer' })),
    ...commentRows.map((row) => ({ ...row, target: 'comment' as const, label: 'Comment' })),
  ]
  for (const post of posts) {
    scan({
      target: post.target,
      targetId: post.id,
      field: 'body',
      where: `${post.label} ${post.id}`,
      text: post.bodyMd,
    })
  }
  // Revisions keep every older text (the /revisions pages show them): each post's, by its
  // unique (post_type, post_id, revision) index.
  const answerIds = answerRows.map((a) => a.id)
  const revisionRows = reader
    .select({
      id: revisions.id,
      postType: revisions.postType,
      postId: revisions.postId,
      revision: revisions.revision,
      title: revisions.title,
      bodyMd: revisions.bodyMd,
    })
    .from(revisions)
    .where(and(eq(revisions.postType, 'question'), eq(revisions.postId, questionId)))
    .all()
  if (answerIds.length > 0) {
    revisionRows.push(
      ...reader
        .select({
          id: revisions.id,
          postType: revisions.postType,
          postId: revisions.postId,
          revision: revisions.revision,
          title: revisions.title,
          bodyMd: revisions.bodyMd,
        })
        .from(revisions)
        .where(and(eq(revisions.postType, 'answer'), inArray(revisions.postId, answerIds)))
        .all(),
    )
  }
  for (const r of revisionRows) {
    const of = r.postType === 'question' ? 'the question' : `answer ${r.postId}`
    const where = `Revision ${r.revision} of ${of}`
    if (r.title != null) {
      scan({
        target: 'revision',
        targetId: r.id,
        field: 'title',
        where: `${where} (title)`,
        text: r.title,
      })
    }
    scan({ target: 'revision', targetId: r.id, field: 'body', where, text: r.bodyMd })
  }
  return findings
}

function assertStaff(actor: WriteActor | null): asserts actor is WriteActor {
  if (!actor || !isStaff(actor)) throw new PermissionError('Only staff can redact personal data.')
}

/** What the redaction helper would redact in the thread now (staff only). */
export function findThreadRedactions(viewer: WriteActor | null, questionId: number) {
  assertStaff(viewer)
  return scanThread(db, questionId)
}

/** The field's new text written back, its HTML rendered again as the post's own write does. */
function writeRedacted(tx: Tx, finding: RedactionFinding, text: string) {
  const { target, targetId, field } = finding
  if (target === 'revision') {
    tx.update(revisions)
      .set(field === 'title' ? { title: text } : { bodyMd: text })
      .where(eq(revisions.id, targetId))
      .run()
    return
  }
  if (target === 'question' && field === 'title') {
    tx.update(questions)
      .set({ title: text, slug: slugify(text) })
      .where(eq(questions.id, targetId))
      .run()
    return
  }
  const mentions = resolveMentions(text).known
  if (target === 'comment') {
    const bodyHtml = renderInlineMarkdown(text, { mentions })
    tx.update(comments).set({ bodyMd: text, bodyHtml }).where(eq(comments.id, targetId)).run()
    return
  }
  const bodyHtml = renderMarkdown(text, { mentions })
  if (target === 'answer') {
    tx.update(answers).set({ bodyMd: text, bodyHtml }).where(eq(answers.id, targetId)).run()
  } else {
    tx.update(questions)
      .set({ bodyMd: text, bodyHtml, excerpt: excerptOf(bodyHtml) })
      .where(eq(questions.id, targetId))
      .run()
  }
}

/**
 * Redacts everything the helper finds in the thread, in one transaction: posts and revisions
 * get "[redacted]" for each match, the originals go to redacted_originals, the timeline gets a
 * 'redacted' step (counts only). Returns how many matches were redacted (0: nothing changed).
 */
export function redactThread(actor: WriteActor, questionId: number, now = Date.now()) {
  assertStaff(actor)
  assertCanWrite(actor, now)
  return changeThread(
    actor,
    questionId,
    (tx) => {
      const findings = scanThread(tx, questionId)
      const byLabel: Record<string, number> = {}
      let titleChanged = false
      for (const finding of findings) {
        tx.insert(redactedOriginals)
          .values({
            questionId,
            actorId: actor.id,
            at: now,
            target: finding.target,
            targetId: finding.targetId,
            field: finding.field,
            original: finding.text,
          })
          .run()
        writeRedacted(tx, finding, redactText(finding.text, finding.matches))
        if (finding.target === 'question' && finding.field === 'title') titleChanged = true
        for (const m of finding.matches) byLabel[m.label] = (byLabel[m.label] ?? 0) + 1
      }
      const count = findings.reduce((n, f) => n + f.matches.length, 0)
      if (count > 0) {
        recordTimeline(tx, {
          questionId,
          kind: 'redacted',
          actorId: actor.id,
          at: now,
          detail: { fields: findings.length, matches: count, kinds: byLabel },
        })
      }
      // An edit as far as caches, search, vectors and related lists go (no one to notify: no
      // mentions); a redaction changes only text.
      return {
        change: { type: 'question.edited', titleChanged, mentionedUserIds: [] },
        result: { count, fields: findings.length },
      }
    },
    now,
  )
}

/** The most originals the moderators' page lists. */
export const ORIGINALS_LIMIT = 500

/** What redactions replaced on the thread, newest first: moderators only. */
export function redactedOriginalsFor(viewer: WriteActor | null, questionId: number) {
  if (!viewer || !hasRole(viewer, 'moderator')) {
    throw new PermissionError('Only moderators can read redacted originals.')
  }
  return db
    .select()
    .from(redactedOriginals)
    .where(eq(redactedOriginals.questionId, questionId))
    .orderBy(asc(redactedOriginals.id))
    .limit(ORIGINALS_LIMIT)
    .all()
}
