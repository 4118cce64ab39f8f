// Private cases (issue 13): when a thread needs account details, the asker or staff open a case on
// it, a section of the thread page only the asker and staff read. Its messages live in their own
// tables (db/schema.ts): the search documents, FTS5, feeds, sitemaps, related lists and the
// anonymous page cache are all built from the public posts and never read them. Staff solve the
// case with a public summary answer (createAnswer), which they may then mark official. Each step
// is on the question's staff timeline; the other side is notified without the message's text.
import { and, asc, eq, inArray, ne } from 'drizzle-orm'
import { db, type Tx } from '#db/client.server.ts'
import { privateCaseMessages, privateCases, questions, users } from '#db/schema.ts'
import { renderMarkdown } from '#app/lib/markdown.server.ts'
import { isStaff } from '#app/lib/privileges.ts'
import { createAnswer } from './answers.server.ts'
import { FieldError, NotFoundError, PermissionError } from './errors.server.ts'
import { notify } from './notifications.server.ts'
import { assertCanWrite, type WriteActor } from './permissions.server.ts'
import { liveClaim } from './staff-claims.server.ts'
import { recordTimeline } from './timeline.server.ts'
import { writeTransaction } from './transaction.server.ts'
import { authorColumns } from './users.server.ts'
import { CASE_MESSAGE_MAX } from '#app/validation/private-case.ts'

/** The most messages a case shows (a case that needs more is a phone call). */
export const CASE_MESSAGE_LIMIT = 200
/** Staff told of an asker's message when no staff member has taken part in the case yet. */
export const STAFF_NOTIFY_LIMIT = 10

interface QuestionFacts {
  id: number
  authorId: number
  deletedAt: number | null
}

function liveQuestion(tx: Pick<Tx, 'select'>, questionId: number): QuestionFacts {
  const question = tx
    .select({ id: questions.id, authorId: questions.authorId, deletedAt: questions.deletedAt })
    .from(questions)
    .where(eq(questions.id, questionId))
    .get()
  if (!question || question.deletedAt != null) throw new NotFoundError('Question not found')
  return question
}

/** The asker and staff, nobody else, read and write a thread's private case. */
export const mayUsePrivateCase = (
  viewer: Pick<WriteActor, 'id' | 'role'> | null,
  question: { authorId: number },
) => viewer != null && (viewer.id === question.authorId || isStaff(viewer))

function assertMayUse(actor: WriteActor, question: QuestionFacts, now: number) {
  assertCanWrite(actor, now)
  if (!mayUsePrivateCase(actor, question)) {
    throw new PermissionError('Only the asker and staff can use the private case of a question.')
  }
}

function caseOf(tx: Pick<Tx, 'select'>, questionId: number) {
  return tx.select().from(privateCases).where(eq(privateCases.questionId, questionId)).get()
}

/**
 * Who hears of the asker's message: the staff who opened or wrote in the case and the staff
 * member on the question ("I'm on it"); when there is nobody yet, the first few staff members.
 */
function staffToTell(tx: Tx, caseId: number, questionId: number, now: number): number[] {
  const participants = tx
    .selectDistinct({ id: users.id })
    .from(privateCaseMessages)
    .innerJoin(users, eq(users.id, privateCaseMessages.authorId))
    .where(
      and(
        eq(privateCaseMessages.caseId, caseId),
        inArray(users.role, ['staff', 'moderator', 'admin']),
      ),
    )
    .limit(STAFF_NOTIFY_LIMIT)
    .all()
    .map((row) => row.id)
  const opener = tx
    .select({ id: users.id, role: users.role })
    .from(privateCases)
    .innerJoin(users, eq(users.id, privateCases.openedById))
    .where(eq(privateCases.id, caseId))
    .get()
  const told = new Set(participants)
  if (opener && isStaff(opener)) told.add(opener.id)
  const claim = liveClaim(questionId, now)
  if (claim) told.add(claim.user.id)
  if (told.size > 0) return [...told]
  // users_role_idx holds only the few with a role: a short read whatever the community's size.
  return tx
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        // Spelled as the partial index's own condition, so the planner picks it.
        ne(users.role, 'member'),
        inArray(users.role, ['staff', 'moderator', 'admin']),
        eq(users.status, 'active'),
      ),
    )
    .orderBy(asc(users.id))
    .limit(STAFF_NOTIFY_LIMIT)
    .all()
    .map((row) => row.id)
}

/**
 * Opens the question's private case (the asker or staff); opening a solved case reopens it, and
 * opening an open one changes nothing. The asker hears of a case staff opened.
 */
export function openPrivateCase(actor: WriteActor, questionId: number, now = Date.now()) {
  return writeTransaction((tx) => {
    const question = liveQuestion(tx, questionId)
    assertMayUse(actor, question, now)
    const existing = caseOf(tx, questionId)
    if (existing && existing.solvedAt == null) return existing
    let caseId: number
    if (existing) {
      tx.update(privateCases)
        .set({ solvedAt: null, solvedById: null })
        .where(eq(privateCases.id, existing.id))
        .run()
      caseId = existing.id
    } else {
      caseId = tx
        .insert(privateCases)
        .values({ questionId, openedById: actor.id, openedAt: now })
        .returning({ id: privateCases.id })
        .get().id
    }
    recordTimeline(tx, {
      questionId,
      kind: 'private-case-opened',
      actorId: actor.id,
      at: now,
      detail: { caseId, reopened: existing != null },
    })
    if (actor.id !== question.authorId) {
      notify(tx, {
        userId: question.authorId,
        actorId: actor.id,
        kind: 'private_case_message',
        questionId,
        now,
      })
    }
    return caseOf(tx, questionId)!
  })
}

