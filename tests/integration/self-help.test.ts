// "This may already be answered": the answer preview under the best resolved match, the ask
// page's similar list on a refused submit, and the counted way out of the ask page.
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { selfHelpEvents } from '#db/schema.ts'
import { startSession } from '#app/lib/auth.server.ts'
import { toPlainText } from '#app/lib/markdown.server.ts'
import { answerPreviewFor, withAnswerPreview } from '#app/models/answer-preview.server.ts'
import { setOfficialAnswer, toggleAcceptedAnswer } from '#app/models/answers.server.ts'
import { loader as goSimilar } from '#app/routes/go.similar.$id.ts'
import { action as ask } from '#app/routes/questions.ask.tsx'
import { startSearch, stopSearch } from '#search/index.server.ts'
import type { SimilarHit } from '#search/types.ts'
import { makeAnswer, makeQuestion, makeUser } from '#tests/fixtures/factories.ts'
import { contextFor, cookieFrom, formRequest, ORIGIN, unwrap } from '#tests/fixtures/requests.ts'

// Keyword ranking only (FTS5 in this test's database): the preview does not depend on the backend.
beforeAll(() => startSearch({ meilisearch: null, worker: false, log: () => {} }))
afterAll(() => stopSearch())

const staff = makeUser({ role: 'staff' })

/** A thread with two answers: the first accepted by the asker, the second marked official. */
function threadWith(marks: { accepted?: boolean; official?: boolean }, title?: string) {
  const asker = makeUser()
  const question = makeQuestion(asker, title ? { title } : {})
  const first = makeAnswer(makeUser(), question.id, 'Hold reset for ten seconds, then pair again.')
  const second = makeAnswer(
    makeUser(),
    question.id,
    'From support: update the app to **4.2.1** first, then <em>restart</em> the hub.',
  )
  if (marks.accepted) toggleAcceptedAnswer(asker, first.id)
  if (marks.official) setOfficialAnswer(staff, second.id, true)
  return { question, first, second }
}

function hitOf(question: { id: number; slug: string }, resolved: boolean) {
  return {
    id: question.id,
    slug: question.slug,
    title: `Thread ${question.id}`,
    status: resolved ? 'resolved' : 'open',
    resolved,
    official: false,
    answerCount: 2,
  } satisfies SimilarHit
}

describe('withAnswerPreview', () => {
  it('prefers the official answer to the accepted one, as plain text', () => {
    const { question, second } = threadWith({ accepted: true, official: true })
    const [hit] = withAnswerPreview([hitOf(question, true)])
    expect(hit!.answerPreview).toEqual({
      answerId: second.id,
      text: 'From support: update the app to 4.2.1 first, then restart the hub.',
      official: true,
    })
  })

  it('falls back to the accepted answer', () => {
    const { question, first } = threadWith({ accepted: true })
    const [hit] = withAnswerPreview([hitOf(question, true)])
    expect(hit!.answerPreview).toEqual({
      answerId: first.id,
      text: 'Hold reset for ten seconds, then pair again.',
      official: false,
    })
  })

  it('skips a deleted official answer for the accepted one, and gives none when neither is left', () => {
    const { question, first, second } = threadWith({ accepted: true, official: true })
    db.run(sql`UPDATE answers SET deleted_at = ${Date.now()} WHERE id = ${second.id}`)
    expect(answerPreviewFor(question.id)?.answerId).toBe(first.id)
    db.run(sql`UPDATE answers SET deleted_at = ${Date.now()} WHERE id = ${first.id}`)
    expect(answerPreviewFor(question.id)).toBeNull()
  })

  it('previews only the highest-ranked resolved hit, and nothing when it has no marked answer', () => {
    const open = threadWith({}).question
    const best = threadWith({ official: true }).question
    const next = threadWith({ accepted: true }).question
    const hits = withAnswerPreview([hitOf(open, false), hitOf(best, true), hitOf(next, true)])
    expect(hits.map((h) => h.answerPreview != null)).toEqual([false, true, false])
    expect(hits.map((h) => h.id)).toEqual([open.id, best.id, next.id])

    // The best resolved hit's marked answers are gone: no preview, and none passed down the list.
    const bare = threadWith({ accepted: true })
    db.run(sql`UPDATE answers SET deleted_at = ${Date.now()} WHERE id = ${bare.first.id}`)
    const without = withAnswerPreview([hitOf(bare.question, true), hitOf(next, true)])
    expect(without.map((h) => h.answerPreview)).toEqual([undefined, undefined])
    expect(withAnswerPreview([hitOf(open, false)])[0]!.answerPreview).toBeUndefined()
    expect(withAnswerPreview([])).toEqual([])
  })

  it('cuts a long answer on a word, about 200 characters in', () => {
    const asker = makeUser()
    const question = makeQuestion(asker)
    const words = Array.from({ length: 80 }, (_, i) => `step${i} reconnect`).join(' ')
    const answer = makeAnswer(makeUser(), question.id, `Try this: ${words}.`)
    toggleAcceptedAnswer(asker, answer.id)
    const preview = answerPreviewFor(question.id)!
    const full = toPlainText(`<p>Try this: ${words}.</p>`)
    expect(preview.text.length).toBeLessThanOrEqual(200)
    expect(preview.text.length).toBeGreaterThan(180)
    expect(preview.text.endsWith('…')).toBe(true)
    const kept = preview.text.slice(0, -1)
    expect(full.startsWith(kept)).toBe(true)
    // Cut between words: the text goes on with a space after what was kept.
    expect(full[kept.length]).toBe(' ')
    expect(kept).not.toMatch(/\s$/)
  })
})

