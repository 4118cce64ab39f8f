// The targeted-voting job: finds one account voting for (or against) another account's posts
// serially, and takes those votes back exactly as the voter undoing them would: score and
// ledger reversed through votes.server.ts, a log row per voter, target and reason. It runs once a
// day (app/models/nightly-jobs.server.ts). Idempotent: a second run over the same data does nothing.
//
// Two rules, over the votes cast in the last 7 days (both directions count: serial upvoting
// inflates, serial downvoting punishes):
// - burst: A cast ≥ 10 votes on B's posts within some 24 h → the votes of every such 24 h go;
// - share: A cast ≥ 5 votes on B's posts and they are > 50 % of all A's votes that week →
//   all A's votes on B that week go.
// Votes this job already reversed still count as cast (they stay in the log), so taking them
// away changes no ratio, and a voter who keeps going after a reversal is caught again.
import { and, eq, gt, lte, sql } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import {
  answers,
  questions,
  users,
  voteFraudLog,
  votes,
  type PostType,
  type VoteFraudReason,
} from '#db/schema.ts'
import { writeTransaction } from './transaction.server.ts'
import { retractVote } from './votes.server.ts'

const HOUR = 3_600_000
const DAY = 24 * HOUR

export const BURST_VOTES = 10
export const BURST_WINDOW_MS = DAY
export const SHARE_MIN_VOTES = 5
/** Strictly more than this share of the voter's week goes to one person. */
export const SHARE_RATIO = 0.5
export const LOOKBACK_MS = 7 * DAY

/** A vote as the log keeps it once it is gone. */
export interface LoggedVote {
  postType: PostType
  postId: number
  value: number
  votedAt: number
}

interface CastVote extends LoggedVote {
  voterId: number
  targetId: number
  /** The live vote row; null when this job reversed it in an earlier run. */
  voteId: number | null
}

export interface VoteFraudReversal {
  voterId: number
  targetId: number
  reason: VoteFraudReason
  voteCount: number
  windowStart: number
  windowEnd: number
  reputationReversed: number
}

function liveVotesSince(from: number, to: number): CastVote[] {
  return db
    .select({
      voteId: votes.id,
      voterId: votes.userId,
      postType: votes.postType,
      postId: votes.postId,
      value: votes.value,
      votedAt: votes.createdAt,
      targetId: sql<number | null>`coalesce(${questions.authorId}, ${answers.authorId})`,
    })
    .from(votes)
    .leftJoin(questions, and(eq(votes.postType, 'question'), eq(questions.id, votes.postId)))
    .leftJoin(answers, and(eq(votes.postType, 'answer'), eq(answers.id, votes.postId)))
    .where(and(gt(votes.createdAt, from), lte(votes.createdAt, to)))
    .all()
    .flatMap((v) => (v.targetId == null ? [] : [{ ...v, targetId: v.targetId }]))
}

function reversedVotesSince(from: number, to: number): CastVote[] {
  return db
    .select({
      voterId: voteFraudLog.voterId,
      targetId: voteFraudLog.targetId,
      votes: voteFraudLog.votes,
    })
    .from(voteFraudLog)
    .where(gt(voteFraudLog.windowEnd, from))
    .all()
    .flatMap((row) =>
      (JSON.parse(row.votes) as LoggedVote[])
        .filter((v) => v.votedAt > from && v.votedAt <= to)
        .map((v) => ({ ...v, voterId: row.voterId, targetId: row.targetId, voteId: null })),
    )
}

function groupBy<T>(items: readonly T[], key: (item: T) => string) {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const list = groups.get(k)
    if (list) list.push(item)
    else groups.set(k, [item])
  }
  return groups
}

/** The votes of a pair that fall in some 24 h holding at least BURST_VOTES of them. */
function inBursts(pairVotes: readonly CastVote[]): Set<CastVote> {
  const sorted = [...pairVotes].sort((a, b) => a.votedAt - b.votedAt)
  const found = new Set<CastVote>()
  let start = 0
  for (let end = 0; end < sorted.length; end++) {
    const last = sorted[end] as CastVote
    while (last.votedAt - (sorted[start] as CastVote).votedAt >= BURST_WINDOW_MS) start++
    if (end - start + 1 >= BURST_VOTES) {
      for (let i = start; i <= end; i++) found.add(sorted[i] as CastVote)
    }
  }
  return found
}

