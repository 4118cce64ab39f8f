// Notifications: who is told of what (never of their own acts), reading them, and the live
// stream that tells an open page about new posts and the unread count without a reload.
import { and, eq, ne } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { answers, comments, notifications, questions } from '#db/schema.ts'
import { startSession } from '#app/lib/auth.server.ts'
import { BADGES } from '#app/lib/badge-rules.ts'
import {
  eventStream,
  liveListenerCount,
  subscribeToThread,
  subscribeToUser,
  type NotificationsEvent,
  type ThreadEvent,
} from '#app/lib/live-events.server.ts'
import {
  createAnswer,
  editAnswer,
  setOfficialAnswer,
  toggleAcceptedAnswer,
} from '#app/models/answers.server.ts'
import { addComment } from '#app/models/comments.server.ts'
import { writeTransaction } from '#app/models/transaction.server.ts'
import {
  listNotificationsForDisplay,
  markAllNotificationsRead,
  markNotificationRead,
  notify,
  openNotification,
  unreadNotificationCount,
} from '#app/models/notifications.server.ts'
import { createQuestion, editQuestion } from '#app/models/questions.server.ts'
import {
  action as notificationsAction,
  loader as notificationsLoader,
} from '#app/routes/notifications.tsx'
import { loader as openLoader } from '#app/routes/notifications_.$id.open.ts'
import { loader as eventsLoader } from '#app/routes/resources.events.ts'
import { makeAnswer, makeQuestion, makeUser } from '#tests/fixtures/factories.ts'
import { contextFor, formRequest, ORIGIN } from '#tests/fixtures/requests.ts'

const COMMENT = 'That worked for me as well, thank you!'

/** What a user has been told by people, oldest first, as [kind, actor id] (badges aside). */
function told(userId: number) {
  return db
    .select({ kind: notifications.kind, actorId: notifications.actorId })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), ne(notifications.kind, 'badge_earned')))
    .orderBy(notifications.id)
    .all()
    .map((n) => [n.kind, n.actorId])
}

/** Someone's notifications as the page lists them, badges aside. */
function listed(userId: number) {
  return listNotificationsForDisplay(userId).items.filter((n) => n.kind !== 'badge_earned')
}

const member = (reputation = 0) => makeUser({ reputation })

async function cookieFor(user: { id: number }) {
  return (await startSession(user.id, new Request(ORIGIN))).split(';')[0]!
}

async function caught(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
  throw new Error('expected a thrown Response')
}

describe('who is notified of what', () => {
  it('tells the asker of an answer, but not of their own answer', () => {
    const asker = member()
    const helper = member()
    const q = makeQuestion(asker)
    const a = makeAnswer(helper, q.id)
    expect(told(asker.id)).toEqual([['answer_on_question', helper.id]])
    makeAnswer(asker, q.id, 'Answering my own question: the firmware update fixed it for me.')
    expect(told(asker.id)).toHaveLength(1)
    expect(told(helper.id)).toEqual([])
    const [n] = listed(asker.id)
    expect(n).toMatchObject({
      kind: 'answer_on_question',
      read: false,
      actor: { handle: helper.handle },
      question: { id: q.id, slug: q.slug },
      href: `/questions/${q.id}/${q.slug}#answer-${a.id}`,
    })
  })

  it('tells the author of the post commented on, not the commenter', () => {
    const asker = member()
    const helper = member()
    const bystander = member(100) // may comment anywhere
    const q = makeQuestion(asker)
    const a = makeAnswer(helper, q.id)
    const onQuestion = addComment(bystander, { questionId: q.id }, COMMENT)
    const onAnswer = addComment(bystander, { questionId: q.id, answerId: a.id }, COMMENT)
    addComment(asker, { questionId: q.id }, 'Adding: the hub is on firmware 2.4.1 now.')
    expect(told(asker.id)).toEqual([
      ['answer_on_question', helper.id],
      ['comment_on_post', bystander.id],
    ])
    expect(told(helper.id)).toEqual([['comment_on_post', bystander.id]])
    const hrefs = listed(helper.id).map((n) => n.href)
    expect(hrefs).toEqual([`/questions/${q.id}/${q.slug}#comment-${onAnswer.id}`])
    expect(listed(asker.id)[0]?.href).toBe(`/questions/${q.id}/${q.slug}#comment-${onQuestion.id}`)
  })

  it('tells the answerer when the asker accepts, not when accepting their own answer', () => {
    const asker = member()
    const helper = member()
    const q = makeQuestion(asker)
    const a = makeAnswer(helper, q.id)
    toggleAcceptedAnswer(asker, a.id)
    expect(told(helper.id)).toEqual([['answer_accepted', asker.id]])

    const own = makeAnswer(asker, q.id, 'What finally worked for me: a factory reset of the hub.')
    toggleAcceptedAnswer(asker, own.id)
    expect(told(asker.id).filter(([kind]) => kind === 'answer_accepted')).toEqual([])
  })

  it('tells the answerer when staff mark it official, not staff marking their own', () => {
    const asker = member()
    const helper = member()
    const staff = makeUser({ role: 'staff' })
    const q = makeQuestion(asker)
    const a = makeAnswer(helper, q.id)
    setOfficialAnswer(staff, a.id, true)
    expect(told(helper.id)).toEqual([['answer_official', staff.id]])

    const mine = makeAnswer(staff, q.id, 'Official word from Nimbus: firmware 2.5 fixes this bug.')
    setOfficialAnswer(staff, mine.id, true)
    expect(told(staff.id)).toEqual([])
  })

  it('records a badge from the system, with no actor, linking to the badge page', () => {
    const user = member()
    const badge = BADGES[0]!
    writeTransaction((tx) => {
      notify(tx, {
        userId: user.id,
        actorId: null,
        kind: 'badge_earned',
        badge: badge.slug,
        now: Date.now(),
      })
    })
    const [n] = listNotificationsForDisplay(user.id).items
    expect(n).toMatchObject({
      kind: 'badge_earned',
      actor: null,
      question: null,
      badge: { slug: badge.slug, name: badge.name },
    })
    expect(n?.href).toBe(`/badges/${badge.slug}`)
  })
})

