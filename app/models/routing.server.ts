// Expert routing with escalation (issue 13, item 2). Citizen experts (and staff) choose the tags
// they answer (expert_tags). A question asked now gets a durable schedule in its own transaction
// (routing_steps): round 1 at once, round 2 at half the first-response target, escalation at the
// target. The routing job on the leading process takes the due steps with its clock, each in its
// own transaction that first claims it, so a step happens exactly once however many ticks or
// restarts come between. Everyone told is kept in routing_notified: nobody is told twice about
// one question. Each step writes its row on the question's staff timeline.
//
// A step whose question meanwhile got a live answer, was closed, resolved or deleted, or that
// comes due while routing is off, is dropped with the question's remaining steps — silently on
// the timeline (the answer or the close is already on the thread; routing_steps keeps why).
import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm'
import { db, type Tx } from '#db/client.server.ts'
import {
  expertTags,
  questions,
  questionTags,
  routingNotified,
  routingSteps,
  tags,
  users,
  type RoutingStepKind,
  type TimelineKind,
} from '#db/schema.ts'
import { isCitizenExpert, isStaff, PRIVILEGES } from '#app/lib/privileges.ts'
import { splitTags } from '#app/validation/posts.ts'
import { EXPERT_TAGS_MAX } from '#app/validation/profile.ts'
import { FieldError, PermissionError } from './errors.server.ts'
import type { ThreadEvent } from './events.server.ts'
import { notify } from './notifications.server.ts'
import type { WriteActor } from './permissions.server.ts'
import { getSiteSettings } from './site-settings.server.ts'
import { questionTimelineSteps, recordTimeline } from './timeline.server.ts'
import { afterCommit, writeTransaction } from './transaction.server.ts'

const MINUTE = 60_000
/** The most staff members one escalation notifies (the first by role, then the oldest accounts). */
export const ESCALATION_STAFF_MAX = 20
/** Steps one job pass takes before it yields; the next tick takes the rest. */
const STEPS_PER_PASS = 100

// ── Opting in ───────────────────────────────────────────────────────────────────────────────

/** Who may opt in: citizen experts by reputation, and staff whatever their reputation. */
export const canOptInAsExpert = (actor: Pick<WriteActor, 'role' | 'reputation'>) =>
  isStaff(actor) || isCitizenExpert(actor.reputation)

/** The tags a member answers, by name. */
export function expertTagNames(userId: number): string[] {
  return db
    .select({ name: tags.name })
    .from(expertTags)
    .innerJoin(tags, eq(tags.id, expertTags.tagId))
    .where(eq(expertTags.userId, userId))
    .orderBy(asc(tags.name))
    .all()
    .map((row) => row.name)
}

/**
 * Checks what the expert typed ("billing, hub  wifi"): existing tags only, at most
 * EXPERT_TAGS_MAX. Throws a FieldError on `field` before anything is written; gives the tags.
 */
export function parseExpertTags(
  actor: Pick<WriteActor, 'role' | 'reputation'>,
  input: string,
  field = 'expertTags',
): { id: number; name: string }[] {
  const names = splitTags(input)
  if (names.length === 0) return []
  if (!canOptInAsExpert(actor)) {
    throw new PermissionError(
      `You need ${PRIVILEGES.citizenExpert.toLocaleString('en-US')} reputation to answer tags as an expert.`,
    )
  }
  if (names.length > EXPERT_TAGS_MAX) {
    throw new FieldError({ [field]: [`Choose at most ${EXPERT_TAGS_MAX} tags`] })
  }
  const found = db
    .select({ id: tags.id, name: tags.name })
    .from(tags)
    .where(inArray(tags.name, names))
    .all()
  const known = new Set(found.map((t) => t.name))
  const unknown = names.filter((name) => !known.has(name))
  if (unknown.length > 0) {
    const list = unknown.map((name) => `“${name}”`).join(', ')
    throw new FieldError({
      [field]: [`No such tag: ${list}. Choose tags that questions already use.`],
    })
  }
  return found
}

