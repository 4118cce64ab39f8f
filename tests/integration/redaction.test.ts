// The redaction helper (issue 13) on a real thread: it finds each kind of personal data in the
// public posts and their revisions (and leaves dates and versions alone); one "Redact" replaces
// them all in posts and revisions, FTS5 no longer finds them, the originals are readable by
// moderators only, and the step is on the staff timeline.
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { answers, comments, questions, revisions } from '#db/schema.ts'
import { startSession } from '#app/lib/auth.server.ts'
import { REDACTED } from '#app/lib/redaction.ts'
import { editAnswer } from '#app/models/answers.server.ts'
import { addComment } from '#app/models/comments.server.ts'
import { PermissionError } from '#app/models/errors.server.ts'
import { editQuestion } from '#app/models/questions.server.ts'
import { findThreadRedactions, redactedOriginalsFor } from '#app/models/redaction.server.ts'
import { postHistory } from '#app/models/revisions.server.ts'
import { updateSiteSettings } from '#app/models/site-settings.server.ts'
import { questionTimelineSteps } from '#app/models/timeline.server.ts'
import { action, loader } from '#app/routes/staff.redact.$questionId.tsx'
import { loadSearchDocuments } from '#search/documents.server.ts'
import { startSearch, stopSearch } from '#search/index.server.ts'
import { makeAnswer, makeQuestion, makeUser } from '#tests/fixtures/factories.ts'
import { plansOf, scansIn } from '#tests/fixtures/query-plans.ts'
import { contextFor, formRequest, ORIGIN } from '#tests/fixtures/requests.ts'

beforeAll(() => startSearch({ meilisearch: null, worker: false, log: () => {} }))
afterAll(() => stopSearch())

const EMAIL = 'quintessa.marlow@example.com'
const ANSWER_EMAIL = 'support.desk@nimbus-home.example'
const PHONE = '+49 30 1234 5678'
const OLD_PHONE = '0176 98765432'
const COMMENT_PHONE = '(555) 123-4567'
const ACCOUNT = 'ACC-004211'
const ORDER = 'order #NB77812-3'
const HARMLESS = 'since 2024-01-15 on firmware 10.0.19045.2006 and app v2.13.1'

const asker = makeUser()
const answerer = makeUser({ reputation: 3000 })
const staff = makeUser({ role: 'staff' })
const moderator = makeUser({ role: 'moderator' })
const admin = makeUser({ role: 'admin' })
const member = makeUser()

const ftsCount = (word: string) =>
  (
    db.$client
      .prepare(`SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH ?`)
      .get(`"${word}"`) as { n: number }
  ).n

async function cookieOf(user: { id: number }) {
  return (await startSession(user.id, new Request(ORIGIN))).split(';')[0]!
}

async function redactPage(questionId: number, user: { id: number }) {
  const request = new Request(`${ORIGIN}/staff/redact/${questionId}`, {
    headers: { Cookie: await cookieOf(user) },
  })
  return loader({
    request,
    params: { questionId: String(questionId) },
    context: await contextFor(request),
  })
}

