// Rolling a post back to an earlier revision (issue 12, item 7): the author or a moderator only,
// the earlier source restored exactly with its HTML from the normal renderer, the rollback a
// revision of its own, a moderator's rollback on the moderation log; and the history page's
// "Roll back" buttons, their refusals and the redirect to the post.
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { answers, questions, type Role } from '#db/schema.ts'
import { startSession } from '#app/lib/auth.server.ts'
import { renderMarkdown } from '#app/lib/markdown.server.ts'
import { editAnswer } from '#app/models/answers.server.ts'
import { FieldError, NotFoundError, PermissionError } from '#app/models/errors.server.ts'
import { moderationLogPage } from '#app/models/moderation-log.server.ts'
import { setThreadLock, suspendMember } from '#app/models/moderation.server.ts'
import type { WriteActor } from '#app/models/permissions.server.ts'
import { editQuestion, questionTagNames } from '#app/models/questions.server.ts'
import {
  canRollBack,
  postHistory,
  rollbackPost,
  type PostRef,
} from '#app/models/revisions.server.ts'
import { action, loader } from '#app/routes/revisions.$type.$id.tsx'
import { makeAnswer, makeQuestion, makeUser, reload } from '#tests/fixtures/factories.ts'
import { contextFor, formRequest, ORIGIN, unwrap } from '#tests/fixtures/requests.ts'

const ORIGINAL = {
  title: 'Router drops Wi-Fi every evening',
  body: 'Since the update the router drops **Wi-Fi** at 8 pm:\n\n- model `RX-200`\n- firmware [2.1](https://example.com/fw)\n\n```\nlog: wlan0 down\n```',
  tags: ['router', 'wifi'],
}
const EDITED = {
  title: 'Router drops the wireless network nightly',
  body: 'The router loses its wireless network every night; a restart brings it back for a while.',
  tags: ['router', 'networking'],
}
const ANSWER_ORIGINAL =
  'Turn off *band steering* in the admin page:\n\n1. Open `192.168.0.1`\n2. Untick it and save.'
const ANSWER_EDITED = 'Update the firmware to 2.2; the evening drop was a known bug in 2.1.'

const questionRow = (id: number) => db.select().from(questions).where(eq(questions.id, id)).get()!
const answerRow = (id: number) => db.select().from(answers).where(eq(answers.id, id)).get()!

/** A question by `asker`, edited once by them: revision 1 is ORIGINAL, revision 2 EDITED. */
function editedQuestion(asker: WriteActor = makeUser()) {
  const question = makeQuestion(asker, ORIGINAL)
  const originalHtml = questionRow(question.id).bodyHtml
  editQuestion(asker, question.id, { ...EDITED, summary: 'shorter' })
  return { asker, question, originalHtml, post: { type: 'question', id: question.id } as PostRef }
}

function editedAnswer() {
  const answerer = makeUser()
  const question = makeQuestion(makeUser())
  const answer = makeAnswer(answerer, question.id, ANSWER_ORIGINAL)
  const originalHtml = answerRow(answer.id).bodyHtml
  editAnswer(answerer, answer.id, { body: ANSWER_EDITED })
  return { answerer, question, answer, originalHtml }
}

const logOf = (post: PostRef) => moderationLogPage({ target: post }).entries

