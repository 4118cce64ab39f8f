// The demo seed as data: a pure function of the content and a fixed PRNG seed, with every
// time an offset in ms from the moment of seeding (so "asked 3 days ago" stays true whenever
// it runs). It replays the reputation rules to pick only votes and comments the models will
// allow, and records what the database should hold afterwards so tests can check it.
import { PRIVILEGES, isStaff } from '#app/lib/privileges.ts'
import { REPUTATION_VALUES } from '#app/lib/reputation-rules.ts'
import { computeThreadStatus } from '#app/lib/thread-status.ts'
import type { PostType, Role, ThreadStatus } from '#db/schema.ts'
import {
  DEMO_MEMBERS,
  EXPERT_USERS,
  POOL_USERS,
  SEED_TAGS,
  STAFF_USERS,
  THREADS,
  type SeedUser,
} from './content.ts'
import { DEMO_LOGINS, demoEmail, type DemoLogin } from './logins.ts'

export type { DemoLogin } from './logins.ts'

export const PLAN_SEED = 0x5eed_2024

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** Upvotes an ordinary community answer draws, before appeal and chance. */
const ANSWER_VOTES = 9
/** Most upvotes a question draws, before appeal. */
const QUESTION_VOTES = 5
/** Votes keep arriving for up to this long after a post. */
const VOTE_WINDOW = 21 * DAY

export interface PlanUser {
  handle: string
  email: string
  password: string
  role: Role
  displayName: string
  bio: string
  /** ms relative to the seeding moment (negative: in the past). */
  joinedAt: number
}

/** Every `at` is ms relative to the seeding moment, always negative. */
export type PlanEvent =
  | {
      type: 'question'
      at: number
      key: string
      author: string
      title: string
      body: string
      tags: string[]
    }
  | { type: 'answer'; at: number; key: string; question: string; author: string; body: string }
  | {
      type: 'comment'
      at: number
      author: string
      question: string
      answer: string | null
      body: string
    }
  | { type: 'vote'; at: number; voter: string; postType: PostType; post: string }
  | { type: 'accept'; at: number; actor: string; answer: string }
  | { type: 'official'; at: number; actor: string; answer: string }

export interface DemoPlan {
  users: PlanUser[]
  tags: { name: string; description: string }[]
  /** In the order they are applied: by time, ties in the order they were planned. */
  events: PlanEvent[]
  /** View counter per question key. */
  views: Record<string, number>
  logins: DemoLogin[]
  expected: {
    /** users.reputation per handle once every event has landed. */
    reputation: Record<string, number>
    status: Record<string, ThreadStatus>
    score: Record<string, number>
  }
}

/** mulberry32: a tiny, fast, seedable PRNG; plenty for demo data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

function shuffled<T>(items: readonly T[], rand: () => number): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    const tmp = out[i] as T
    out[i] = out[j] as T
    out[j] = tmp
  }
  return out
}

export const answerKey = (threadKey: string, index: number) => `${threadKey}#${index}`

/** A vote to be given to the first candidate the rules allow when its time comes. */
interface VoteSlot {
  type: 'vote-slot'
  at: number
  postType: PostType
  post: string
  candidates: string[]
}

type Draft = (PlanEvent | VoteSlot) & { seq: number }