/** The live votes to reverse, by voter→target pair and reason. */
function findTargetedVoting(cast: readonly CastVote[]) {
  const perVoter = new Map<number, number>()
  for (const v of cast) perVoter.set(v.voterId, (perVoter.get(v.voterId) ?? 0) + 1)
  const flagged: {
    voterId: number
    targetId: number
    reason: VoteFraudReason
    votes: CastVote[]
  }[] = []
  for (const pairVotes of groupBy(cast, (v) => `${v.voterId}:${v.targetId}`).values()) {
    const { voterId, targetId } = pairVotes[0] as CastVote
    const burst = inBursts(pairVotes)
    const total = perVoter.get(voterId) ?? 0
    const share =
      pairVotes.length >= SHARE_MIN_VOTES && pairVotes.length / total > SHARE_RATIO
        ? pairVotes.filter((v) => !burst.has(v))
        : []
    for (const [reason, list] of [
      ['burst', [...burst]],
      ['share', share],
    ] as const) {
      const live = list.filter((v) => v.voteId != null)
      if (live.length > 0) flagged.push({ voterId, targetId, reason, votes: live })
    }
  }
  return flagged
}

const reputationOf = (userId: number) =>
  db.select({ r: users.reputation }).from(users).where(eq(users.id, userId)).get()?.r ?? 0

/**
 * Reverses the targeted voting of the last 7 days before `now`, logs each reversal and prints
 * a one-line summary. Returns what it reversed.
 */
export function reverseTargetedVoting(
  now = Date.now(),
  log: (line: string) => void = console.log,
): VoteFraudReversal[] {
  const from = now - LOOKBACK_MS
  const cast = [...liveVotesSince(from, now), ...reversedVotesSince(from, now)]
  const reversals: VoteFraudReversal[] = []
  for (const { voterId, targetId, reason, votes: flagged } of findTargetedVoting(cast)) {
    const times = flagged.map((v) => v.votedAt)
    const window =
      reason === 'burst'
        ? { windowStart: Math.min(...times), windowEnd: Math.max(...times) }
        : { windowStart: from, windowEnd: now }
    // One transaction per pair: each retraction is a thread write (a savepoint of it).
    const reversal = writeTransaction((tx) => {
      const before = reputationOf(targetId)
      for (const v of flagged) {
        retractVote(
          {
            id: v.voteId as number,
            userId: voterId,
            postType: v.postType,
            postId: v.postId,
            value: v.value,
          },
          now,
        )
      }
      const row: VoteFraudReversal = {
        voterId,
        targetId,
        reason,
        voteCount: flagged.length,
        ...window,
        reputationReversed: before - reputationOf(targetId),
      }
      const logged: LoggedVote[] = flagged.map(({ postType, postId, value, votedAt }) => ({
        postType,
        postId,
        value,
        votedAt,
      }))
      tx.insert(voteFraudLog)
        .values({ ...row, votes: JSON.stringify(logged), createdAt: now })
        .run()
      return row
    })
    reversals.push(reversal)
  }
  log(summarize(reversals))
  return reversals
}

function summarize(reversals: readonly VoteFraudReversal[]) {
  if (reversals.length === 0) return '[vote-fraud] No targeted voting in the last 7 days.'
  const votesReversed = reversals.reduce((n, r) => n + r.voteCount, 0)
  const pairs = new Set(reversals.map((r) => `${r.voterId}:${r.targetId}`)).size
  const by = (reason: VoteFraudReason) => reversals.filter((r) => r.reason === reason).length
  return (
    `[vote-fraud] Reversed ${votesReversed} targeted votes from ${pairs} voter→target ` +
    `pair(s) (burst: ${by('burst')}, share: ${by('share')}).`
  )
}

/** What the recent runs reversed, newest first (for moderators). */
export function recentVoteFraudLog(limit = 50) {
  return db
    .select()
    .from(voteFraudLog)
    .orderBy(sql`${voteFraudLog.createdAt} desc, ${voteFraudLog.id} desc`)
    .limit(limit)
    .all()
}
