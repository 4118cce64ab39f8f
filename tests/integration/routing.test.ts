// Expert routing with escalation (issue 13, item 2), with an injected clock and no sleeps: who a
// new question goes to first (and ties), round 2 at half the target only while unanswered,
// escalation at the target (escalated_at, staff told, the queue marks it), an answer dropping the
// rest, nobody told twice, routing off, a restart in the middle (no step lost, none repeated),
// the e-mail when SMTP is set, and the due-step look-up on its index.
import { and, asc, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import {
  emailOutbox,
  expertTags,
  notifications,
  questions,
  routingSteps,
  users,
} from '#db/schema.ts'
import { toggleAcceptedAnswer } from '#app/models/answers.server.ts'
import { deliverDueEmails } from '#app/models/email.server.ts'
import { FieldError, PermissionError } from '#app/models/errors.server.ts'
import { createQuestion } from '#app/models/questions.server.ts'
import {
  dueRoutingStepIds,
  expertTagNames,
  setExpertTags,
  staffTimelineFor,
  startRoutingJob,
  takeDueRoutingSteps,
  takeRoutingStep,
} from '#app/models/routing.server.ts'
import { updateSiteSettings } from '#app/models/site-settings.server.ts'
import { staffQueue } from '#app/models/staff-queue.server.ts'
import { writeTransaction } from '#app/models/transaction.server.ts'
import { questionTimelineSteps } from '#app/models/timeline.server.ts'
import { makeUser, pastAnswer, pastQuestion } from '#tests/fixtures/factories.ts'
import { plansOf, scansIn } from '#tests/fixtures/query-plans.ts'
import { smtpSettingsFor, startTestSmtp, type TestSmtp } from '#tests/fixtures/smtp.ts'

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
const TARGET = 60 // minutes: round 2 at 30, escalation at 60
const admin = makeUser({ role: 'admin' })

let counter = 0
/** Each test's own day, so the steps of one test are long done before the next one's clock. */
let day = Date.UTC(2026, 2, 2, 9, 0)
const nextDay = () => (day += 2 * DAY)

/** A tag that questions already use (experts may only choose those). */
function tagInUse(): string {
  const name = `router${++counter}`
  pastQuestion(
    makeUser(),
    {
      title: `An old question that uses the tag ${name}`,
      body: `A question from the community's past, so that the tag ${name} exists.`,
      tags: [name],
    },
    day - DAY,
  )
  return name
}

function expert(tagNames: string, opts: { reputation?: number; role?: 'staff' } = {}) {
  const user = makeUser({ reputation: opts.reputation ?? 1_500, role: opts.role ?? 'member' })
  setExpertTags(user, tagNames, day - DAY)
  return user
}

/** A question asked now (not history: routing ignores replays of the past). */
function ask(tagList: string[], at: number, asker = makeUser()) {
  counter++
  return createQuestion(
    asker,
    {
      title: `Why does the hub drop off the network, case ${counter}?`,
      body: `Every evening the hub goes offline for a minute and the app says so (case ${counter}).`,
      tags: tagList,
    },
    at,
  ).id
}

/** Who routing told of the question, in the order they were told. */
function told(questionId: number, kind: 'question_routed' | 'question_escalated') {
  return db
    .select({ userId: notifications.userId })
    .from(notifications)
    .where(and(eq(notifications.questionId, questionId), eq(notifications.kind, kind)))
    .orderBy(asc(notifications.id))
    .all()
    .map((row) => row.userId)
}

const handlesOf = (...people: { handle: string }[]) => people.map((p) => p.handle)

function timeline(questionId: number) {
  return questionTimelineSteps(questionId)
    .filter((step) => step.kind === 'routed' || step.kind === 'escalated')
    .map((step) => ({ kind: step.kind, at: step.at, notified: step.detail?.notified }))
}

function steps(questionId: number) {
  return db
    .select({
      step: routingSteps.step,
      dueAt: routingSteps.dueAt,
      takenAt: routingSteps.takenAt,
      outcome: routingSteps.outcome,
      dropReason: routingSteps.dropReason,
    })
    .from(routingSteps)
    .where(eq(routingSteps.questionId, questionId))
    .orderBy(asc(routingSteps.id))
    .all()
}

const stepId = (questionId: number, step: 'round-1' | 'round-2' | 'escalation') =>
  db
    .select({ id: routingSteps.id })
    .from(routingSteps)
    .where(and(eq(routingSteps.questionId, questionId), eq(routingSteps.step, step)))
    .get()?.id

const escalatedAt = (questionId: number) =>
  db.select({ at: questions.escalatedAt }).from(questions).where(eq(questions.id, questionId)).get()
    ?.at

beforeAll(() => {
  updateSiteSettings(admin, {
    routingEnabled: true,
    expertsPerRound: 3,
    firstResponseTargetMinutes: TARGET,
  })
})

/** The field error a bad "Tags I answer" value gets. */
function expertTagsError(run: () => unknown) {
  try {
    run()
  } catch (error) {
    if (error instanceof FieldError) return error.fieldErrors.expertTags?.join(' ')
    throw error
  }
  throw new Error('accepted')
}

describe('opting in', () => {
  it('takes existing tags from citizen experts and staff, and refuses the rest by field', () => {
    const tag = tagInUse()
    const other = tagInUse()
    const citizen = makeUser({ reputation: 1_000 })
    expect(setExpertTags(citizen, `${other}, ${tag}  ${tag}`)).toEqual([tag, other].sort())
    expect(expertTagNames(citizen.id)).toEqual([tag, other].sort())

    expect(expertTagsError(() => setExpertTags(citizen, `${tag} no-such-tag-here`))).toMatch(
      /No such tag: “no-such-tag-here”/,
    )
    const tooMany = Array.from({ length: 11 }, (_, i) => `${tag}x${i}`).join(' ')
    expect(expertTagsError(() => setExpertTags(citizen, tooMany))).toBe('Choose at most 10 tags')
    expect(expertTagNames(citizen.id)).toEqual([tag, other].sort()) // nothing stored

    expect(() => setExpertTags(makeUser({ reputation: 999 }), tag)).toThrow(PermissionError)
    const staff = makeUser({ role: 'staff', reputation: 1 })
    expect(setExpertTags(staff, tag)).toEqual([tag])
    expect(setExpertTags(citizen, '')).toEqual([])
    expect(expertTagNames(citizen.id)).toEqual([])
  })
})

describe('routing a new question', () => {
  it('asks the best experts of its tags first, then the next at half the target', () => {
    const t = nextDay()
    const tag = tagInUse()
    // Accepted answers in the tag count first: this expert has the least reputation.
    const solver = expert(tag, { reputation: 1_200 })
    const pastAsker = makeUser()
    const old = pastQuestion(
      pastAsker,
      {
        title: `How do I pair the sensor again, in ${tag}?`,
        body: 'The sensor lost its pairing after the battery change and will not pair again.',
        tags: [tag],
      },
      t - DAY,
    ).id
    const solved = pastAnswer(
      solver,
      old,
      'Hold the pairing button for ten seconds, then add it again in the app.',
      t - DAY,
    )
    toggleAcceptedAnswer(pastAsker, solved.id, t - DAY)
    const mostReputation = expert(tag, { reputation: 5_000 })
    // A tie on everything: the older account goes first.
    const tiedOlder = expert(tag, { reputation: 3_000 })
    const tiedNewer = expert(tag, { reputation: 3_000 })
    const staffExpert = expert(tag, { role: 'staff', reputation: 1 })
    const asker = expert(tag, { reputation: 9_000 })
    const suspended = expert(tag, { reputation: 9_000 })
    db.update(users)
      .set({ status: 'suspended', suspendedUntil: t + DAY })
      .where(eq(users.id, suspended.id))
      .run()
    // Opted in once, then lost the reputation: no longer an expert.
    const fallen = expert(tag, { reputation: 1_000 })
    db.update(users).set({ reputation: 900 }).where(eq(users.id, fallen.id)).run()
    const elsewhere = expert(tagInUse(), { reputation: 8_000 })

    const q = ask([tag], t, asker)
    expect(steps(q).map((s) => [s.step, s.dueAt, s.takenAt])).toEqual([
      ['round-1', t, null],
      ['round-2', t + 30 * MINUTE, null],
      ['escalation', t + 60 * MINUTE, null],
    ])
    expect(told(q, 'question_routed')).toEqual([])

    takeDueRoutingSteps(t)
    expect(told(q, 'question_routed')).toEqual([solver.id, mostReputation.id, tiedOlder.id])
    expect(timeline(q)).toEqual([
      { kind: 'routed', at: t, notified: handlesOf(solver, mostReputation, tiedOlder) },
    ])

    takeDueRoutingSteps(t + 30 * MINUTE - 1)
    expect(told(q, 'question_routed')).toHaveLength(3) // not yet half the target

    takeDueRoutingSteps(t + 30 * MINUTE)
    expect(told(q, 'question_routed')).toEqual([
      solver.id,
      mostReputation.id,
      tiedOlder.id,
      tiedNewer.id,
      staffExpert.id,
    ])
    expect(timeline(q)[1]).toEqual({
      kind: 'routed',
      at: t + 30 * MINUTE,
      notified: handlesOf(tiedNewer, staffExpert),
    })
    for (const never of [asker, suspended, fallen, elsewhere]) {
      expect(told(q, 'question_routed')).not.toContain(never.id)
    }
    // The notification leads to the thread and names the asker.
    const note = db
      .select()
      .from(notifications)
      .where(and(eq(notifications.questionId, q), eq(notifications.userId, solver.id)))
      .get()
    expect(note).toMatchObject({ kind: 'question_routed', actorId: asker.id, answerId: null })
  })

  it('escalates at the target when still unanswered: escalated_at, staff told, the queue marks it', () => {
    const t = nextDay()
    const tag = tagInUse()
    const only = expert(tag)
    const staff = makeUser({ role: 'staff' })
    const q = ask([tag], t)

    takeDueRoutingSteps(t)
    takeDueRoutingSteps(t + 30 * MINUTE) // round 2 finds nobody new: an empty round on the timeline
    takeDueRoutingSteps(t + 60 * MINUTE - 1)
    expect(escalatedAt(q)).toBeNull()
    expect(told(q, 'question_escalated')).toEqual([])

    takeDueRoutingSteps(t + 60 * MINUTE)
    expect(escalatedAt(q)).toBe(t + 60 * MINUTE)
    expect(told(q, 'question_escalated')).toContain(staff.id)
    expect(told(q, 'question_escalated')).toContain(admin.id)
    expect(told(q, 'question_routed')).toEqual([only.id])
    const rows = timeline(q)
    expect(rows.map((r) => [r.kind, r.at])).toEqual([
      ['routed', t],
      ['routed', t + 30 * MINUTE],
      ['escalated', t + 60 * MINUTE],
    ])
    expect(rows[1]!.notified).toEqual([])
    expect(rows[2]!.notified).toContain(staff.handle)
    expect(steps(q).map((s) => s.outcome)).toEqual(['routed', 'routed', 'escalated'])

    const queued = staffQueue({ status: 'escalated', tag, now: t + 61 * MINUTE }).items
    expect(queued.map((item) => [item.id, item.escalatedAt])).toEqual([[q, t + 60 * MINUTE]])
  })

  it('drops the remaining steps once the question has an answer', () => {
    const t = nextDay()
    const tag = tagInUse()
    const first = expert(tag, { reputation: 4_000 })
    const second = expert(tag, { reputation: 2_000 })
    updateSiteSettings(admin, { expertsPerRound: 1 })
    try {
      const q = ask([tag], t)
      takeDueRoutingSteps(t)
      expect(told(q, 'question_routed')).toEqual([first.id])
      pastAnswer(
        first,
        q,
        'Move the hub away from the microwave, it shares the band.',
        t + 5 * MINUTE,
      )

      takeDueRoutingSteps(t + 30 * MINUTE)
      takeDueRoutingSteps(t + 60 * MINUTE)
      expect(told(q, 'question_routed')).toEqual([first.id])
      expect(told(q, 'question_routed')).not.toContain(second.id)
      expect(escalatedAt(q)).toBeNull()
      expect(told(q, 'question_escalated')).toEqual([])
      expect(steps(q).map((s) => [s.outcome, s.dropReason])).toEqual([
        ['routed', null],
        ['dropped', 'answered'],
        ['dropped', 'answered'],
      ])
      expect(timeline(q).map((r) => r.kind)).toEqual(['routed'])
    } finally {
      updateSiteSettings(admin, { expertsPerRound: 3 })
    }
  })

  it('never tells the same person twice about one question', () => {
    const t = nextDay()
    const hub = tagInUse()
    const wifi = tagInUse()
    const both = expert(`${hub} ${wifi}`, { reputation: 6_000 })
    const staffExpert = expert(hub, { role: 'staff' })
    const q = ask([hub, wifi], t)

    takeDueRoutingSteps(t)
    takeDueRoutingSteps(t + 30 * MINUTE)
    takeDueRoutingSteps(t + 60 * MINUTE)
    // Opted in to both tags: one notification. The staff expert was routed, so the escalation
    // does not tell them again.
    expect(told(q, 'question_routed')).toEqual([both.id, staffExpert.id])
    expect(told(q, 'question_escalated')).not.toContain(staffExpert.id)
    const everyone = [...told(q, 'question_routed'), ...told(q, 'question_escalated')]
    expect(new Set(everyone).size).toBe(everyone.length)
  })

  it('does nothing while routing is off, and drops a schedule when it is turned off', () => {
    const t = nextDay()
    const tag = tagInUse()
    const someone = expert(tag)
    updateSiteSettings(admin, { routingEnabled: false })
    let before: number
    try {
      before = ask([tag], t)
      expect(steps(before)).toEqual([])
    } finally {
      updateSiteSettings(admin, { routingEnabled: true })
    }
    const q = ask([tag], t)
    takeDueRoutingSteps(t)
    expect(told(q, 'question_routed')).toEqual([someone.id])
    updateSiteSettings(admin, { routingEnabled: false })
    try {
      takeDueRoutingSteps(t + 60 * MINUTE)
    } finally {
      updateSiteSettings(admin, { routingEnabled: true })
    }
    takeDueRoutingSteps(t + 60 * MINUTE)
    expect(escalatedAt(q)).toBeNull()
    expect(steps(q).map((s) => s.dropReason)).toEqual([null, 'routing off', 'routing off'])
    expect(told(before, 'question_routed')).toEqual([])
  })

  it('leaves imported history and replays of the past alone', () => {
    const t = nextDay()
    const tag = tagInUse()
    expert(tag)
    const replay = pastQuestion(
      makeUser(),
      {
        title: 'A question the demo seed replays from the past',
        body: 'This happened long ago and nobody should be asked about it today.',
        tags: [tag],
      },
      t,
    ).id
    expect(steps(replay)).toEqual([])
  })
})

describe('the routing job', () => {
  it('takes each step exactly once, with two jobs ticking at the same time', async () => {
    const t = nextDay()
    const tag = tagInUse()
    const a = expert(tag, { reputation: 3_000 })
    const b = expert(tag, { reputation: 2_000 })
    const q = ask([tag], t)
    const clock = () => t
    const one = startRoutingJob({ clock, intervalMs: DAY })
    const two = startRoutingJob({ clock, intervalMs: DAY })
    try {
      await Promise.all([one.runOnce(), two.runOnce(), one.runOnce()])
    } finally {
      await one.stop()
      await two.stop()
    }
    expect(told(q, 'question_routed')).toEqual([a.id, b.id])
    expect(timeline(q)).toHaveLength(1)
    // The claim: a step already taken is never taken again.
    expect(takeRoutingStep(stepId(q, 'round-1')!, t + MINUTE)).toBeNull()
    expect(timeline(q)).toHaveLength(1)
  })

  it('loses no step and repeats none across a restart', async () => {
    const t = nextDay()
    const tag = tagInUse()
    const experts = [5_000, 4_000, 3_000, 2_000].map((reputation) => expert(tag, { reputation }))
    const staff = makeUser({ role: 'staff' })
    updateSiteSettings(admin, { expertsPerRound: 2 })
    try {
      const q = ask([tag], t)
      let now = t
      const before = startRoutingJob({ clock: () => now, intervalMs: DAY })
      await before.runOnce()
      expect(told(q, 'question_routed')).toEqual([experts[0]!.id, experts[1]!.id])
      await before.stop()
      now = t + 20 * MINUTE
      expect(await before.runOnce()).toBe(0) // stopped

      // A process that dies in the middle of round 2 (its transaction never commits) leaves it due.
      const roundTwo = stepId(q, 'round-2')
      expect(dueRoutingStepIds(t + 30 * MINUTE)).toContain(roundTwo)
      expect(() =>
        writeTransaction(() => {
          expect(takeRoutingStep(roundTwo!, t + 30 * MINUTE)).toMatchObject({ outcome: 'routed' })
          throw new Error('the process died here')
        }),
      ).toThrow('the process died here')
      expect(told(q, 'question_routed')).toHaveLength(2)
      expect(steps(q)[1]!.takenAt).toBeNull()

      // Down for a long while: the new process's first pass finds both steps due.
      let later = t + 3 * 60 * MINUTE
      const after = startRoutingJob({ clock: () => later, intervalMs: DAY })
      try {
        await after.runOnce()
        later += MINUTE
        await after.runOnce()
      } finally {
        await after.stop()
      }
      expect(told(q, 'question_routed')).toEqual(experts.map((e) => e.id))
      expect(told(q, 'question_escalated')).toContain(staff.id)
      expect(escalatedAt(q)).toBe(t + 3 * 60 * MINUTE)
      expect(timeline(q).map((r) => [r.kind, r.at])).toEqual([
        ['routed', t],
        ['routed', t + 3 * 60 * MINUTE],
        ['escalated', t + 3 * 60 * MINUTE],
      ])
      expect(steps(q).every((s) => s.takenAt != null)).toBe(true)
    } finally {
      updateSiteSettings(admin, { expertsPerRound: 3 })
    }
  })

  it('finds due steps on their index, and routes off keyed look-ups', () => {
    const t = nextDay()
    const tag = tagInUse()
    expert(tag)
    const q = ask([tag], t)
    const due = plansOf(() => dueRoutingStepIds(t))
    expect(due).toHaveLength(1)
    expect(due[0]!.plan).toMatch(/routing_steps USING (COVERING )?INDEX routing_steps_due_idx/)
    expect(due[0]!.plan).not.toMatch(/TEMP B-TREE/)

    const pass = plansOf(() => takeDueRoutingSteps(t + 60 * MINUTE))
    expect(told(q, 'question_routed')).toHaveLength(1)
    const routingQueries = pass.filter((p) => /expert_tags|routing_notified/.test(p.sql))
    expect(routingQueries.length).toBeGreaterThan(0)
    for (const { plan } of routingQueries) {
      expect(scansIn(plan, ['qt', 'e', 'ta', 'r'])).toEqual([])
    }
  })
})

describe('routing by e-mail', () => {
  let smtp: TestSmtp
  beforeAll(async () => {
    smtp = await startTestSmtp()
  })
  afterAll(async () => {
    updateSiteSettings(admin, { smtp: null })
    await smtp.close()
  })

  it('queues the expert’s e-mail with the notification when SMTP is set', async () => {
    updateSiteSettings(admin, {
      smtp: smtpSettingsFor(smtp),
    })
    const t = nextDay()
    const tag = tagInUse()
    const mailable = expert(tag)
    // Mail goes only to accounts someone can log in to.
    db.update(users).set({ passwordHash: 'set' }).where(eq(users.id, mailable.id)).run()
    const q = ask([tag], t)
    takeDueRoutingSteps(t)
    expect(told(q, 'question_routed')).toEqual([mailable.id])
    const queued = db
      .select({ subject: emailOutbox.subject, to: emailOutbox.toAddress })
      .from(emailOutbox)
      .where(inArray(emailOutbox.userId, [mailable.id]))
      .all()
    expect(queued).toEqual([
      {
        subject: expect.stringContaining('A question for you') as string,
        to: expect.any(String) as string,
      },
    ])
    await deliverDueEmails({ clock: () => t + MINUTE })
    const mail = smtp.received.find((m) => m.subject?.includes('A question for you'))
    expect(mail?.text).toContain('in a tag you answer')
    expect(mail?.text).toContain('/notifications/')
  })
})

describe('the pages routing adds to', () => {
  it('reads the staff timeline and an expert’s tags by key', () => {
    const t = nextDay()
    const tag = tagInUse()
    const someone = expert(tag)
    const q = ask([tag], t)
    takeDueRoutingSteps(t)
    const staff = makeUser({ role: 'staff' })
    let shown: ReturnType<typeof staffTimelineFor> = null
    const page = plansOf(() => {
      shown = staffTimelineFor(staff, q)
      expertTagNames(someone.id)
    })
    expect(shown).toEqual([
      expect.objectContaining({ kind: 'routed', round: 1, notified: [someone.handle] }),
    ])
    expect(page.length).toBeGreaterThan(0)
    for (const { plan } of page)
      expect(scansIn(plan, ['question_timeline', 'expert_tags'])).toEqual([])
    // Members and visitors get nothing.
    expect(staffTimelineFor(someone, q)).toBeNull()
    expect(staffTimelineFor(null, q)).toBeNull()
  })

  it('keeps expert_tags keyed by tag', () => {
    const plans = plansOf(() => {
      db.select().from(expertTags).where(eq(expertTags.tagId, 1)).all()
    })
    expect(plans[0]!.plan).toMatch(/USING (COVERING )?INDEX expert_tags_tag_idx/)
  })
})