export function buildDemoPlan(): DemoPlan {
  const rand = mulberry32(PLAN_SEED)
  const seedUsers: SeedUser[] = [...STAFF_USERS, ...EXPERT_USERS, ...DEMO_MEMBERS, ...POOL_USERS]
  const byHandle = new Map(seedUsers.map((u) => [u.handle, u]))
  const user = (handle: string) => {
    const found = byHandle.get(handle)
    if (!found) throw new Error(`Seed content names an unknown user: ${handle}`)
    return found
  }
  const joinedAt = (handle: string) => -user(handle).joinedDaysAgo * DAY
  const voters = seedUsers.filter((u) => u.votes).map((u) => u.handle)

  /** A moment after t: at least a little later, at most maxDelay, never at or past "now". */
  const after = (t: number, maxDelay: number, minDelay = 3 * MINUTE) => {
    const span = Math.min(maxDelay, -t * 0.5)
    const lo = Math.min(minDelay, span / 2)
    return Math.round(t + lo + rand() * (span - lo))
  }
  /** Vote times cluster soon after the post and thin out over the following weeks. */
  const voteTime = (postAt: number) => {
    const span = Math.min(VOTE_WINDOW, -postAt * 0.95)
    return Math.round(postAt + MINUTE + rand() ** 1.6 * (span - MINUTE))
  }

  const drafts: Draft[] = []
  let seq = 0
  const push = (event: PlanEvent | VoteSlot) => drafts.push({ ...event, seq: seq++ })

  const authorOf = new Map<string, string>() // post key -> handle
  const askerOf = new Map<string, string>() // question key -> handle
  const answersOf = new Map<string, number>() // question key -> answer count
  const pool = shuffled(
    POOL_USERS.map((u) => u.handle),
    rand,
  )
  let nextAsker = 0

  for (const thread of THREADS) {
    const asker = thread.asker ?? (pool[nextAsker++ % pool.length] as string)
    const appeal = thread.appeal ?? 1
    const ago = thread.daysAgo * DAY
    const jitter = (rand() - 0.5) * Math.min(6 * HOUR, ago * 0.4)
    const qAt = Math.round(-ago + jitter)
    if (qAt <= joinedAt(asker)) throw new Error(`${asker} asks before joining: ${thread.key}`)
    askerOf.set(thread.key, asker)
    authorOf.set(thread.key, asker)
    answersOf.set(thread.key, thread.answers?.length ?? 0)
    push({
      type: 'question',
      at: qAt,
      key: thread.key,
      author: asker,
      title: thread.title,
      body: thread.body,
      tags: thread.tags,
    })

    const questionVotes =
      thread.questionVotes ?? Math.round(appeal * rand() * QUESTION_VOTES + rand() * 0.8)
    const questionCandidates = shuffled(
      voters.filter((h) => h !== asker),
      rand,
    )
    for (let i = 0; i < questionVotes; i++) {
      push({
        type: 'vote-slot',
        at: voteTime(qAt),
        postType: 'question',
        post: thread.key,
        candidates: questionCandidates,
      })
    }

    const comments = thread.comments ?? []
    const by = (handle: string) => (handle === 'asker' ? asker : handle)
    let cursor = qAt
    for (const comment of comments.filter((c) => c.on == null)) {
      cursor = after(cursor, 3 * HOUR)
      push({
        type: 'comment',
        at: cursor,
        author: by(comment.by),
        question: thread.key,
        answer: null,
        body: comment.body,
      })
    }

    const answerTimes: number[] = []
    ;(thread.answers ?? []).forEach((answer, index) => {
      cursor = after(cursor, index === 0 ? 9 * HOUR : 30 * HOUR, index === 0 ? 8 * MINUTE : HOUR)
      const key = answerKey(thread.key, index)
      const aAt = cursor
      answerTimes.push(aAt)
      authorOf.set(key, answer.by)
      push({
        type: 'answer',
        at: aAt,
        key,
        question: thread.key,
        author: answer.by,
        body: answer.body,
      })

      let commentAt = aAt
      for (const comment of comments.filter((c) => c.on === index)) {
        commentAt = after(commentAt, 8 * HOUR, 10 * MINUTE)
        push({
          type: 'comment',
          at: commentAt,
          author: by(comment.by),
          question: thread.key,
          answer: key,
          body: comment.body,
        })
      }

      const marked =
        (thread.accepted === index ? 1.25 : 1) * (thread.official?.answer === index ? 1.2 : 1)
      const staffDiscount = isStaff(user(answer.by)) ? 0.6 : 1
      const wanted = ANSWER_VOTES * appeal * (answer.appeal ?? 1) * marked * staffDiscount
      const count = Math.round(wanted * (0.7 + 0.6 * rand()))
      const candidates = shuffled(
        voters.filter((h) => h !== answer.by),
        rand,
      )
      for (let i = 0; i < count; i++) {
        push({ type: 'vote-slot', at: voteTime(aAt), postType: 'answer', post: key, candidates })
      }
    })

    const lastAnswerAt = answerTimes[answerTimes.length - 1] ?? qAt
    if (thread.accepted != null) {
      push({
        type: 'accept',
        at: after(lastAnswerAt, 36 * HOUR, 20 * MINUTE),
        actor: asker,
        answer: answerKey(thread.key, thread.accepted),
      })
    }
    if (thread.official) {
      const markedAt = answerTimes[thread.official.answer]
      if (markedAt == null) throw new Error(`No such official answer in ${thread.key}`)
      push({
        type: 'official',
        at: after(Math.max(markedAt, lastAnswerAt), 20 * HOUR, 30 * MINUTE),
        actor: thread.official.by,
        answer: answerKey(thread.key, thread.official.answer),
      })
    }
  }

  drafts.sort((a, b) => a.at - b.at || a.seq - b.seq)

  // Replay in time order with the site's rules, so votes only come from people allowed to
  // cast them at that moment, and so we know the reputation every user should end with.
  const reputation = new Map(seedUsers.map((u) => [u.handle, 0]))
  const credit = (handle: string, amount: number) =>
    reputation.set(handle, (reputation.get(handle) ?? 0) + amount)
  const can = (handle: string, threshold: number) =>
    isStaff(user(handle)) || Math.max(1, reputation.get(handle) ?? 0) >= threshold
  const voted = new Set<string>()
  const score = new Map<string, number>()
  const accepted = new Map<string, string>() // question key -> answer key
  const official = new Map<string, string>()
  const questionOf = (answer: string) => answer.slice(0, answer.indexOf('#'))
  const must = <T>(map: Map<string, T>, key: string): T => {
    const value = map.get(key)
    if (value == null) throw new Error(`Seed plan refers to ${key} before it exists`)
    return value
  }

  const events: PlanEvent[] = []
  for (const draft of drafts) {
    const { seq: _seq, ...event } = draft
    if (event.type === 'vote-slot') {
      const author = must(authorOf, event.post)
      const voter = event.candidates.find(
        (h) =>
          h !== author &&
          !voted.has(`${h}:${event.post}`) &&
          joinedAt(h) < event.at &&
          can(h, PRIVILEGES.upvote),
      )
      if (!voter) continue
      voted.add(`${voter}:${event.post}`)
      score.set(event.post, (score.get(event.post) ?? 0) + 1)
      credit(
        author,
        REPUTATION_VALUES[event.postType === 'answer' ? 'answer_upvoted' : 'question_upvoted'],
      )
      events.push({ type: 'vote', at: event.at, voter, postType: event.postType, post: event.post })
      continue
    }
    if (event.type === 'comment') {
      const postAuthor = must(authorOf, event.answer ?? event.question)
      const own = event.author === postAuthor || event.author === must(askerOf, event.question)
      if (!own && !can(event.author, PRIVILEGES.commentAnywhere)) {
        throw new Error(`${event.author} may not comment yet on ${event.answer ?? event.question}`)
      }
    }
    if (event.type === 'accept') {
      const question = questionOf(event.answer)
      const answerer = must(authorOf, event.answer)
      if (event.actor !== must(askerOf, question))
        throw new Error(`Only the asker accepts: ${question}`)
      if (answerer !== event.actor) {
        credit(answerer, REPUTATION_VALUES.answer_accepted)
        credit(event.actor, REPUTATION_VALUES.accepted_answer)
      }
      accepted.set(question, event.answer)
    }
    if (event.type === 'official') {
      const answerer = must(authorOf, event.answer)
      if (!isStaff(user(event.actor))) throw new Error(`${event.actor} is not staff`)
      if (!isStaff(user(answerer))) credit(answerer, REPUTATION_VALUES.answer_official)
      official.set(questionOf(event.answer), event.answer)
    }
    if (event.type === 'question' || event.type === 'answer' || event.type === 'comment') {
      if (joinedAt(event.author) >= event.at)
        throw new Error(`${event.author} posts before joining`)
    }
    events.push(event)
  }

  const status: Record<string, ThreadStatus> = {}
  const views: Record<string, number> = {}
  for (const thread of THREADS) {
    status[thread.key] = computeThreadStatus({
      closed: false,
      duplicateOfId: null,
      answerCount: answersOf.get(thread.key) ?? 0,
      acceptedAnswerId: accepted.has(thread.key) ? 1 : null,
      officialAnswerId: official.has(thread.key) ? 1 : null,
    })
    const answerVotes = (thread.answers ?? []).reduce(
      (sum, _a, i) => sum + (score.get(answerKey(thread.key, i)) ?? 0),
      0,
    )
    const daily = 2 + rand() * 5 * (thread.appeal ?? 1)
    views[thread.key] = Math.round(
      3 + thread.daysAgo * daily + (score.get(thread.key) ?? 0) * 9 + answerVotes * 4,
    )
  }

  const users: PlanUser[] = seedUsers.map((u) => ({
    handle: u.handle,
    email: demoEmail(u.handle),
    password: u.password,
    role: u.role,
    displayName: u.displayName,
    bio: u.bio,
    joinedAt: joinedAt(u.handle),
  }))
  const logins: DemoLogin[] = DEMO_LOGINS.map((login) => ({ ...login }))

  return {
    users,
    tags: SEED_TAGS,
    events,
    views,
    logins,
    expected: {
      reputation: Object.fromEntries(reputation),
      status,
      score: Object.fromEntries(score),
    },
  }
}