describe('a notification whose thread was deleted', () => {
  it('stays listed but leads back to the list', () => {
    const asker = member()
    const q = makeQuestion(asker)
    makeAnswer(member(), q.id)
    db.update(questions).set({ deletedAt: Date.now() }).where(eq(questions.id, q.id)).run()
    expect(listed(asker.id)).toEqual([
      expect.objectContaining({
        kind: 'answer_on_question',
        question: null,
        href: '/notifications',
      }),
    ])
  })
})

describe('@mentions', () => {
  it('tells the people mentioned in a question, once, and links their handles', () => {
    const author = member()
    const maya = member()
    const leo = member()
    const q = createQuestion(author, {
      title: 'Which hub firmware fixes the Zigbee pairing loop?',
      body: `@${maya.handle} had this too, and @${leo.handle} might know. Not @nobody_here, not @${author.handle}, not \`@${leo.handle}\`.`,
      tags: ['hub'],
    })
    expect(told(maya.id)).toEqual([['mention', author.id]])
    expect(told(leo.id)).toEqual([['mention', author.id]])
    expect(told(author.id)).toEqual([])
    const html = db.select().from(questions).where(eq(questions.id, q.id)).get()?.bodyHtml
    expect(html).toContain(`<a href="/users/${maya.handle}" class="mention"`)
    expect(html).toContain('@nobody_here')
    expect(html).not.toContain('/users/nobody_here')
    expect(html).toContain(`<code>@${leo.handle}</code>`)

    // Edited: kept mentions are not told again; a new one is.
    const zoe = member()
    editQuestion(author, q.id, {
      title: 'Which hub firmware fixes the Zigbee pairing loop?',
      body: `@${maya.handle} had this too, and @${leo.handle} might know. So might @${zoe.handle}.`,
      tags: ['hub'],
    })
    expect(told(maya.id)).toHaveLength(1)
    expect(told(zoe.id)).toEqual([['mention', author.id]])
    const href = listed(zoe.id)[0]?.href
    expect(href).toBe(`/questions/${q.id}/${q.slug}`)
  })

  it('tells people mentioned in answers and comments, but not twice for one event', () => {
    const asker = member()
    const helper = member(100)
    const maya = member()
    const q = makeQuestion(asker)
    const a = createAnswer(
      helper,
      q.id,
      `@${asker.handle} try what @${maya.handle} posted last week: reset, then re-pair.`,
    )
    // The asker hears of the answer once, not also of the mention in it.
    expect(told(asker.id)).toEqual([['answer_on_question', helper.id]])
    expect(told(maya.id)).toEqual([['mention', helper.id]])
    expect(listed(maya.id)[0]?.href).toBe(`/questions/${q.id}/${q.slug}#answer-${a.id}`)
    const answerHtml = db.select().from(answers).where(eq(answers.id, a.id)).get()?.bodyHtml
    expect(answerHtml).toContain(`href="/users/${maya.handle}"`)

    editAnswer(helper, a.id, { body: `Still: ask @${maya.handle}, she fixed hers last week.` })
    expect(told(maya.id)).toHaveLength(1)

    const c = addComment(helper, { questionId: q.id, answerId: a.id }, `cc @${maya.handle} here`)
    expect(told(maya.id)).toEqual([
      ['mention', helper.id],
      ['mention', helper.id],
    ])
    expect(listed(maya.id)[0]?.href).toBe(`/questions/${q.id}/${q.slug}#comment-${c.id}`)
    const commentHtml = db.select().from(comments).where(eq(comments.id, c.id)).get()?.bodyHtml
    expect(commentHtml).toContain(`href="/users/${maya.handle}"`)
  })
})