describe('who may roll back a post', () => {
  type Kind =
    | Role
    | 'visitor'
    | 'member at 2 000'
    | 'member at 3 000'
    | 'the author'
    | 'a suspended author'
    | 'the author of a locked thread'
    | 'a moderator on a locked thread'
  const cases: [Kind, boolean][] = [
    ['visitor', false],
    ['member', false],
    ['member at 2 000', false],
    ['member at 3 000', false],
    ['the author', true],
    ['staff', false],
    ['moderator', true],
    ['admin', true],
    ['a suspended author', false],
    ['the author of a locked thread', false],
    ['a moderator on a locked thread', true],
  ]
  const actorOf = (kind: Kind, asker: WriteActor, questionId: number): WriteActor | null => {
    const moderator = makeUser({ role: 'moderator' })
    switch (kind) {
      case 'visitor':
        return null
      case 'member at 2 000':
        return makeUser({ reputation: 2_000 })
      case 'member at 3 000':
        return makeUser({ reputation: 3_000 })
      case 'the author':
        return asker
      case 'a suspended author':
        suspendMember(moderator, { userId: asker.id, days: 7, reason: 'Spamming links' })
        return reload(asker)
      case 'the author of a locked thread':
        setThreadLock(moderator, questionId, { locked: true, reason: 'Edit war' })
        return asker
      case 'a moderator on a locked thread':
        setThreadLock(moderator, questionId, { locked: true, reason: 'Edit war' })
        return moderator
      default:
        return makeUser({ role: kind })
    }
  }

  it.each(cases)('%s: allowed %s', (kind, allowed) => {
    const { asker, question, post } = editedQuestion()
    const actor = actorOf(kind, asker, question.id)
    expect(canRollBack(actor, post)).toBe(allowed)
    // A visitor has no account to act with: the page sends them to log in (tested below).
    if (!actor) return
    const rollback = () => rollbackPost(actor, { ...post, revision: 1 })
    if (allowed) {
      expect(rollback()).toEqual({ questionId: question.id, revision: 3 })
      expect(questionRow(question.id).title).toBe(ORIGINAL.title)
    } else {
      expect(rollback).toThrow(PermissionError)
      expect(questionRow(question.id)).toMatchObject({ title: EDITED.title, bodyMd: EDITED.body })
      expect(postHistory('question', question.id)).toHaveLength(2)
    }
  })

  it('refuses with a message that says why', () => {
    const { asker, question, post } = editedQuestion()
    expect(() => rollbackPost(makeUser({ reputation: 2_000 }), { ...post, revision: 1 })).toThrow(
      'Only the author or a moderator can roll back this post.',
    )
    const moderator = makeUser({ role: 'moderator' })
    setThreadLock(moderator, question.id, { locked: true, reason: 'Edit war' })
    expect(() => rollbackPost(asker, { ...post, revision: 1 })).toThrow(
      'This thread is locked by a moderator: Edit war',
    )
    suspendMember(moderator, { userId: asker.id, days: 7, reason: 'Spamming links' })
    expect(() => rollbackPost(reload(asker), { ...post, revision: 1 })).toThrow(
      /^Your account is suspended until .*: Spamming links$/,
    )
  })
})