/** Replaces the tags the member answers (validated first: see parseExpertTags). */
export function setExpertTags(
  actor: Pick<WriteActor, 'id' | 'role' | 'reputation'>,
  input: string,
  now = Date.now(),
) {
  const chosen = parseExpertTags(actor, input)
  writeTransaction((tx) => {
    tx.delete(expertTags).where(eq(expertTags.userId, actor.id)).run()
    if (chosen.length > 0) {
      tx.insert(expertTags)
        .values(chosen.map((tag) => ({ userId: actor.id, tagId: tag.id, createdAt: now })))
        .run()
    }
  })
  return chosen.map((tag) => tag.name).sort()
}

// ── The schedule ────────────────────────────────────────────────────────────────────────────

/** Local jobs to wake when a question is asked (the app's job; tests tick theirs by hand). */
const wakeOnAsk = new Set<() => void>()

/**
 * The in-transaction reaction to a question asked now (subscribers.server.ts): its schedule,
 * when routing is on. Imported history and replays of the past (the demo seed) are not routed.
 */
export function scheduleRouting(tx: Tx, event: ThreadEvent) {
  if (event.imported || event.change.type !== 'question.asked' || event.change.history) return
  const settings = getSiteSettings(tx)
  if (!settings.routingEnabled) return
  // The target as it is now: a later change of the setting leaves written schedules alone.
  const target = settings.firstResponseTargetMinutes * MINUTE
  const at = event.at
  tx.insert(routingSteps)
    .values([
      { questionId: event.questionId, step: 'round-1', dueAt: at },
      { questionId: event.questionId, step: 'round-2', dueAt: at + Math.round(target / 2) },
      { questionId: event.questionId, step: 'escalation', dueAt: at + target },
    ])
    .onConflictDoNothing()
    .run()
  if (wakeOnAsk.size > 0) afterCommit(() => wakeOnAsk.forEach((wake) => wake()))
}

/** The ids of the steps due at `now`, soonest first (routing_steps_due_idx). */
export function dueRoutingStepIds(now: number, limit = STEPS_PER_PASS): number[] {
  return db
    .select({ id: routingSteps.id })
    .from(routingSteps)
    .where(and(isNull(routingSteps.takenAt), lte(routingSteps.dueAt, now)))
    .orderBy(asc(routingSteps.dueAt), asc(routingSteps.id))
    .limit(limit)
    .all()
    .map((row) => row.id)
}

type StepResult =
  { outcome: 'routed' | 'escalated'; userIds: number[] } | { outcome: 'dropped'; reason: string }

/**
 * Takes one step in its own transaction: claims it (a step someone else took, or one already
 * dropped, is left alone: null), then routes, escalates or drops it. The claim and what the step
 * does commit together, so a crash in between leaves the step due, not half done.
 */
export function takeRoutingStep(stepId: number, now: number): StepResult | null {
  return writeTransaction((tx) => {
    const step = tx
      .update(routingSteps)
      .set({ takenAt: now })
      .where(and(eq(routingSteps.id, stepId), isNull(routingSteps.takenAt)))
      .returning({ questionId: routingSteps.questionId, step: routingSteps.step })
      .get()
    if (!step) return null
    const result = doStep(tx, step.questionId, step.step, now)
    tx.update(routingSteps)
      .set({
        outcome: result.outcome,
        dropReason: result.outcome === 'dropped' ? result.reason : null,
      })
      .where(eq(routingSteps.id, stepId))
      .run()
    if (result.outcome === 'dropped') {
      // The rest of the schedule goes with it: nothing more to route for this question.
      tx.update(routingSteps)
        .set({ takenAt: now, outcome: 'dropped', dropReason: result.reason })
        .where(and(eq(routingSteps.questionId, step.questionId), isNull(routingSteps.takenAt)))
        .run()
    }
    return result
  })
}

/** Why the question needs no more routing, or null while it still waits for an answer. */
function noLongerWaiting(
  question: { deletedAt: number | null; status: string; answerCount: number },
  routingEnabled: boolean,
): string | null {
  if (!routingEnabled) return 'routing off'
  if (question.deletedAt != null) return 'deleted'
  if (question.status === 'closed' || question.status === 'duplicate') return 'closed'
  if (question.answerCount > 0 || question.status !== 'open') return 'answered'
  return null
}

