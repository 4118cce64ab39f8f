// Asking and editing questions. Both are thread writes through the unit of work
// (thread-writes.server.ts), which keeps the thread's status, counters, search rows and events.
import { and, eq, isNull, sql } from 'drizzle-orm'
import { db, type Tx } from '#db/client.server.ts'
import { questions, revisions } from '#db/schema.ts'
import { renderMarkdown, toPlainText } from '#app/lib/markdown.server.ts'
import { slugify } from '#app/lib/slug.ts'
import { NotFoundError } from './errors.server.ts'
import {
  assertCanEditLocked,
  assertCanEditPost,
  assertCanWrite,
  type WriteActor,
} from './permissions.server.ts'
import { resolveMentions } from './mentions.server.ts'
import { assertPostAllowed, bodyFingerprint } from './post-limits.server.ts'
import { attachTags, detachTags, tagsForQuestions } from './tags.server.ts'
import { changeThread, startThread } from './thread-writes.server.ts'

export const EXCERPT_LENGTH = 300

export function excerptOf(html: string, length = EXCERPT_LENGTH) {
  return excerptOfText(toPlainText(html), length)
}

/** The excerpt of a body whose plain text (toPlainText) is known already. */
export function excerptOfText(text: string, length = EXCERPT_LENGTH) {
  return text.length <= length ? text : `${text.slice(0, length - 1).replace(/\s+\S*$/, '')}…`
}

export interface QuestionDraft {
  title: string
  body: string
  tags: string[]
}

/** A post that replays history (the demo seed, an evaluation load): no flood limits. */
export interface PostOptions {
  history?: boolean
}

export function createQuestion(
  author: WriteActor,
  draft: QuestionDraft,
  now = Date.now(),
  options: PostOptions = {},
) {
  assertCanWrite(author, now)
  const mentions = resolveMentions(draft.body)
  const bodyHtml = renderMarkdown(draft.body, { mentions: mentions.known })
  return startThread(
    author,
    (tx) => {
      if (!options.history)
        assertPostAllowed(tx, author, { kind: 'question', body: draft.body }, now)
      const question = tx
        .insert(questions)
        .values({
          authorId: author.id,
          title: draft.title,
          slug: slugify(draft.title),
          bodyMd: draft.body,
          bodyFingerprint: bodyFingerprint(draft.body),
          bodyHtml,
          excerpt: excerptOf(bodyHtml),
          createdAt: now,
          lastActivityAt: now,
        })
        .returning({ id: questions.id, slug: questions.slug })
        .get()
      attachTags(tx, question.id, draft.tags, now)
      tx.insert(revisions)
        .values({
          postType: 'question',
          postId: question.id,
          questionId: question.id,
          editorId: author.id,
          revision: 1,
          title: draft.title,
          bodyMd: draft.body,
          tags: draft.tags.join(' '),
          createdAt: now,
        })
        .run()
      return {
        questionId: question.id,
        change: {
          type: 'question.asked',
          mentionedUserIds: mentions.userIds,
          ...(options.history ? { history: true } : {}),
        },
        result: question,
      }
    },
    now,
  )
}

export function questionTagNames(questionId: number) {
  return tagsForQuestions([questionId]).get(questionId) ?? []
}

export function nextRevision(tx: Tx, postType: 'question' | 'answer', postId: number) {
  const row = tx
    .select({ max: sql<number>`coalesce(max(${revisions.revision}), 0)` })
    .from(revisions)
    .where(and(eq(revisions.postType, postType), eq(revisions.postId, postId)))
    .get()
  return (row?.max ?? 0) + 1
}

export function editQuestion(
  actor: WriteActor,
  questionId: number,
  draft: QuestionDraft & { summary?: string },
  now = Date.now(),
) {
  const current = getLiveQuestion(questionId)
  assertCanEditPost(actor, current.authorId, now)
  const mentions = resolveMentions(draft.body)
  const bodyHtml = renderMarkdown(draft.body, { mentions: mentions.known })
  const before = questionTagNames(questionId)
  const slug = slugify(draft.title)
  changeThread(
    actor,
    questionId,
    (tx, thread) => {
      assertCanEditLocked(actor, thread)
      tx.update(questions)
        .set({
          title: draft.title,
          slug,
          bodyMd: draft.body,
          bodyFingerprint: bodyFingerprint(draft.body),
          bodyHtml,
          excerpt: excerptOf(bodyHtml),
          editedAt: now,
          lastEditorId: actor.id,
          lastActivityAt: now,
        })
        .where(eq(questions.id, questionId))
        .run()
      detachTags(
        tx,
        questionId,
        before.filter((t) => !draft.tags.includes(t)),
      )
      attachTags(
        tx,
        questionId,
        draft.tags.filter((t) => !before.includes(t)),
        now,
      )
      tx.insert(revisions)
        .values({
          postType: 'question',
          postId: questionId,
          questionId,
          editorId: actor.id,
          revision: nextRevision(tx, 'question', questionId),
          title: draft.title,
          bodyMd: draft.body,
          tags: draft.tags.join(' '),
          summary: draft.summary ?? '',
          createdAt: now,
        })
        .run()
      return {
        change: {
          type: 'question.edited',
          titleChanged: draft.title !== current.title,
          mentionedUserIds: mentions.userIds,
        },
        result: undefined,
      }
    },
    now,
  )
  return { id: questionId, slug }
}

/** The question row if it exists and is not deleted; NotFoundError otherwise. */
export function getLiveQuestion(questionId: number) {
  const row = db
    .select()
    .from(questions)
    .where(and(eq(questions.id, questionId), isNull(questions.deletedAt)))
    .get()
  if (!row) throw new NotFoundError('Question not found')
  return row
}

export function getQuestionSlug(questionId: number) {
  return db
    .select({ slug: questions.slug })
    .from(questions)
    .where(and(eq(questions.id, questionId), isNull(questions.deletedAt)))
    .get()?.slug
}