describe('a rollback', () => {
  it("restores a question's exact earlier title, body, tags and HTML, as a revision of its own", () => {
    const { asker, question, originalHtml, post } = editedQuestion()
    rollbackPost(asker, { ...post, revision: 1, summary: '  the edit lost the details ' })

    const row = questionRow(question.id)
    expect({ title: row.title, body: row.bodyMd }).toEqual({
      title: ORIGINAL.title,
      body: ORIGINAL.body,
    })
    expect(questionTagNames(question.id).sort()).toEqual([...ORIGINAL.tags].sort())
    expect(row.bodyHtml).toBe(originalHtml)
    expect(row.bodyHtml).toBe(renderMarkdown(ORIGINAL.body))
    expect(row.bodyHtml).toContain('<code>RX-200</code>')
    expect(row.slug).toBe('router-drops-wi-fi-every-evening')
    expect(row.lastEditorId).toBe(asker.id)

    const history = postHistory('question', question.id)
    expect(history.map((r) => r.number)).toEqual([3, 2, 1])
    expect(history[0]).toMatchObject({
      summary: 'Rolled back to revision 1: the edit lost the details',
      editor: { id: asker.id },
    })
    // The new revision's body is revision 1's again: against revision 2 its diff is the reverse.
    expect(
      history[0]!.body
        .filter((c) => c.kind !== 'removed')
        .map((c) => c.text)
        .join(''),
    ).toBe(ORIGINAL.body)
    // Revision 1 now reads as the post does: there is nothing left to roll back to there.
    expect(history.find((r) => r.number === 1)?.restorable).toBe(false)
    expect(history.find((r) => r.number === 2)?.restorable).toBe(true)
  })

  it("restores an answer's exact earlier body and HTML", () => {
    const { answerer, answer, originalHtml } = editedAnswer()
    const post: PostRef = { type: 'answer', id: answer.id }
    const done = rollbackPost(answerer, { ...post, revision: 1 })
    expect(done.revision).toBe(3)
    const row = answerRow(answer.id)
    expect(row.bodyMd).toBe(ANSWER_ORIGINAL)
    expect(row.bodyHtml).toBe(originalHtml)
    expect(row.bodyHtml).toBe(renderMarkdown(ANSWER_ORIGINAL))
    expect(row.bodyHtml).toContain('<em>band steering</em>')
    const history = postHistory('answer', answer.id)
    expect(history).toHaveLength(3)
    expect(history[0]?.summary).toBe('Rolled back to revision 1')
  })

  it('rolls forward again to a later revision', () => {
    const { asker, question, post } = editedQuestion()
    rollbackPost(asker, { ...post, revision: 1 })
    rollbackPost(asker, { ...post, revision: 2 })
    expect(questionRow(question.id)).toMatchObject({ title: EDITED.title, bodyMd: EDITED.body })
    expect(questionTagNames(question.id).sort()).toEqual([...EDITED.tags].sort())
    expect(postHistory('question', question.id)[0]?.summary).toBe('Rolled back to revision 2')
  })

  it('refuses the current revision, one the post already reads as, and one that does not exist', () => {
    const { asker, question, post } = editedQuestion()
    const refusal = (revision: number) => {
      try {
        rollbackPost(asker, { ...post, revision })
      } catch (error) {
        return error
      }
      throw new Error('expected a refusal')
    }
    const current = refusal(2)
    expect(current).toBeInstanceOf(FieldError)
    expect((current as Error).message).toBe(
      'Revision 2 is the current revision: there is nothing to roll back.',
    )
    rollbackPost(asker, { ...post, revision: 1 })
    expect((refusal(1) as Error).message).toBe(
      'The question already reads as revision 1: there is nothing to roll back.',
    )
    expect(refusal(9)).toBeInstanceOf(NotFoundError)
    expect(postHistory('question', question.id)).toHaveLength(3)
  })

  it("is on the moderation log when a moderator rolls back someone else's post", () => {
    const { asker, question, post } = editedQuestion()
    rollbackPost(asker, { ...post, revision: 1 })
    expect(logOf(post)).toEqual([])

    const moderator = makeUser({ role: 'moderator' })
    rollbackPost(moderator, { ...post, revision: 2, summary: 'the original was fine' })
    const [entry, ...older] = logOf(post)
    expect(older).toEqual([])
    expect(entry).toMatchObject({
      action: 'rollback',
      targetType: 'question',
      targetId: question.id,
      actorHandle: moderator.handle,
      reason: 'the original was fine',
      before: { revision: 3 },
      after: { revision: 4, restored: 2 },
      target: { href: `/questions/${question.id}/${questionRow(question.id).slug}` },
    })

    const { answer } = editedAnswer()
    const answerPost: PostRef = { type: 'answer', id: answer.id }
    rollbackPost(moderator, { ...answerPost, revision: 1 })
    expect(logOf(answerPost)).toMatchObject([
      { action: 'rollback', targetType: 'answer', before: { revision: 2 } },
    ])
  })

  it('leaves no revision and no log row when the edit is refused', () => {
    const { question, post } = editedQuestion()
    const moderator = makeUser({ role: 'moderator' })
    suspendMember(makeUser({ role: 'admin' }), {
      userId: moderator.id,
      days: 1,
      reason: 'Cooling off',
    })
    expect(() => rollbackPost(reload(moderator), { ...post, revision: 1 })).toThrow(PermissionError)
    expect(postHistory('question', question.id)).toHaveLength(2)
    expect(logOf(post)).toEqual([])
  })
})

