// Private cases (issue 13): only the asker and staff read and write them; their messages never
// reach the anonymous page cache, FTS5, the Meilisearch documents, the feeds, or another
// viewer's thread data; staff solve them with a public summary answer that can be made official;
// each step is on the staff timeline; the other side is notified without the message's text.
import type { AddressInfo } from 'node:net'
import express from 'express'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { answers, notifications, questions } from '#db/schema.ts'
import { startSession } from '#app/lib/auth.server.ts'
import { pageCacheMiddleware } from '#app/lib/page-cache-middleware.server.ts'
import { PageCache } from '#app/lib/page-cache.server.ts'
import { setOfficialAnswer } from '#app/models/answers.server.ts'
import { describeNotification } from '#app/models/email-messages.server.ts'
import { FieldError, PermissionError } from '#app/models/errors.server.ts'
import {
  openPrivateCase,
  postPrivateCaseMessage,
  privateCaseForViewer,
  solvePrivateCase,
} from '#app/models/private-cases.server.ts'
import { questionTimelineSteps } from '#app/models/timeline.server.ts'
import { action, loader } from '#app/routes/questions.$id.$slug.tsx'
import { loader as feedLoader } from '#app/routes/feeds.$file.ts'
import { loader as tagFeedLoader } from '#app/routes/feeds.tags.$file.ts'
import { loadSearchDocuments } from '#search/documents.server.ts'
import { searchThreads, startSearch, stopSearch } from '#search/index.server.ts'
import { makeQuestion, makeUser } from '#tests/fixtures/factories.ts'
import { plansOf, scansIn } from '#tests/fixtures/query-plans.ts'
import { contextFor, formRequest, ORIGIN } from '#tests/fixtures/requests.ts'

beforeAll(() => startSearch({ meilisearch: null, worker: false, log: () => {} }))
afterAll(() => stopSearch())

// Words that appear only in the private case: any of them leaking anywhere fails a test.
const SECRET = 'quokkasecret'
const STAFF_SECRET = 'wombatreply'

const asker = makeUser()
const staff = makeUser({ role: 'staff' })
const otherMember = makeUser({ reputation: 5000 })
const tag = `case${Date.now().toString(36)}`
const TITLE = 'My thermostat account shows the wrong billing address'
const question = makeQuestion(asker, {
  title: TITLE,
  body: 'The billing page lists an address I never entered and I cannot change it myself.',
  tags: [tag],
})
const threadPath = `/questions/${question.id}/${question.slug}`

async function cookieOf(user: { id: number }) {
  return (await startSession(user.id, new Request(ORIGIN))).split(';')[0]!
}

async function threadData(cookie?: string) {
  const request = new Request(`${ORIGIN}${threadPath}`, {
    headers: cookie ? { Cookie: cookie } : {},
  })
  return loader({
    request,
    params: { id: String(question.id), slug: question.slug },
    context: await contextFor(request),
  })
}

async function post(fields: Record<string, string>, cookie: string) {
  const request = formRequest(threadPath, fields, { cookie })
  return action({
    request,
    params: { id: String(question.id), slug: question.slug },
    context: await contextFor(request),
  })
}

