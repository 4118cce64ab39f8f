// Threads as people see them: status moving with answers and marks, the order of answers,
// edits with their history, tag counts, question lists, and the search outbox written in the
// same transaction as every change.
import { and, asc, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import {
  answers,
  notifications,
  questions,
  reputationEvents,
  revisions,
  searchOutbox,
  votes,
} from '#db/schema.ts'
import { editAnswer, setOfficialAnswer, toggleAcceptedAnswer } from '#app/models/answers.server.ts'
import { NotFoundError } from '#app/models/errors.server.ts'
import { listQuestions, memberQuestions } from '#app/models/question-lists.server.ts'
import { editQuestion, type QuestionDraft } from '#app/models/questions.server.ts'
import { getThread } from '#app/models/thread-view.server.ts'
import { getTag } from '#app/models/tags.server.ts'
import { castVote } from '#app/models/votes.server.ts'
import {
  makeAnswer,
  makeQuestion,
  makeUser,
  pastAnswer,
  pastQuestion,
  reload,
} from '#tests/fixtures/factories.ts'

let unique = 0
/** A tag no other test uses, so counts and filters see only this test's questions. */
const freshTag = () => `t${Date.now().toString(36)}-${(unique++).toString(36)}`

const draft = (overrides: Partial<QuestionDraft> = {}): QuestionDraft => ({
  title: `Why does my invoice show VAT twice ${unique++}?`,
  body: 'The March invoice lists VAT on two lines and the total looks too high.',
  tags: ['billing'],
  ...overrides,
})

function threadOf(questionId: number, viewer: Parameters<typeof getThread>[1] = null) {
  const thread = getThread(questionId, viewer)
  if (!thread) throw new Error(`no thread ${questionId}`)
  return thread
}

const questionRow = (id: number) => {
  const row = db.select().from(questions).where(eq(questions.id, id)).get()
  if (!row) throw new Error(`no question ${id}`)
  return row
}

const outboxCount = (questionId: number) =>
  db
    .select({ n: sql<number>`count(*)` })
    .from(searchOutbox)
    .where(eq(searchOutbox.questionId, questionId))
    .get()?.n ?? 0

const countRows = (
  table:
    | typeof answers
    | typeof revisions
    | typeof searchOutbox
    | typeof notifications
    | typeof votes
    | typeof reputationEvents
    | typeof questions,
) =>
  db
    .select({ n: sql<number>`count(*)` })
    .from(table)
    .get()?.n ?? 0

const revisionsOf = (postType: 'question' | 'answer', postId: number) =>
  db
    .select()
    .from(revisions)
    .where(and(eq(revisions.postType, postType), eq(revisions.postId, postId)))
    .orderBy(asc(revisions.revision))
    .all()

describe('thread status', () => {
  it('moves open → answered → resolved → answered → resolved as answers and marks come', () => {
    const asker = makeUser()
    const t0 = Date.now()
    const q = pastQuestion(asker, draft(), t0)
    expect(threadOf(q.id).question.status).toBe('open')
    expect(questionRow(q.id)).toMatchObject({ firstAnswerAt: null, resolvedAt: null })

    const a1 = pastAnswer(
      makeUser(),
      q.id,
      'Check the billing address: VAT follows the country.',
      t0 + 1_000,
    )
    expect(threadOf(q.id).question.status).toBe('answered')
    expect(questionRow(q.id).firstAnswerAt).toBe(t0 + 1_000)

    pastAnswer(
      makeUser(),
      q.id,
      'Contact support, they can reissue the invoice quickly.',
      t0 + 2_000,
    )
    expect(questionRow(q.id)).toMatchObject({
      status: 'answered',
      firstAnswerAt: t0 + 1_000,
      answerCount: 2,
    })

    toggleAcceptedAnswer(asker, a1.id, t0 + 3_000)
    expect(threadOf(q.id).question.status).toBe('resolved')
    expect(questionRow(q.id).resolvedAt).toBe(t0 + 3_000)

    toggleAcceptedAnswer(asker, a1.id, t0 + 4_000)
    expect(threadOf(q.id).question.status).toBe('answered')
    expect(questionRow(q.id).resolvedAt).toBeNull()

    setOfficialAnswer(makeUser({ role: 'staff' }), a1.id, true, t0 + 5_000)
    expect(threadOf(q.id).question.status).toBe('resolved')
    expect(questionRow(q.id).resolvedAt).toBe(t0 + 5_000)
  })

  it('stays resolved while either mark remains, and goes back to answered when both are gone', () => {
    const asker = makeUser()
    const staff = makeUser({ role: 'staff' })
    const q = makeQuestion(asker)
    const a1 = makeAnswer(makeUser(), q.id)
    const a2 = makeAnswer(makeUser(), q.id)
    toggleAcceptedAnswer(asker, a1.id)
    setOfficialAnswer(staff, a2.id, true)
    toggleAcceptedAnswer(asker, a1.id)
    expect(threadOf(q.id).question.status).toBe('resolved')
    setOfficialAnswer(staff, a2.id, false)
    expect(threadOf(q.id).question.status).toBe('answered')
  })

  it('shows which answer carries which mark', () => {
    const asker = makeUser()
    const q = makeQuestion(asker)
    const a1 = makeAnswer(makeUser(), q.id)
    const a2 = makeAnswer(makeUser(), q.id)
    toggleAcceptedAnswer(asker, a1.id)
    setOfficialAnswer(makeUser({ role: 'staff' }), a2.id, true)
    const thread = threadOf(q.id)
    expect(thread.question).toMatchObject({ acceptedAnswerId: a1.id, officialAnswerId: a2.id })
    expect(thread.answers.map((a) => [a.id, a.isOfficial, a.isAccepted])).toEqual([
      [a2.id, true, false],
      [a1.id, false, true],
    ])
  })
})

describe('answer order on the thread page', () => {
  it('puts the official answer first, then the accepted one, then by score, then oldest', () => {
    const asker = makeUser()
    const t0 = Date.now()
    const q = pastQuestion(asker, draft(), t0)
    const body = (n: number) => `Answer number ${n}: restart the billing sync and wait.`
    const ids = [1, 2, 3, 4, 5, 6].map(
      (n) => pastAnswer(makeUser(), q.id, body(n), t0 + n * 1_000).id,
    )
    const [oldest, official, onePoint, twoPoints, accepted, newest] = ids as [
      number,
      number,
      number,
      number,
      number,
      number,
    ]
    const voters = [makeUser({ reputation: 15 }), makeUser({ reputation: 15 })]
    for (const voter of voters) castVote(voter, 'answer', twoPoints, 'up')
    castVote(voters[0] ?? makeUser({ reputation: 15 }), 'answer', onePoint, 'up')
    castVote(makeUser({ reputation: 15 }), 'answer', official, 'up')
    toggleAcceptedAnswer(asker, accepted)
    setOfficialAnswer(makeUser({ role: 'staff' }), official, true)

    expect(threadOf(q.id).answers.map((a) => a.id)).toEqual([
      official,
      accepted,
      twoPoints,
      onePoint,
      oldest,
      newest,
    ])
  })

  it('lists an answer that is both official and accepted once, at the top', () => {
    const asker = makeUser()
    const q = makeQuestion(asker)
    const first = makeAnswer(makeUser(), q.id)
    const both = makeAnswer(makeUser(), q.id)
    toggleAcceptedAnswer(asker, both.id)
    setOfficialAnswer(makeUser({ role: 'staff' }), both.id, true)
    expect(threadOf(q.id).answers.map((a) => a.id)).toEqual([both.id, first.id])
  })

  it('sorts a downvoted answer below unvoted ones', () => {
    const q = makeQuestion(makeUser())
    const bad = makeAnswer(makeUser(), q.id)
    const plain = makeAnswer(makeUser(), q.id)
    castVote(makeUser({ reputation: 125 }), 'answer', bad.id, 'down')
    expect(threadOf(q.id).answers.map((a) => a.id)).toEqual([plain.id, bad.id])
  })
})

describe("the viewer's own votes", () => {
  it('shows each viewer the votes they cast, and nobody else', () => {
    const q = makeQuestion(makeUser())
    const up = makeAnswer(makeUser(), q.id)
    const down = makeAnswer(makeUser(), q.id)
    const untouched = makeAnswer(makeUser(), q.id)
    const viewer = makeUser({ reputation: 200 })
    castVote(viewer, 'question', q.id, 'up')
    castVote(viewer, 'answer', up.id, 'up')
    castVote(viewer, 'answer', down.id, 'down')

    const mine = threadOf(q.id, reload(viewer))
    const voteOn = (thread: ReturnType<typeof threadOf>, id: number) =>
      thread.answers.find((a) => a.id === id)?.myVote
    expect(mine.question.myVote).toBe(1)
    expect(voteOn(mine, up.id)).toBe(1)
    expect(voteOn(mine, down.id)).toBe(-1)
    expect(voteOn(mine, untouched.id)).toBe(0)

    const someoneElse = threadOf(q.id, makeUser())
    expect(someoneElse.question.myVote).toBe(0)
    expect(someoneElse.answers.map((a) => a.myVote)).toEqual([0, 0, 0])

    const visitor = threadOf(q.id, null)
    expect(visitor.answers.map((a) => a.myVote)).toEqual([0, 0, 0])
  })

  it('clears the vote on the page once it is taken back', () => {
    const q = makeQuestion(makeUser())
    const a = makeAnswer(makeUser(), q.id)
    const viewer = makeUser({ reputation: 15 })
    castVote(viewer, 'answer', a.id, 'up')
    castVote(viewer, 'answer', a.id, 'up')
    expect(threadOf(q.id, viewer).answers[0]?.myVote).toBe(0)
    expect(threadOf(q.id, viewer).answers[0]?.score).toBe(0)
  })

  it('offers editing to the author and to 2 000+ reputation, not to others', () => {
    const author = makeUser()
    const q = makeQuestion(author)
    makeAnswer(author, q.id)
    expect(threadOf(q.id, author).question.canEdit).toBe(true)
    expect(threadOf(q.id, author).answers[0]?.canEdit).toBe(true)
    expect(threadOf(q.id, makeUser({ reputation: 1_999 })).question.canEdit).toBe(false)
    expect(threadOf(q.id, makeUser({ reputation: 2_000 })).question.canEdit).toBe(true)
    expect(threadOf(q.id, null).question.canEdit).toBe(false)
  })
})

describe('edits', () => {
  it('keep every revision of a question, with its editor, and mark the question edited', () => {
    const author = makeUser()
    const editor = makeUser({ reputation: 2_000 })
    const t0 = Date.now()
    const q = pastQuestion(author, draft({ title: 'Invoice shows VAT twice on March' }), t0)
    expect(threadOf(q.id).question.editedAt).toBeNull()
    expect(revisionsOf('question', q.id)).toMatchObject([
      { revision: 1, editorId: author.id, title: 'Invoice shows VAT twice on March' },
    ])

    editQuestion(
      author,
      q.id,
      { ...draft({ title: 'Invoice shows VAT twice in March' }), summary: 'typo' },
      t0 + 1_000,
    )
    const edited = editQuestion(
      editor,
      q.id,
      {
        title: 'March invoice charges VAT twice',
        body: 'The **March** invoice lists VAT on two lines; the total is 20% too high.',
        tags: ['billing', 'vat'],
        summary: 'clearer title',
      },
      t0 + 2_000,
    )
    expect(edited.slug).toBe('march-invoice-charges-vat-twice')

    expect(revisionsOf('question', q.id).map((r) => [r.revision, r.editorId, r.summary])).toEqual([
      [1, author.id, ''],
      [2, author.id, 'typo'],
      [3, editor.id, 'clearer title'],
    ])
    const thread = threadOf(q.id).question
    expect(thread).toMatchObject({
      title: 'March invoice charges VAT twice',
      slug: 'march-invoice-charges-vat-twice',
      editedAt: t0 + 2_000,
      editorHandle: editor.handle,
      tags: ['billing', 'vat'],
    })
    expect(thread.bodyHtml).toContain('<strong>March</strong>')
    expect(questionRow(q.id)).toMatchObject({ lastEditorId: editor.id, lastActivityAt: t0 + 2_000 })
  })

  it('keep every revision of an answer and mark it edited', () => {
    const author = makeUser()
    const q = makeQuestion(makeUser())
    const a = makeAnswer(author, q.id, 'First version of the answer, short but long enough.')
    expect(revisionsOf('answer', a.id)).toMatchObject([
      {
        revision: 1,
        editorId: author.id,
        questionId: q.id,
        bodyMd: 'First version of the answer, short but long enough.',
      },
    ])
    const at = Date.now() + 5_000
    editAnswer(
      author,
      a.id,
      { body: 'Second version, with a `code` sample that fixes it.', summary: 'code' },
      at,
    )
    expect(revisionsOf('answer', a.id).map((r) => [r.revision, r.editorId, r.bodyMd])).toEqual([
      [1, author.id, 'First version of the answer, short but long enough.'],
      [2, author.id, 'Second version, with a `code` sample that fixes it.'],
    ])
    const view = threadOf(q.id).answers.find((x) => x.id === a.id)
    expect(view?.editedAt).toBe(at)
    expect(view?.bodyHtml).toContain('<code>code</code>')
  })
})

describe('tag counters', () => {
  it('count questions per tag as questions are created and re-tagged', () => {
    const [kept, dropped, added] = [freshTag(), freshTag(), freshTag()]
    const author = makeUser()
    const first = pastQuestion(author, draft({ tags: [kept, dropped] }))
    pastQuestion(author, draft({ tags: [kept] }))
    expect(getTag(kept)?.questionCount).toBe(2)
    expect(getTag(dropped)?.questionCount).toBe(1)
    expect(getTag(added)).toBeUndefined()

    editQuestion(author, first.id, draft({ tags: [kept, added] }))
    expect(getTag(kept)?.questionCount).toBe(2)
    expect(getTag(dropped)?.questionCount).toBe(0)
    expect(getTag(added)?.questionCount).toBe(1)
    expect(threadOf(first.id).question.tags).toEqual([kept, added].sort())
  })

  it('do not move when an edit keeps the same tags', () => {
    const tag = freshTag()
    const author = makeUser()
    const q = pastQuestion(author, draft({ tags: [tag] }))
    editQuestion(author, q.id, draft({ tags: [tag] }))
    editQuestion(author, q.id, draft({ tags: [tag] }))
    expect(getTag(tag)?.questionCount).toBe(1)
  })
})

describe('question lists', () => {
  it('newest: most recent first', () => {
    const author = makeUser()
    const future = Date.now() + 10 * 365 * 86_400_000
    const ids = [0, 1, 2].map((i) => pastQuestion(author, draft(), future + i).id)
    const page = listQuestions({ tab: 'newest' })
    expect(page.items.slice(0, 3).map((q) => q.id)).toEqual([...ids].reverse())
    expect(listQuestions({}).items[0]?.id).toBe(ids[2])
  })

  it('active: most recent activity first, so a new answer lifts an old question', () => {
    const author = makeUser()
    const tag = freshTag()
    const t0 = Date.now()
    const old = pastQuestion(author, draft({ tags: [tag] }), t0)
    const recent = pastQuestion(author, draft({ tags: [tag] }), t0 + 1_000)
    expect(listQuestions({ tab: 'active', tag }).items.map((q) => q.id)).toEqual([
      recent.id,
      old.id,
    ])
    pastAnswer(makeUser(), old.id, 'An answer that brings the old question back up.', t0 + 2_000)
    expect(listQuestions({ tab: 'active', tag }).items.map((q) => q.id)).toEqual([
      old.id,
      recent.id,
    ])
    expect(listQuestions({ tab: 'newest', tag }).items.map((q) => q.id)).toEqual([
      recent.id,
      old.id,
    ])
  })

  it('unanswered and resolved: only threads in that state', () => {
    const asker = makeUser()
    const tag = freshTag()
    const open = pastQuestion(asker, draft({ tags: [tag] }))
    const answered = pastQuestion(asker, draft({ tags: [tag] }))
    makeAnswer(makeUser(), answered.id)
    const accepted = pastQuestion(asker, draft({ tags: [tag] }))
    toggleAcceptedAnswer(asker, makeAnswer(makeUser(), accepted.id).id)
    const official = pastQuestion(asker, draft({ tags: [tag] }))
    setOfficialAnswer(makeUser({ role: 'staff' }), makeAnswer(makeUser(), official.id).id, true)

    const ids = (tab: 'newest' | 'unanswered' | 'resolved') =>
      listQuestions({ tab, tag })
        .items.map((q) => q.id)
        .sort((a, b) => a - b)
    expect(ids('unanswered')).toEqual([open.id])
    expect(ids('resolved')).toEqual([accepted.id, official.id])
    expect(ids('newest')).toEqual([open.id, answered.id, accepted.id, official.id])
    const resolved = listQuestions({ tab: 'resolved', tag })
    expect(resolved.total).toBe(2)
    expect(resolved.items.every((q) => q.status === 'resolved')).toBe(true)
  })

  it('tag filter: only questions with that tag, each listed with its tags', () => {
    const [mine, other] = [freshTag(), freshTag()]
    const author = makeUser()
    const tagged = pastQuestion(author, draft({ tags: [mine, other] }))
    pastQuestion(author, draft({ tags: [other] }))
    const page = listQuestions({ tag: mine })
    expect(page.items.map((q) => q.id)).toEqual([tagged.id])
    expect(page.items[0]?.tags).toEqual([mine, other].sort())
    expect(page.total).toBe(1)
    expect(listQuestions({ tag: other }).total).toBe(2)
    expect(listQuestions({ tag: freshTag() })).toMatchObject({ items: [], total: 0, pageCount: 1 })
  })

  it('pages through the list without overlap', () => {
    const author = makeUser()
    const tag = freshTag()
    const t0 = Date.now()
    const ids = [0, 1, 2, 3, 4].map((i) => pastQuestion(author, draft({ tags: [tag] }), t0 + i).id)
    const pageOf = (page: number) => listQuestions({ tag, page, pageSize: 2 })
    expect(pageOf(1)).toMatchObject({ total: 5, page: 1, pageCount: 3 })
    expect([1, 2, 3].flatMap((p) => pageOf(p).items.map((q) => q.id))).toEqual([...ids].reverse())
    expect(pageOf(3).items).toHaveLength(1)
    expect(pageOf(4).items).toEqual([])
    expect(memberQuestions(author.id, { pageSize: 10 }).map((q) => q.id)).toEqual(
      [...ids].reverse(),
    )
  })
})

describe('search outbox', () => {
  it('gets a row for the thread with every write that changes it', () => {
    const asker = makeUser()
    const answerer = makeUser()
    const voter = makeUser({ reputation: 200 })
    const staff = makeUser({ role: 'staff' })
    const q = makeQuestion(asker)
    const other = makeQuestion(asker)
    const otherBefore = outboxCount(other.id)
    expect(outboxCount(q.id), 'create question').toBe(1)

    let answerId = -1
    const steps: [string, () => unknown][] = [
      ['create answer', () => (answerId = makeAnswer(answerer, q.id).id)],
      ['vote on the question', () => castVote(voter, 'question', q.id, 'up')],
      ['vote on an answer', () => castVote(voter, 'answer', answerId, 'down')],
      ['take a vote back', () => castVote(voter, 'answer', answerId, 'down')],
      ['accept', () => toggleAcceptedAnswer(asker, answerId)],
      ['official', () => setOfficialAnswer(staff, answerId, true)],
      ['remove official', () => setOfficialAnswer(staff, answerId, false)],
      ['edit question', () => editQuestion(asker, q.id, draft())],
      [
        'edit answer',
        () => editAnswer(answerer, answerId, { body: 'An edited answer that is long enough.' }),
      ],
    ]
    steps.forEach(([label, step], i) => {
      step()
      expect(outboxCount(q.id), label).toBe(i + 2)
    })
    expect(outboxCount(other.id)).toBe(otherBefore)
    const pending = db.select().from(searchOutbox).where(eq(searchOutbox.questionId, q.id)).all()
    expect(pending.every((row) => row.processedAt == null && row.attempts === 0)).toBe(true)
  })

  it('is written in the same transaction: when it cannot be written, nothing of the write is kept', () => {
    const asker = makeUser({ reputation: 20 })
    const answerer = makeUser()
    const q = makeQuestion(asker)
    const a = makeAnswer(answerer, q.id)
    const before = {
      question: questionRow(q.id),
      answers: countRows(answers),
      revisions: countRows(revisions),
      votes: countRows(votes),
      ledger: countRows(reputationEvents),
      notifications: countRows(notifications),
      questions: countRows(questions),
      outbox: countRows(searchOutbox),
      asker: reload(asker).reputation,
      answerer: reload(answerer).reputation,
    }
    db.$client.exec(
      `create trigger outbox_down before insert on search_outbox begin select raise(abort, 'outbox unavailable'); end`,
    )
    try {
      expect(() => makeQuestion(asker)).toThrow(/outbox unavailable/)
      expect(() => makeAnswer(makeUser(), q.id)).toThrow(/outbox unavailable/)
      expect(() => castVote(asker, 'answer', a.id, 'up')).toThrow(/outbox unavailable/)
      expect(() => toggleAcceptedAnswer(asker, a.id)).toThrow(/outbox unavailable/)
      expect(() => setOfficialAnswer(makeUser({ role: 'staff' }), a.id, true)).toThrow(
        /outbox unavailable/,
      )
      expect(() => editQuestion(asker, q.id, draft({ tags: [freshTag()] }))).toThrow(
        /outbox unavailable/,
      )
      expect(() =>
        editAnswer(answerer, a.id, { body: 'A replacement body that never lands.' }),
      ).toThrow(/outbox unavailable/)
    } finally {
      db.$client.exec('drop trigger outbox_down')
    }
    expect({
      question: questionRow(q.id),
      answers: countRows(answers),
      revisions: countRows(revisions),
      votes: countRows(votes),
      ledger: countRows(reputationEvents),
      notifications: countRows(notifications),
      questions: countRows(questions),
      outbox: countRows(searchOutbox),
      asker: reload(asker).reputation,
      answerer: reload(answerer).reputation,
    }).toEqual(before)
    expect(threadOf(q.id).answers.map((x) => [x.id, x.bodyMd, x.score])).toEqual([
      [a.id, 'Unplug it, wait thirty seconds, then hold reset while plugging in.', 0],
    ])
  })
})

describe('failing writes store nothing half-written', () => {
  const snapshot = () => ({
    answers: countRows(answers),
    revisions: countRows(revisions),
    outbox: countRows(searchOutbox),
    notifications: countRows(notifications),
    votes: countRows(votes),
    ledger: countRows(reputationEvents),
  })

  it('an answer to a missing question is refused with NotFoundError and adds no rows', () => {
    const before = snapshot()
    expect(() => makeAnswer(makeUser(), 987_654)).toThrow(NotFoundError)
    expect(snapshot()).toEqual(before)
  })

  it('votes, accepts, official marks and edits of missing posts change nothing', () => {
    const before = snapshot()
    const member = makeUser({ reputation: 5_000 })
    expect(() => castVote(member, 'answer', 987_654, 'up')).toThrow(NotFoundError)
    expect(() => castVote(member, 'question', 987_654, 'down')).toThrow(NotFoundError)
    expect(() => toggleAcceptedAnswer(member, 987_654)).toThrow(NotFoundError)
    expect(() => setOfficialAnswer(makeUser({ role: 'staff' }), 987_654, true)).toThrow(
      NotFoundError,
    )
    expect(() => editQuestion(member, 987_654, draft())).toThrow(NotFoundError)
    expect(() =>
      editAnswer(member, 987_654, { body: 'Nothing to edit here at all, really.' }),
    ).toThrow(NotFoundError)
    expect(snapshot()).toEqual(before)
  })

  it('a missing thread page is null', () => {
    expect(getThread(987_654, null)).toBeNull()
  })
})