function doStep(tx: Tx, questionId: number, kind: RoutingStepKind, now: number): StepResult {
  const settings = getSiteSettings(tx)
  const question = tx
    .select({
      authorId: questions.authorId,
      deletedAt: questions.deletedAt,
      status: questions.status,
      answerCount: questions.answerCount,
      escalatedAt: questions.escalatedAt,
    })
    .from(questions)
    .where(eq(questions.id, questionId))
    .get()
  if (!question) return { outcome: 'dropped', reason: 'deleted' }
  const reason = noLongerWaiting(question, settings.routingEnabled)
  if (reason) return { outcome: 'dropped', reason }

  if (kind === 'escalation') {
    const staff = staffToTell(tx, questionId, question.authorId, now)
    // Not a thread write (changeThread): only staff see escalated_at, on the queue and here.
    tx.update(questions)
      .set({ escalatedAt: question.escalatedAt ?? now })
      .where(eq(questions.id, questionId))
      .run()
    tell(tx, { questionId, kind, userIds: staff.map((s) => s.id), actorId: null, now })
    recordTimeline(tx, {
      questionId,
      kind: 'escalated',
      actorId: null,
      at: now,
      detail: {
        step: kind,
        targetMinutes: settings.firstResponseTargetMinutes,
        notified: staff.map((s) => s.handle),
      },
    })
    return { outcome: 'escalated', userIds: staff.map((s) => s.id) }
  }

  const experts = nextExperts(tx, questionId, question.authorId, settings.expertsPerRound, now)
  tell(tx, {
    questionId,
    kind,
    userIds: experts.map((e) => e.id),
    actorId: question.authorId,
    now,
  })
  recordTimeline(tx, {
    questionId,
    kind: 'routed',
    actorId: null,
    at: now,
    detail: {
      step: kind,
      round: kind === 'round-1' ? 1 : 2,
      notified: experts.map((e) => e.handle),
    },
  })
  return { outcome: 'routed', userIds: experts.map((e) => e.id) }
}

/** Notifies each once per question: routing_notified's key refuses a second time. */
function tell(
  tx: Tx,
  t: {
    questionId: number
    kind: RoutingStepKind
    userIds: number[]
    actorId: number | null
    now: number
  },
) {
  for (const userId of t.userIds) {
    const fresh = tx
      .insert(routingNotified)
      .values({ questionId: t.questionId, userId, step: t.kind, notifiedAt: t.now })
      .onConflictDoNothing()
      .run()
    if (fresh.changes === 0) continue
    notify(tx, {
      userId,
      actorId: t.actorId,
      kind: t.kind === 'escalation' ? 'question_escalated' : 'question_routed',
      questionId: t.questionId,
      now: t.now,
    })
  }
}

/** Live, not suspended now, not the asker, not told of this question yet. */
const reachable = (questionId: number, askerId: number, now: number) => sql`
  u.status = 'active' AND (u.suspended_until IS NULL OR u.suspended_until <= ${now})
  AND u.id != ${askerId}
  AND NOT EXISTS (SELECT 1 FROM ${routingNotified} r
                  WHERE r.question_id = ${questionId} AND r.user_id = u.id)`

/**
 * The round's experts: those opted in to any of the question's tags who are still experts (the
 * reputation, or staff). Ranked by what predicts a good, fast answer here: accepted answers in
 * those tags first (they solved such questions), then their answers' score there, then
 * reputation (tried across the community), then the older account (a fixed tie-break, so two
 * equal experts are always asked in the same order). The rows read are the opted-in experts of
 * at most five tags (tag_answerers by key), not the community.
 */
function nextExperts(tx: Tx, questionId: number, askerId: number, count: number, now: number) {
  return tx.all<{ id: number; handle: string }>(sql`
    SELECT u.id AS id, u.handle AS handle
    FROM ${questionTags} qt
      JOIN ${expertTags} e ON e.tag_id = qt.tag_id
      JOIN ${users} u ON u.id = e.user_id
      LEFT JOIN tag_answerers ta ON ta.tag_id = e.tag_id AND ta.user_id = e.user_id
    WHERE qt.question_id = ${questionId}
      AND (u.reputation >= ${PRIVILEGES.citizenExpert} OR u.role != 'member')
      AND ${reachable(questionId, askerId, now)}
    GROUP BY u.id
    ORDER BY coalesce(sum(ta.accepted), 0) DESC, coalesce(sum(ta.score), 0) DESC,
      u.reputation DESC, u.id
    LIMIT ${count}`)
}