async function go(id: string, query = '', cookie?: string) {
  const request = new Request(`${ORIGIN}/go/similar/${id}${query}`, {
    headers: cookie ? { Cookie: cookie } : {},
  })
  try {
    return await goSimilar({ request, params: { id }, context: await contextFor(request) })
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}

const eventsOf = (questionId: number) =>
  db
    .select()
    .from(selfHelpEvents)
    .where(eq(selfHelpEvents.questionId, questionId))
    .orderBy(selfHelpEvents.id)
    .all()

describe('GET /go/similar/:id', () => {
  it('counts each opening and answers 303 to the thread, in one anonymous session', async () => {
    const { question } = threadWith({ accepted: true })
    const first = await go(String(question.id))
    expect(first.status).toBe(303)
    expect(first.headers.get('Location')).toBe(`/questions/${question.id}/${question.slug}`)
    expect(first.headers.get('Set-Cookie')).toMatch(/Max-Age=1800/)
    const cookie = cookieFrom(first)
    expect(cookie).toMatch(/^peerdesk_selfhelp=/)

    const again = await go(String(question.id), '', cookie)
    expect(again.status).toBe(303)
    const rows = eventsOf(question.id)
    expect(rows).toHaveLength(2)
    expect(rows[0]).toMatchObject({ source: 'ask', answerId: null, resolved: true })
    expect(rows[0]!.sessionId).toMatch(/^[0-9a-f]{32}$/)
    expect(rows[1]!.sessionId).toBe(rows[0]!.sessionId)

    // Another browser is another session.
    await go(String(question.id))
    expect(eventsOf(question.id)[2]!.sessionId).not.toBe(rows[0]!.sessionId)
  })

  it("opens the thread at the previewed answer, or at its top for an answer not of the thread's", async () => {
    const { question, second } = threadWith({ official: true })
    const elsewhere = threadWith({ accepted: true })
    const atAnswer = await go(String(question.id), `?answer=${second.id}`)
    expect(atAnswer.status).toBe(303)
    expect(atAnswer.headers.get('Location')).toBe(
      `/questions/${question.id}/${question.slug}#answer-${second.id}`,
    )
    const stray = await go(String(question.id), `?answer=${elsewhere.first.id}`)
    expect(stray.headers.get('Location')).toBe(`/questions/${question.id}/${question.slug}`)
    expect(eventsOf(question.id).map((r) => r.answerId)).toEqual([second.id, null])
  })

  it('answers 404 for an unknown, malformed or deleted thread and counts nothing', async () => {
    const { question } = threadWith({ accepted: true })
    db.run(sql`UPDATE questions SET deleted_at = ${Date.now()} WHERE id = ${question.id}`)
    const before = db
      .select({ n: sql<number>`count(*)` })
      .from(selfHelpEvents)
      .get()!.n
    for (const id of ['999999', 'abc', '0', String(question.id)]) {
      expect((await go(id)).status).toBe(404)
    }
    expect(
      db
        .select({ n: sql<number>`count(*)` })
        .from(selfHelpEvents)
        .get()!.n,
    ).toBe(before)
  })
})

describe('a refused ask', () => {
  it('comes back with the field error and the similar list for the title and body opening', async () => {
    const { question, second } = threadWith(
      { accepted: true, official: true },
      'Doorbell chime stays silent after the battery swap',
    )
    const asker = makeUser()
    const cookie = (await startSession(asker.id, new Request(ORIGIN))).split(';')[0]!
    const request = formRequest(
      '/questions/ask',
      {
        title: 'My doorbell no longer chimes',
        body: 'Since I swapped the battery.',
        tags: 'doorbell',
      },
      { cookie },
    )
    const { data, status } = unwrap(
      await ask({ request, params: {}, context: await contextFor(request) }),
    )
    expect(status).toBe(400)
    expect(JSON.stringify(data.result)).toContain('Body must be at least 30 characters')
    const similar = data.similar as SimilarHit[]
    const best = similar.find((hit) => hit.resolved)
    expect(best).toMatchObject({ id: question.id, answerPreview: { answerId: second.id } })
  })
})