describe('reading notifications', () => {
  /** Three answers to a new question of the asker: three unread notifications. */
  function threeFor(asker: ReturnType<typeof member>) {
    const q = makeQuestion(asker)
    markAllNotificationsRead(asker.id) // a badge for asking, if any, is not what this is about
    return [1, 2, 3].map(() => makeAnswer(member(), q.id))
  }

  it('marks one read, only for its owner, and then all', () => {
    const asker = member()
    threeFor(asker)
    expect(unreadNotificationCount(asker.id)).toBe(3)
    const [first, second] = listed(asker.id)
    expect(markNotificationRead(member().id, first!.id)).toBe(false)
    expect(markNotificationRead(asker.id, first!.id)).toBe(true)
    expect(unreadNotificationCount(asker.id)).toBe(2)
    expect(openNotification(asker.id, second!.id)).toBe(second!.href)
    expect(unreadNotificationCount(asker.id)).toBe(1)
    expect(markAllNotificationsRead(asker.id)).toBe(1)
    expect(unreadNotificationCount(asker.id)).toBe(0)
    expect(listNotificationsForDisplay(asker.id).items.every((n) => n.read)).toBe(true)
  })

  it('the page asks for a log-in, lists, and marks all read', async () => {
    const anonymous = new Request(`${ORIGIN}/notifications`)
    const toLogin = await caught(
      notificationsLoader({ request: anonymous, params: {}, context: await contextFor(anonymous) }),
    )
    expect(toLogin.headers.get('Location')).toBe('/login?redirectTo=%2Fnotifications')

    const asker = member()
    threeFor(asker)
    const cookie = await cookieFor(asker)
    const get = new Request(`${ORIGIN}/notifications`, { headers: { Cookie: cookie } })
    const page = await notificationsLoader({
      request: get,
      params: {},
      context: await contextFor(get),
    })
    expect(page.items.filter((n) => !n.read)).toHaveLength(3)
    expect(page.unread).toBe(3)

    const post = formRequest('/notifications', { intent: 'read-all' }, { cookie })
    const done = await notificationsAction({
      request: post,
      params: {},
      context: await contextFor(post),
    })
    expect(done).toBeInstanceOf(Response)
    expect((done as Response).headers.get('Location')).toBe('/notifications')
    expect(unreadNotificationCount(asker.id)).toBe(0)
  })

  it('following a notification marks it read and goes to the post; others get a 404', async () => {
    const asker = member()
    const [answer] = threeFor(asker)
    const n = listed(asker.id).at(-1)!
    const open = async (user: { id: number }, id: number) => {
      const request = new Request(`${ORIGIN}/notifications/${id}/open`, {
        headers: { Cookie: await cookieFor(user) },
      })
      return openLoader({ request, params: { id: String(id) }, context: await contextFor(request) })
    }
    expect((await caught(open(member(), n.id))).status).toBe(404)
    expect(unreadNotificationCount(asker.id)).toBe(3)
    const response = await open(asker, n.id)
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toMatch(new RegExp(`#answer-${answer!.id}$`))
    expect(unreadNotificationCount(asker.id)).toBe(2)
  })
})