/** Staff, moderators and admins to tell of an escalation: bounded, off the role index. */
function staffToTell(tx: Tx, questionId: number, askerId: number, now: number) {
  return tx.all<{ id: number; handle: string }>(sql`
    SELECT u.id AS id, u.handle AS handle FROM ${users} u INDEXED BY users_role_idx
    WHERE u.role != 'member' AND ${reachable(questionId, askerId, now)}
    ORDER BY CASE u.role WHEN 'staff' THEN 0 WHEN 'moderator' THEN 1 ELSE 2 END, u.id
    LIMIT ${ESCALATION_STAFF_MAX}`)
}

// ── The job ─────────────────────────────────────────────────────────────────────────────────

/** Takes every step due at `now` (each in its own transaction); gives how many it took. */
export function takeDueRoutingSteps(now: number): number {
  let taken = 0
  for (;;) {
    const ids = dueRoutingStepIds(now)
    let progressed = false
    for (const id of ids) {
      try {
        if (takeRoutingStep(id, now)) taken++
        progressed = true
      } catch (error) {
        // Rolled back, so still due: the next tick tries it again; the others go on.
        console.error(`[routing] Routing step ${id} failed:`, error)
      }
    }
    if (ids.length < STEPS_PER_PASS || !progressed) return taken
  }
}

export interface RoutingJob {
  /** One pass now (the tests' tick); resolves with the steps taken. */
  runOnce(): Promise<number>
  stop(): Promise<void>
}

/**
 * The routing job, on the one process that leads (app/lib/process.server.ts): a pass every
 * `intervalMs`, and right after a question is asked when `wakeOnNewQuestion` (the app's job, so
 * round 1 does not wait for the tick).
 */
export function startRoutingJob({
  clock = Date.now,
  intervalMs = 15_000,
  wakeOnNewQuestion = false,
}: { clock?: () => number; intervalMs?: number; wakeOnNewQuestion?: boolean } = {}): RoutingJob {
  let stopped = false
  const runOnce = async () => {
    if (stopped) return 0
    try {
      return takeDueRoutingSteps(clock())
    } catch (error) {
      console.error('[routing] The routing job failed (its steps stay due):', error)
      return 0
    }
  }
  const wake = () => void setImmediate(() => void runOnce())
  if (wakeOnNewQuestion) wakeOnAsk.add(wake)
  const timer = setInterval(() => void runOnce(), intervalMs)
  timer.unref()
  return {
    runOnce,
    async stop() {
      stopped = true
      clearInterval(timer)
      wakeOnAsk.delete(wake)
    },
  }
}

// ── The staff timeline on the thread ────────────────────────────────────────────────────────

export interface StaffTimelineStep {
  id: number
  kind: TimelineKind
  at: number
  /** Who did it; null for the routing schedule. */
  actorHandle: string | null
  /** Routing and escalation: the handles told (empty: nobody was left to tell). */
  notified: string[] | null
  /** Routing: round 1 or 2. */
  round: number | null
}

/** The question's staff timeline, for staff only: null for members and visitors. */
export function staffTimelineFor(
  viewer: Pick<WriteActor, 'role'> | null,
  questionId: number,
): StaffTimelineStep[] | null {
  if (!viewer || !isStaff(viewer)) return null
  return questionTimelineSteps(questionId).map((step) => {
    const detail = step.detail ?? {}
    const notified = Array.isArray(detail.notified)
      ? detail.notified.filter((h): h is string => typeof h === 'string')
      : null
    return {
      id: step.id,
      kind: step.kind,
      at: step.at,
      actorHandle: step.actorHandle,
      notified,
      round: typeof detail.round === 'number' ? detail.round : null,
    }
  })
}