describe('a private case', () => {
  it('is opened by the asker through the thread action, and written in by asker and staff', async () => {
    const askerCookie = await cookieOf(asker)
    const opened = (await post({ intent: 'private-case-open' }, askerCookie)) as Response
    expect(opened.status).toBe(302)
    expect(opened.headers.get('Location')).toBe(`${threadPath}#private-case`)
    const sent = (await post(
      { intent: 'private-case-message', body: `My account number is ${SECRET}-7781.` },
      askerCookie,
    )) as Response
    expect(sent.status).toBe(302)
    postPrivateCaseMessage(staff, question.id, `Thanks, **fixed** it: ${STAFF_SECRET}.`)

    const view = privateCaseForViewer(staff, { id: question.id, author: { id: asker.id } })
    expect(view?.open).toBe(true)
    if (!view?.open) return
    expect(view.messages.map((m) => m.byStaff)).toEqual([false, true])
    // Markdown rendered and sanitized as answers are.
    expect(view.messages[1]!.bodyHtml).toContain('<strong>fixed</strong>')
    const askerView = await threadData(askerCookie)
    expect(JSON.stringify(askerView.privateCase)).toContain(SECRET)
  })

  it('refuses everyone but the asker and staff, and an empty message stores nothing', async () => {
    expect(() => openPrivateCase(otherMember, question.id)).toThrow(PermissionError)
    expect(() => postPrivateCaseMessage(otherMember, question.id, 'Let me see.')).toThrow(
      PermissionError,
    )
    const refused = await post(
      { intent: 'private-case-message', body: 'Can I read it?' },
      await cookieOf(otherMember),
    )
    expect(refused).toMatchObject({ init: { status: 403 } })
    expect(() => postPrivateCaseMessage(asker, question.id, '   ')).toThrow(FieldError)
    expect(() =>
      solvePrivateCase(asker, question.id, 'I solved it myself, thank you all!'),
    ).toThrow(PermissionError)
  })

  it("is absent from a visitor's and another member's thread data", async () => {
    for (const data of [await threadData(), await threadData(await cookieOf(otherMember))]) {
      expect(data.privateCase).toBeNull()
      const everything = JSON.stringify(data)
      expect(everything).not.toContain(SECRET)
      expect(everything).not.toContain(STAFF_SECRET)
    }
  })

  it('never reaches FTS5, the Meilisearch documents or the feeds', async () => {
    for (const word of [SECRET, STAFF_SECRET]) {
      const fts = db.$client
        .prepare(`SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH ?`)
        .get(word) as { n: number }
      expect(fts.n).toBe(0)
      expect((await searchThreads({ q: word, status: 'all' })).hits).toEqual([])
    }
    // The thread itself is indexed (its public text is found), its case is not.
    expect((await searchThreads({ q: 'thermostat billing', status: 'all' })).hits).toContainEqual(
      expect.objectContaining({ id: question.id }),
    )
    const documents = JSON.stringify([...loadSearchDocuments(db, [question.id]).values()])
    expect(documents).toContain('billing')
    expect(documents).not.toContain(SECRET)
    for (const feed of [
      await feedLoader({
        request: new Request(`${ORIGIN}/feeds/questions.atom`),
        params: { file: 'questions.atom' },
        context: {} as never, // the feed loaders read no context
      }),
      await tagFeedLoader({
        request: new Request(`${ORIGIN}/feeds/tags/${tag}.rss`),
        params: { file: `${tag}.rss` },
        context: {} as never,
      }),
    ]) {
      const text = await (feed as Response).text()
      expect(text).toContain('billing address')
      expect(text).not.toContain(SECRET)
    }
  })

  it('never reaches the page cache: private responses are not kept, the public one holds no case', async () => {
    const cache = new PageCache()
    const app = express()
    app.use(pageCacheMiddleware(cache, 'peerdesk_session'))
    // The thread's loader data as the page would render it, for whoever asks.
    app.get('/questions/:id/:slug', async (req, res) => {
      const cookie = req.get('cookie')
      const data = await threadData(cookie)
      if (data.privateCase) res.setHeader('Cache-Control', 'private, no-store')
      res.type('html').send(`<html>${JSON.stringify(data)}</html>`)
    })
    const server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const askerCookie = await cookieOf(asker)
      const sessionCookie = askerCookie.split('=')[0]!
      // The asker's page carries the case, says private, and is never kept (twice: admission).
      for (let i = 0; i < 2; i++) {
        const page = await fetch(`${base}${threadPath}`, { headers: { Cookie: askerCookie } })
        expect(page.headers.get('cache-control')).toBe('private, no-store')
        expect(await page.text()).toContain(SECRET)
      }
      expect(cache.has(threadPath)).toBe(false)
      // A private response is not kept even when the cookie is not the one the cache knows.
      const blind = express()
      const blindCache = new PageCache()
      blind.use(pageCacheMiddleware(blindCache, 'some_other_cookie'))
      blind.get('/questions/:id/:slug', (_req, res) => {
        res.setHeader('Cache-Control', 'private, no-store')
        res.type('html').send(`<html>${SECRET}</html>`)
      })
      const blindServer = blind.listen(0, '127.0.0.1')
      await new Promise((resolve) => blindServer.once('listening', resolve))
      const blindBase = `http://127.0.0.1:${(blindServer.address() as AddressInfo).port}`
      for (let i = 0; i < 2; i++) {
        await (
          await fetch(`${blindBase}${threadPath}`, { headers: { Cookie: askerCookie } })
        ).text()
      }
      expect(blindCache.has(threadPath)).toBe(false)
      blindServer.close()
      // Visitors' page is kept, without the case.
      for (let i = 0; i < 2; i++) await (await fetch(`${base}${threadPath}`)).text()
      expect(cache.has(threadPath)).toBe(true)
      const kept = cache.get(threadPath)!
      const body = Buffer.concat(kept.pieces).toString('utf8')
      expect(body).toContain('billing address')
      expect(body).not.toContain(SECRET)
      expect(body).not.toContain(STAFF_SECRET)
      expect(sessionCookie).toBe('peerdesk_session')
    } finally {
      server.close()
    }
  })

  it('notifies the other side with no message text', () => {
    const kinds = (userId: number) =>
      db
        .select()
        .from(notifications)
        .where(
          and(eq(notifications.userId, userId), eq(notifications.kind, 'private_case_message')),
        )
        .all()
    // The asker's message told staff (nobody had taken part: the first staff members); staff's
    // reply told the asker.
    expect(kinds(staff.id).length).toBeGreaterThanOrEqual(1)
    const askerTold = kinds(asker.id)
    expect(askerTold).toHaveLength(1)
    expect(JSON.stringify(askerTold)).not.toContain(STAFF_SECRET)
    const mail = describeNotification({
      id: askerTold[0]!.id,
      kind: 'private_case_message',
      createdAt: askerTold[0]!.createdAt,
      actorName: staff.handle,
      questionTitle: TITLE,
      answerId: null,
      commentId: null,
      badgeName: null,
    })
    expect(mail.sentence).toBe(`There is a new message in your private case on “${TITLE}”.`)
    // Once staff took part, an asker's message goes to them, not to every staff member.
    const bystander = makeUser({ role: 'staff' })
    postPrivateCaseMessage(asker, question.id, `One more detail: ${SECRET}.`)
    expect(kinds(bystander.id)).toHaveLength(0)
    expect(kinds(staff.id).length).toBeGreaterThanOrEqual(2)
  })

  it('is solved by staff with a public summary answer that can be made official', async () => {
    const summary = 'We corrected the billing address on the account; it now shows correctly.'
    const solved = (await post(
      { intent: 'private-case-solve', summary },
      await cookieOf(staff),
    )) as Response
    expect(solved.status).toBe(302)
    const answer = db
      .select()
      .from(answers)
      .where(eq(answers.questionId, question.id))
      .all()
      .at(-1)!
    expect(solved.headers.get('Location')).toBe(`${threadPath}#answer-${answer.id}`)
    expect(answer).toMatchObject({ authorId: staff.id, bodyMd: summary })
    setOfficialAnswer(staff, answer.id, true)
    const q = db.select().from(questions).where(eq(questions.id, question.id)).get()!
    expect(q.officialAnswerId).toBe(answer.id)
    // A visitor sees the summary, not the case.
    const visitor = await threadData()
    expect(visitor.thread.answers.map((a) => a.id)).toContain(answer.id)
    expect(visitor.privateCase).toBeNull()
    // A solved case takes no more messages until it is opened again.
    expect(() => postPrivateCaseMessage(asker, question.id, 'Thanks!')).toThrow(FieldError)
    expect(() => solvePrivateCase(staff, question.id, summary)).toThrow(FieldError)
  })

  it('puts each step on the staff timeline, without the text', () => {
    const steps = questionTimelineSteps(question.id)
    // The summary answer was marked official after the case was solved (the test above).
    expect(steps.map((s) => s.kind)).toEqual([
      'private-case-opened',
      'private-case-solved',
      'official-marked',
    ])
    expect(steps[0]).toMatchObject({ actorHandle: asker.handle })
    expect(steps[1]).toMatchObject({ actorHandle: staff.handle })
    expect(JSON.stringify(steps)).not.toContain(SECRET)
    // Reopening is a step too.
    openPrivateCase(staff, question.id)
    expect(questionTimelineSteps(question.id).at(-1)).toMatchObject({
      kind: 'private-case-opened',
      detail: expect.objectContaining({ reopened: true }),
    })
  })

  it('reads and writes the case by index', () => {
    const fresh = makeQuestion(asker, {
      title: 'My doorbell subscription renewed twice this month',
      body: 'I was charged two times for the same month of the doorbell plan and need a refund.',
    })
    openPrivateCase(asker, fresh.id)
    const plans = plansOf(() => {
      // Nobody has taken part yet: the first staff members are told, read off users_role_idx.
      postPrivateCaseMessage(asker, fresh.id, 'My card ends in 4242.')
      privateCaseForViewer(staff, { id: question.id, author: { id: asker.id } })
    })
    expect(plans.length).toBeGreaterThan(0)
    for (const { sql, plan } of plans) {
      expect(scansIn(plan, ['private_cases', 'private_case_messages']), sql).toEqual([])
    }
  })
})