describe('the live event bus', () => {
  it('hears answers and comments after their transaction, and notifications once it is over', async () => {
    const asker = member()
    const helper = member()
    const q = makeQuestion(asker)
    const threadEvents: ThreadEvent[] = []
    const userEvents: NotificationsEvent[] = []
    const offThread = subscribeToThread(q.id, (e) => threadEvents.push(e))
    const offUser = subscribeToUser(asker.id, (e) => userEvents.push(e))
    try {
      const a = makeAnswer(helper, q.id)
      expect(threadEvents).toEqual([
        expect.objectContaining({
          type: 'answer',
          questionId: q.id,
          answerId: a.id,
          actorId: helper.id,
        }),
      ])
      // The count is re-read once the transaction has committed, never while it runs.
      expect(userEvents).toEqual([{ type: 'notifications', userId: asker.id }])
      const c = addComment(helper, { questionId: q.id, answerId: a.id }, COMMENT)
      expect(threadEvents.at(-1)).toMatchObject({
        type: 'comment',
        commentId: c.id,
        answerId: a.id,
      })
    } finally {
      offThread()
      offUser()
    }
    expect(liveListenerCount()).toEqual({ threads: 0, users: 0, streams: 0 })
  })
})

/** Reads the event stream until `until` matches what came so far (or fails after 5 s). */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, until: RegExp) {
  const decoder = new TextDecoder()
  let text = ''
  const deadline = Date.now() + 5_000
  while (!until.test(text)) {
    if (Date.now() > deadline) throw new Error(`timed out; the stream said:\n${text}`)
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 250))
    const chunk = await Promise.race([reader.read(), timeout])
    if (chunk === 'timeout') continue
    if (chunk.done) throw new Error(`the stream ended; it said:\n${text}`)
    text += decoder.decode(chunk.value, { stream: true })
  }
  return text
}

describe('GET /resources/events', () => {
  async function connect(path: string, user?: { id: number }) {
    const controller = new AbortController()
    const headers: Record<string, string> = user ? { Cookie: await cookieFor(user) } : {}
    const request = new Request(`${ORIGIN}${path}`, { headers, signal: controller.signal })
    const response = await eventsLoader({ request, params: {}, context: await contextFor(request) })
    return { response, controller }
  }

  it('streams others’ new answers and the unread count, then lets go when the client leaves', async () => {
    const asker = member()
    const helper = member()
    const q = makeQuestion(asker)
    const { response, controller } = await connect(`/resources/events?thread=${q.id}`, asker)
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toMatch(/^text\/event-stream/)
    expect(response.headers.get('Cache-Control')).toBe('no-cache, no-transform')
    const reader = response.body!.getReader()
    expect(await readUntil(reader, /event: unread\ndata: \{"count":0\}/)).toMatch(/^retry: 5000/)
    expect(liveListenerCount()).toEqual({ threads: 1, users: 1, streams: 1 })

    // The asker's own comment is not news to them; the helper's answer is.
    addComment(asker, { questionId: q.id }, 'More detail: it started after the last update.')
    const a = makeAnswer(helper, q.id)
    const text = await readUntil(reader, /event: unread\ndata: \{"count":1\}/)
    expect(text).toContain(
      `id: ${db.select().from(answers).where(eq(answers.id, a.id)).get()?.createdAt}\nevent: answer\ndata: {"questionId":${q.id},"answerId":${a.id},"actorId":${helper.id},`,
    )
    expect(text).not.toContain('event: comment')

    controller.abort()
    expect(await reader.read()).toEqual({ done: true, value: undefined })
    expect(liveListenerCount()).toEqual({ threads: 0, users: 0, streams: 0 })
  })

  it('replays what was posted since the page was served', async () => {
    const asker = member()
    const q = makeQuestion(asker)
    const since = Date.now()
    const a = makeAnswer(member(), q.id)
    const { response, controller } = await connect(
      `/resources/events?thread=${q.id}&since=${since}`,
    )
    const reader = response.body!.getReader()
    expect(await readUntil(reader, /event: answer/)).toContain(`"answerId":${a.id}`)
    controller.abort()
    expect(liveListenerCount().streams).toBe(0)
  })

  it('sends heartbeats to keep the connection open', async () => {
    const controller = new AbortController()
    let unsubscribed = 0
    const response = eventStream(controller.signal, () => () => unsubscribed++, { heartbeatMs: 20 })
    const reader = response.body!.getReader()
    await readUntil(reader, /: heartbeat\n\n/)
    controller.abort()
    controller.abort()
    expect(unsubscribed).toBe(1)
  })

  it('answers 204 to a visitor with nothing to watch, 404 for an unknown thread, 400 for junk', async () => {
    expect((await connect('/resources/events')).response.status).toBe(204)
    expect((await connect('/resources/events?thread=999999')).response.status).toBe(404)
    expect((await connect('/resources/events?thread=abc')).response.status).toBe(400)
    expect(liveListenerCount().streams).toBe(0)
  })
})