function messageBody(body: string) {
  const text = body.trim()
  if (text.length === 0) throw new FieldError({ body: ['Write your message'] })
  if (text.length > CASE_MESSAGE_MAX) {
    throw new FieldError({
      body: [`Your message must be at most ${CASE_MESSAGE_MAX.toLocaleString('en-US')} characters`],
    })
  }
  return text
}

/**
 * A message in the open case, by the asker or staff. Staff's messages notify the asker; the
 * asker's notify staff (staffToTell). The notification says only that there is a new message.
 */
export function postPrivateCaseMessage(
  actor: WriteActor,
  questionId: number,
  body: string,
  now = Date.now(),
) {
  const text = messageBody(body)
  // Rendered and sanitized as answers are; no mentions: nobody else may read it.
  const bodyHtml = renderMarkdown(text)
  return writeTransaction((tx) => {
    const question = liveQuestion(tx, questionId)
    assertMayUse(actor, question, now)
    const privateCase = caseOf(tx, questionId)
    if (!privateCase) throw new FieldError({ body: ['Open a private case first'] })
    if (privateCase.solvedAt != null) {
      throw new FieldError({ body: ['This case is solved: open it again to write in it'] })
    }
    const message = tx
      .insert(privateCaseMessages)
      .values({
        caseId: privateCase.id,
        authorId: actor.id,
        bodyMd: text,
        bodyHtml,
        createdAt: now,
      })
      .returning({ id: privateCaseMessages.id })
      .get()
    const recipients =
      actor.id === question.authorId
        ? staffToTell(tx, privateCase.id, questionId, now)
        : [question.authorId]
    for (const userId of recipients) {
      notify(tx, { userId, actorId: actor.id, kind: 'private_case_message', questionId, now })
    }
    return message
  })
}

/**
 * Staff solve the case: the summary goes public as a normal answer by the staff member (which
 * the official button can then mark), the case is closed, and the step is on the timeline, all
 * in one transaction.
 */
export function solvePrivateCase(
  actor: WriteActor,
  questionId: number,
  summary: string,
  now = Date.now(),
) {
  assertCanWrite(actor, now)
  if (!isStaff(actor)) throw new PermissionError('Only staff can mark a private case solved.')
  return writeTransaction((tx) => {
    liveQuestion(tx, questionId)
    const privateCase = caseOf(tx, questionId)
    if (!privateCase) throw new NotFoundError('This question has no private case')
    if (privateCase.solvedAt != null) {
      throw new FieldError({ summary: ['This case is already solved'] })
    }
    const answer = createAnswer(actor, questionId, summary, now)
    tx.update(privateCases)
      .set({ solvedAt: now, solvedById: actor.id, summaryAnswerId: answer.id })
      .where(eq(privateCases.id, privateCase.id))
      .run()
    recordTimeline(tx, {
      questionId,
      kind: 'private-case-solved',
      actorId: actor.id,
      at: now,
      detail: { caseId: privateCase.id, summaryAnswerId: answer.id },
    })
    return { answerId: answer.id }
  })
}

/**
 * The private case as the thread page shows it to this viewer: null for anyone but the asker and
 * staff (visitors, other members: the loader field is absent from their data altogether).
 */
export function privateCaseForViewer(
  viewer: WriteActor | null,
  question: { id: number; author: { id: number } },
) {
  if (!mayUsePrivateCase(viewer, { authorId: question.author.id })) return null
  const privateCase = caseOf(db, question.id)
  const staff = viewer != null && isStaff(viewer)
  if (!privateCase) return { open: false as const, canSolve: false, staff }
  const messages = db
    .select({
      id: privateCaseMessages.id,
      bodyHtml: privateCaseMessages.bodyHtml,
      createdAt: privateCaseMessages.createdAt,
      author: authorColumns,
    })
    .from(privateCaseMessages)
    .innerJoin(users, eq(users.id, privateCaseMessages.authorId))
    .where(eq(privateCaseMessages.caseId, privateCase.id))
    .orderBy(asc(privateCaseMessages.id))
    .limit(CASE_MESSAGE_LIMIT)
    .all()
    .map((message) => ({ ...message, byStaff: isStaff(message.author) }))
  return {
    open: true as const,
    id: privateCase.id,
    openedAt: privateCase.openedAt,
    solvedAt: privateCase.solvedAt,
    summaryAnswerId: privateCase.summaryAnswerId,
    messages,
    canSolve: staff && privateCase.solvedAt == null,
    staff,
  }
}
export type PrivateCaseView = NonNullable<ReturnType<typeof privateCaseForViewer>>
