// Official answers stay true (issue 13, item 4), with an injected clock: a mark records who,
// when and its note (a bad note is refused and stores nothing); the re-verify list holds only
// marks last verified longer ago than the site's age, oldest first, by keyset pages; confirm and
// update verify again (off the list, through the unit of work), withdraw takes the mark off;
// each step is on the timeline; only staff may act; the list reads its index.
import { eq } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { officialMarks, questions } from '#db/schema.ts'
import { setOfficialAnswer } from '#app/models/answers.server.ts'
import { FieldError, PermissionError } from '#app/models/errors.server.ts'
import { onCommitted, type DomainEvent } from '#app/models/events.server.ts'
import {
  confirmOfficialAnswer,
  officialMarkOf,
  reverifyList,
  updateOfficialAnswer,
  withdrawOfficialAnswer,
} from '#app/models/official-answers.server.ts'
import { updateSiteSettings } from '#app/models/site-settings.server.ts'
import { getThread } from '#app/models/thread-view.server.ts'
import { questionTimelineSteps } from '#app/models/timeline.server.ts'
import { startSession } from '#app/lib/auth.server.ts'
import { action as threadAction } from '#app/routes/questions.$id.$slug.tsx'
import { loader as reverifyLoader } from '#app/routes/staff.reverify.tsx'
import { makeUser, pastAnswer, pastQuestion } from '#tests/fixtures/factories.ts'
import { contextFor, formRequest, ORIGIN, unwrap } from '#tests/fixtures/requests.ts'
import { plansOf, scansIn } from '#tests/fixtures/query-plans.ts'

const DAY = 24 * 3600_000
const T0 = Date.UTC(2025, 0, 6, 9, 0)

const asker = makeUser()
const answerer = makeUser()
const staff = makeUser({ role: 'staff' })
const otherStaff = makeUser({ role: 'staff' })
const admin = makeUser({ role: 'admin' })

let counter = 0
/** A thread with one community answer, both at `at`. */
function thread(at: number) {
  counter++
  const question = pastQuestion(
    asker,
    {
      title: `Why does the camera lose its Wi-Fi every night, case ${counter}?`,
      body: 'Every night at 2 am the camera drops off the network and needs a power cycle.',
      tags: ['camera'],
    },
    at,
  )
  const answer = pastAnswer(
    answerer,
    question.id,
    'Give the camera a fixed address on the router and turn off band steering.',
    at + 1,
  )
  return { questionId: question.id, answerId: answer.id }
}

const markRow = (questionId: number) =>
  db.select().from(officialMarks).where(eq(officialMarks.questionId, questionId)).get()
const officialOf = (questionId: number) =>
  db
    .select({ id: questions.officialAnswerId })
    .from(questions)
    .where(eq(questions.id, questionId))
    .get()?.id
const steps = (questionId: number) =>
  questionTimelineSteps(questionId).map((s) => ({ kind: s.kind, by: s.actorHandle, at: s.at }))
const listed = (now: number) => reverifyList({ now }).items.map((item) => item.questionId)

afterAll(() => updateSiteSettings(admin, { reverifyAfterDays: 180 }))

describe('an official mark', () => {
  it('records who marked it, when, and the note, with its timeline step', () => {
    const t = thread(T0)
    const at = T0 + 2 * DAY
    setOfficialAnswer(staff, t.answerId, true, at, { note: '  Firmware 4.2  and later ' })
    expect(markRow(t.questionId)).toMatchObject({
      answerId: t.answerId,
      markedBy: staff.id,
      markedAt: at,
      note: 'Firmware 4.2 and later',
      verifiedBy: staff.id,
      verifiedAt: at,
    })
    expect(steps(t.questionId)).toEqual([{ kind: 'official-marked', by: staff.handle, at }])
    expect(questionTimelineSteps(t.questionId)[0]?.detail).toEqual({
      answerId: t.answerId,
      note: 'Firmware 4.2 and later',
    })
    // The thread shows when staff verified it, and the note.
    expect(getThread(t.questionId, null)?.question.officialMark).toEqual({
      markedAt: at,
      verifiedAt: at,
      note: 'Firmware 4.2 and later',
    })
  })

  it('takes no note longer than 120 characters, and stores nothing then', () => {
    const t = thread(T0)
    let refused: unknown
    try {
      setOfficialAnswer(staff, t.answerId, true, T0 + DAY, { note: 'x'.repeat(121) })
    } catch (error) {
      refused = error
    }
    expect(refused).toBeInstanceOf(FieldError)
    expect((refused as FieldError).fieldErrors.note).toEqual([
      'The note must be at most 120 characters',
    ])
    expect(officialOf(t.questionId)).toBeNull()
    expect(markRow(t.questionId)).toBeUndefined()
    expect(steps(t.questionId)).toEqual([])
    // 120 is fine; no note at all is too.
    setOfficialAnswer(staff, t.answerId, true, T0 + DAY, { note: 'y'.repeat(120) })
    expect(markRow(t.questionId)?.note).toHaveLength(120)
  })

  it('refuses a long note on the thread page by its field, the text kept', async () => {
    const t = thread(T0)
    const cookie = (await startSession(staff.id, new Request(ORIGIN))).split(';')[0]!
    const path = `/questions/${t.questionId}/x`
    const note = 'n'.repeat(121)
    const fields = { intent: 'official', answerId: String(t.answerId), official: 'true', note }
    const request = formRequest(path, fields, { cookie })
    const params = { id: String(t.questionId), slug: 'x' }
    const reply = unwrap(
      await threadAction({ request, params, context: await contextFor(request) }),
    )
    expect(reply.status).toBe(400)
    expect(reply.data).toEqual({
      postKey: `official-note:${t.answerId}`,
      note,
      error: 'The note must be at most 120 characters',
    })
    expect(officialOf(t.questionId)).toBeNull()
    expect(markRow(t.questionId)).toBeUndefined()
  })

  it('is withdrawn with its step when staff remove the mark on the thread', () => {
    const t = thread(T0)
    setOfficialAnswer(staff, t.answerId, true, T0 + DAY)
    setOfficialAnswer(otherStaff, t.answerId, false, T0 + 3 * DAY)
    expect(markRow(t.questionId)).toBeUndefined()
    expect(getThread(t.questionId, null)?.question.officialMark).toBeNull()
    expect(steps(t.questionId).map((s) => s.kind)).toEqual([
      'official-marked',
      'official-withdrawn',
    ])
  })
})