describe('redaction', () => {
  updateSiteSettings(admin, {
    redactionPatterns: [
      { label: 'Order number', pattern: '\\b(?:order|ord)[ #:-]*[A-Z0-9-]{5,}\\b' },
      { label: 'Account number', pattern: '\\bACC-\\d{6}\\b' },
    ],
  })
  const question = makeQuestion(asker, {
    title: `Billing mails go to ${EMAIL} instead`,
    body: `Please call me on ${OLD_PHONE}: my ${ORDER} was billed twice ${HARMLESS}.`,
    tags: ['billing'],
  })
  // The asker edits the old phone number out: only revision 1 still holds it.
  editQuestion(asker, question.id, {
    title: `Billing mails go to ${EMAIL} instead`,
    body: `Please call me on ${PHONE}: my ${ORDER} was billed twice ${HARMLESS}.`,
    tags: ['billing'],
  })
  const answer = makeAnswer(
    answerer,
    question.id,
    `Write to ${ANSWER_EMAIL} with your account ${ACCOUNT} and they will refund it.`,
  )
  editAnswer(answerer, answer.id, {
    body: `Write to ${ANSWER_EMAIL} with account ${ACCOUNT}; they refund within a week.`,
  })
  const comment = addComment(asker, { questionId: question.id }, `Or reach me at ${COMMENT_PHONE}.`)

  it('finds each kind in the posts and their revisions, and no dates or versions', () => {
    const findings = findThreadRedactions(staff, question.id)
    const found = findings.flatMap((f) => f.matches.map((m) => `${m.label}: ${m.text}`))
    for (const expected of [
      `E-mail address: ${EMAIL}`,
      `E-mail address: ${ANSWER_EMAIL}`,
      `Phone number: ${PHONE}`,
      `Phone number: ${OLD_PHONE}`,
      `Phone number: ${COMMENT_PHONE}`,
      `Account number: ${ACCOUNT}`,
      `Order number: ${ORDER}`,
    ]) {
      expect(found).toContain(expected)
    }
    expect(found.join(' ')).not.toMatch(/2024|19045|2\.13/)
    // The old phone number is found in revision 1 only.
    expect(
      findings.filter((f) => f.matches.some((m) => m.text === OLD_PHONE)).map((f) => f.where),
    ).toEqual(['Revision 1 of the question'])
    expect(() => findThreadRedactions(member, question.id)).toThrow(PermissionError)
  })

  it('is searchable before redaction (so the next test means something)', () => {
    expect(ftsCount('quintessa')).toBe(1)
  })

  it('redacts posts and revisions in one step, through the staff page', async () => {
    const request = formRequest(
      `/staff/redact/${question.id}`,
      { intent: 'redact' },
      { cookie: await cookieOf(staff) },
    )
    const response = (await action({
      request,
      params: { questionId: String(question.id) },
      context: await contextFor(request),
    })) as Response
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toMatch(
      new RegExp(`^/staff/redact/${question.id}\\?redacted=\\d+$`),
    )

    const q = db.select().from(questions).where(eq(questions.id, question.id)).get()!
    expect(q.title).toBe(`Billing mails go to ${REDACTED} instead`)
    expect(q.bodyMd).toBe(
      `Please call me on ${REDACTED}: my ${REDACTED} was billed twice ${HARMLESS}.`,
    )
    expect(q.bodyHtml).toContain(REDACTED)
    expect(q.bodyHtml).not.toContain('1234')
    expect(q.excerpt).not.toContain('1234')
    const a = db.select().from(answers).where(eq(answers.id, answer.id)).get()!
    expect(a.bodyMd).toBe(
      `Write to ${REDACTED} with account ${REDACTED}; they refund within a week.`,
    )
    expect(a.bodyHtml).not.toContain(ANSWER_EMAIL)
    const c = db.select().from(comments).where(eq(comments.id, comment.id)).get()!
    expect(c.bodyHtml).toBe(`Or reach me at ${REDACTED}.`)

    const stored = db.select().from(revisions).where(eq(revisions.questionId, question.id)).all()
    expect(stored).toHaveLength(4)
    const everything = JSON.stringify([
      stored,
      postHistory('question', question.id),
      postHistory('answer', answer.id),
      [...loadSearchDocuments(db, [question.id]).values()],
    ])
    for (const pii of [EMAIL, ANSWER_EMAIL, PHONE, OLD_PHONE, COMMENT_PHONE, ACCOUNT, ORDER]) {
      expect(everything).not.toContain(pii)
    }
    expect(everything).toContain('2024-01-15')
    // Nothing left to find.
    expect(findThreadRedactions(staff, question.id)).toEqual([])
  })

  it('leaves FTS5 unable to find the e-mail address', () => {
    expect(ftsCount('quintessa')).toBe(0)
    expect(ftsCount('refund')).toBe(1)
  })

  it('keeps the originals for moderators only', async () => {
    const originals = redactedOriginalsFor(moderator, question.id)
    const texts = originals.map((o) => o.original).join('\n')
    for (const pii of [EMAIL, ANSWER_EMAIL, PHONE, OLD_PHONE, COMMENT_PHONE, ACCOUNT]) {
      expect(texts).toContain(pii)
    }
    expect(originals.map((o) => o.target)).toEqual(
      expect.arrayContaining(['question', 'answer', 'comment', 'revision']),
    )
    expect(() => redactedOriginalsFor(staff, question.id)).toThrow(PermissionError)
    expect(() => redactedOriginalsFor(member, question.id)).toThrow(PermissionError)
    // The page: moderators get them, staff do not, members are refused.
    expect((await redactPage(question.id, moderator)).originals).toHaveLength(originals.length)
    const staffPage = await redactPage(question.id, staff)
    expect(staffPage.originals).toBeNull()
    expect(JSON.stringify(staffPage)).not.toContain(EMAIL)
    await expect(redactPage(question.id, member)).rejects.toMatchObject({ status: 403 })
  })

  it("puts a 'redacted' step on the timeline with counts, not the text", () => {
    const step = questionTimelineSteps(question.id).find((s) => s.kind === 'redacted')
    expect(step).toMatchObject({ actorHandle: staff.handle })
    expect(step!.detail).toMatchObject({
      kinds: { 'E-mail address': 6, 'Phone number': 4, 'Account number': 3, 'Order number': 3 },
    })
    expect(JSON.stringify(step)).not.toContain(EMAIL)
  })

  it('scans a thread by index', () => {
    const plans = plansOf(() => findThreadRedactions(staff, question.id))
    for (const { sql, plan } of plans) {
      expect(scansIn(plan, ['revisions', 'redacted_originals']), sql).toEqual([])
    }
  })
})