describe('the history page', () => {
  async function signedIn(user: { id: number }) {
    return (await startSession(user.id, new Request(ORIGIN))).split(';')[0]!
  }
  const params = (post: PostRef) => ({ type: post.type, id: String(post.id) })
  const path = (post: PostRef) => `/revisions/${post.type}/${post.id}`

  async function load(post: PostRef, cookie?: string) {
    const request = new Request(`${ORIGIN}${path(post)}`, {
      headers: cookie ? { Cookie: cookie } : {},
    })
    return loader({ request, params: params(post), context: await contextFor(request) })
  }
  async function post(target: PostRef, fields: Record<string, string>, cookie?: string) {
    const request = formRequest(path(target), fields, { cookie })
    return action({ request, params: params(target), context: await contextFor(request) })
  }
  /** The Response the route answered with, returned (a redirect) or thrown (log in first). */
  async function responseOf(promise: Promise<unknown>): Promise<Response> {
    try {
      const result = await promise
      if (result instanceof Response) return result
    } catch (error) {
      if (error instanceof Response) return error
      throw error
    }
    throw new Error('expected a Response')
  }

  it('offers Roll back to the author and moderators only', async () => {
    const { asker, post } = editedQuestion()
    expect((await load(post)).canRollBack).toBe(false)
    expect((await load(post, await signedIn(makeUser({ reputation: 2_000 })))).canRollBack).toBe(
      false,
    )
    expect((await load(post, await signedIn(asker))).canRollBack).toBe(true)
    expect((await load(post, await signedIn(makeUser({ role: 'moderator' })))).canRollBack).toBe(
      true,
    )
  })

  it('sends a visitor to log in, and the author back to the post after rolling back', async () => {
    const { asker, question, post: target } = editedQuestion()
    const visitor = await responseOf(post(target, { revision: '1' }))
    expect(visitor.status).toBe(302)
    expect(visitor.headers.get('Location')).toBe(
      `/login?redirectTo=${encodeURIComponent(path(target))}`,
    )

    const done = await responseOf(
      post(target, { revision: '1', summary: '' }, await signedIn(asker)),
    )
    expect(done.status).toBe(302)
    expect(done.headers.get('Location')).toBe(
      `/questions/${question.id}/router-drops-wi-fi-every-evening#question-title`,
    )
    expect(questionRow(question.id).bodyMd).toBe(ORIGINAL.body)

    const { answerer, question: thread, answer } = editedAnswer()
    const answerPost: PostRef = { type: 'answer', id: answer.id }
    const back = await responseOf(post(answerPost, { revision: '1' }, await signedIn(answerer)))
    expect(back.headers.get('Location')).toBe(
      `/questions/${thread.id}/${thread.slug}#answer-${answer.id}`,
    )
  })

  it('answers a refusal with its message for the button that was pressed', async () => {
    const { post: target } = editedQuestion()
    const other = await signedIn(makeUser({ reputation: 3_000 }))
    const refused = unwrap(await post(target, { revision: '1' }, other))
    expect(refused.status).toBe(403)
    expect(refused.data).toEqual({
      revision: 1,
      error: 'Only the author or a moderator can roll back this post.',
    })
    const moderator = await signedIn(makeUser({ role: 'moderator' }))
    const current = unwrap(await post(target, { revision: '2' }, moderator))
    expect(current.status).toBe(400)
    expect(current.data.error).toBe(
      'Revision 2 is the current revision: there is nothing to roll back.',
    )
    const tooLong = unwrap(
      await post(target, { revision: '1', summary: 'x'.repeat(201) }, moderator),
    )
    expect(tooLong).toMatchObject({
      status: 400,
      data: { revision: 1, error: 'Edit summary must be at most 200 characters' },
    })
  })
})