describe('the re-verify list', () => {
  // Marks made at known days; the list is read 400 days after T0 (age: 180 days by default).
  const now = T0 + 400 * DAY
  const t: Record<string, { questionId: number; answerId: number }> = {}

  it('holds only marks older than the age, the oldest verification first', () => {
    // Whatever earlier tests marked (around T0) is older still: set it aside for this file.
    db.update(officialMarks).set({ verifiedAt: now }).run()
    for (const [name, day] of [
      ['fresh', 300],
      ['old', 100],
      ['oldest', 50],
      ['older', 80],
      ['justInside', 219],
      ['justOutside', 221],
    ] as const) {
      t[name] = thread(T0 + day * DAY - 10)
      setOfficialAnswer(staff, t[name].answerId, true, T0 + day * DAY, {
        note: name === 'old' ? 'App 3.1' : '',
      })
    }
    // 400 − 180 = day 220 is the edge: marked before it is due.
    expect(listed(now)).toEqual([
      t.oldest!.questionId,
      t.older!.questionId,
      t.old!.questionId,
      t.justInside!.questionId,
    ])
    const item = reverifyList({ now }).items.find((i) => i.questionId === t.old!.questionId)
    expect(item).toMatchObject({
      answerId: t.old!.answerId,
      title: expect.stringMatching(/^Why does the camera lose its Wi-Fi/),
      excerpt: 'Give the camera a fixed address on the router and turn off band steering.',
      note: 'App 3.1',
      markedBy: staff.handle,
      markedAt: T0 + 100 * DAY,
      verifiedBy: staff.handle,
      verifiedAt: T0 + 100 * DAY,
    })
    // The site's age decides: at 60 days the fresh one is due too.
    updateSiteSettings(admin, { reverifyAfterDays: 60 }, now)
    expect(listed(now)).toHaveLength(6)
    updateSiteSettings(admin, { reverifyAfterDays: 180 }, now)
    expect(listed(now)).toHaveLength(4)
  })

  it('pages by keyset, oldest first', () => {
    const first = reverifyList({ now, pageSize: 3 })
    expect(first.items.map((i) => i.questionId)).toEqual([
      t.oldest!.questionId,
      t.older!.questionId,
      t.old!.questionId,
    ])
    expect(first.next).toEqual({ verifiedAt: T0 + 100 * DAY, questionId: t.old!.questionId })
    const second = reverifyList({ now, pageSize: 3, after: first.next! })
    expect(second.items.map((i) => i.questionId)).toEqual([t.justInside!.questionId])
    expect(second.next).toBeNull()
  })

  it('confirm verifies it now, by me: off the list, through the unit of work', () => {
    const events: DomainEvent[] = []
    const stop = onCommitted((event) => events.push(event))
    try {
      confirmOfficialAnswer(otherStaff, t.oldest!, now)
    } finally {
      stop()
    }
    expect(listed(now)).not.toContain(t.oldest!.questionId)
    expect(markRow(t.oldest!.questionId)).toMatchObject({
      markedBy: staff.id,
      markedAt: T0 + 50 * DAY,
      verifiedBy: otherStaff.id,
      verifiedAt: now,
    })
    expect(getThread(t.oldest!.questionId, null)?.question.officialMark?.verifiedAt).toBe(now)
    // A thread event: the page cache drops the thread's cached HTML for it.
    expect(events).toMatchObject([
      {
        kind: 'thread',
        questionId: t.oldest!.questionId,
        change: { type: 'answer.official_verified', answerId: t.oldest!.answerId },
      },
    ])
    expect(steps(t.oldest!.questionId).at(-1)).toEqual({
      kind: 'official-verified',
      by: otherStaff.handle,
      at: now,
    })
    // Due again once the age has passed since the confirmation.
    expect(listed(now + 181 * DAY)).toContain(t.oldest!.questionId)
  })

  it('update changes the note and counts as verified; a bad note is a field error', () => {
    expect(() => updateOfficialAnswer(staff, t.old!, 'z'.repeat(121), now)).toThrow(FieldError)
    expect(markRow(t.old!.questionId)?.note).toBe('App 3.1')
    expect(listed(now)).toContain(t.old!.questionId)
    updateOfficialAnswer(staff, t.old!, 'App 4.0 and later', now + 1)
    expect(markRow(t.old!.questionId)).toMatchObject({
      note: 'App 4.0 and later',
      verifiedBy: staff.id,
      verifiedAt: now + 1,
    })
    expect(listed(now + 1)).not.toContain(t.old!.questionId)
    const last = questionTimelineSteps(t.old!.questionId).at(-1)
    expect(last).toMatchObject({
      kind: 'official-verified',
      detail: { answerId: t.old!.answerId, noteBefore: 'App 3.1', note: 'App 4.0 and later' },
    })
  })

  it('withdraw removes the official mark (its timeline step) and the row from the list', () => {
    withdrawOfficialAnswer(otherStaff, t.older!, now)
    expect(officialOf(t.older!.questionId)).toBeNull()
    expect(markRow(t.older!.questionId)).toBeUndefined()
    expect(listed(now)).not.toContain(t.older!.questionId)
    expect(steps(t.older!.questionId).at(-1)).toEqual({
      kind: 'official-withdrawn',
      by: otherStaff.handle,
      at: now,
    })
    // A withdrawn (or moved) mark can no longer be confirmed from a stale page.
    expect(() => confirmOfficialAnswer(staff, t.older!, now)).toThrow(/no longer the official/)
  })

  it('a deleted official answer leaves the list until it is undeleted', () => {
    // deletion.server.ts clears questions.official_answer_id: the mark no longer names it.
    db.update(questions)
      .set({ officialAnswerId: null })
      .where(eq(questions.id, t.justInside!.questionId))
      .run()
    expect(listed(now)).not.toContain(t.justInside!.questionId)
    db.update(questions)
      .set({ officialAnswerId: t.justInside!.answerId })
      .where(eq(questions.id, t.justInside!.questionId))
      .run()
    expect(listed(now)).toContain(t.justInside!.questionId)
  })

  it('only staff (and moderators, admins) may act or see it', async () => {
    const member = makeUser({ reputation: 50_000 })
    for (const act of [
      () => confirmOfficialAnswer(member, t.justInside!, now),
      () => updateOfficialAnswer(member, t.justInside!, 'mine', now),
      () => withdrawOfficialAnswer(member, t.justInside!, now),
    ]) {
      expect(act).toThrow(PermissionError)
    }
    expect(listed(now)).toContain(t.justInside!.questionId)
    confirmOfficialAnswer(makeUser({ role: 'moderator' }), t.justInside!, now)
    expect(listed(now)).not.toContain(t.justInside!.questionId)

    const request = new Request('http://peerdesk.test/staff/reverify')
    const args = (user: object | null) =>
      ({ request, params: {}, context: { user, ip: '203.0.113.7' } }) as never
    const refusal = await reverifyLoader(args({ ...member, displayName: 'm' })).catch(
      (thrown: unknown) => thrown,
    )
    expect((refusal as Response).status).toBe(403)
    const visitor = await reverifyLoader(args(null)).catch((thrown: unknown) => thrown)
    expect((visitor as Response).status).toBe(302)
    expect((visitor as Response).headers.get('Location')).toMatch(/^\/login\?redirectTo=/)
  })

  it('reads a page by its index, whatever the community', () => {
    const plans = plansOf(() => {
      const first = reverifyList({ now, pageSize: 1 })
      reverifyList({ now, pageSize: 1, after: first.next! })
      officialMarkOf(t.fresh!.questionId, t.fresh!.answerId)
    })
    const page = plans.find((p) => /FROM official_marks m INDEXED BY/.test(p.sql))
    expect(page?.plan).toMatch(
      /^SEARCH m USING INDEX official_marks_verified_idx \(verified_at>\? AND verified_at<\?\)/,
    )
    expect(page?.plan).not.toMatch(/TEMP B-TREE/)
    for (const { plan } of plans) expect(scansIn(plan, ['m', 'q', 'a', 'mk', 'vf'])).toEqual([])
    const look = plans.find((p) => /from "official_marks"/.test(p.sql))
    expect(look?.plan).toMatch(/^SEARCH official_marks USING INTEGER PRIMARY KEY \(rowid=\?\)$/)
  })
})
