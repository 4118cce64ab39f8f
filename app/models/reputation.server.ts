// The reputation ledger. Every change is a row; users.reputation caches the sum and moves in
// the same transaction as the row. A reversal is a new row with the opposite amount.
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { db, type Tx } from '#db/client.server.ts'
import { reputationEvents, users, type PostType, type ReputationKind } from '#db/schema.ts'
import { REPUTATION_VALUES } from '#app/lib/reputation-rules.ts'
import { displayReputation } from '#app/lib/privileges.ts'

export interface ReputationEventInput {
  userId: number
  kind: ReputationKind
  postType: PostType
  postId: number
  questionId: number
  actorId: number
  now: number
  /** What the event credits when a cap cuts it (the daily upvote cap); else the table's value. */
  amount?: number
}

export function recordReputation(tx: Tx, event: ReputationEventInput) {
  const amount = event.amount ?? REPUTATION_VALUES[event.kind]
  tx.insert(reputationEvents)
    .values({ ...event, amount, createdAt: event.now })
    .run()
  tx.update(users)
    .set({ reputation: sql`${users.reputation} + ${amount}` })
    .where(eq(users.id, event.userId))
    .run()
}

/**
 * The reputation a person earned on a community they were imported from: one ledger row with
 * no post behind it, so users.reputation stays the ledger's sum.
 */
export function recordImportedReputation(tx: Tx, userId: number, amount: number, now: number) {
  if (amount === 0) return
  tx.insert(reputationEvents).values({ userId, amount, kind: 'imported', createdAt: now }).run()
  tx.update(users)
    .set({ reputation: sql`${users.reputation} + ${amount}` })
    .where(eq(users.id, userId))
    .run()
}

/**
 * Reverses every live event of a post that matches (by kind and/or actor when given); returns the
 * ids of the events it reversed (a deletion keeps them, to grant them again on undelete).
 */
export function reverseReputation(
  tx: Tx,
  match: {
    postType: PostType
    postId: number
    kind?: ReputationKind
    actorId?: number
    now: number
  },
) {
  const live = tx
    .select()
    .from(reputationEvents)
    .where(
      and(
        eq(reputationEvents.postType, match.postType),
        eq(reputationEvents.postId, match.postId),
        isNull(reputationEvents.reversedAt),
        isNull(reputationEvents.reversalOfId),
        match.kind ? eq(reputationEvents.kind, match.kind) : undefined,
        match.actorId != null ? eq(reputationEvents.actorId, match.actorId) : undefined,
      ),
    )
    .all()
  for (const event of live) {
    tx.insert(reputationEvents)
      .values({
        userId: event.userId,
        amount: -event.amount,
        kind: event.kind,
        postType: event.postType,
        postId: event.postId,
        questionId: event.questionId,
        actorId: event.actorId,
        reversalOfId: event.id,
        createdAt: match.now,
      })
      .run()
    tx.update(reputationEvents)
      .set({ reversedAt: match.now })
      .where(eq(reputationEvents.id, event.id))
      .run()
    tx.update(users)
      .set({ reputation: sql`${users.reputation} - ${event.amount}` })
      .where(eq(users.id, event.userId))
      .run()
  }
  return live.map((event) => event.id)
}

/** The ledger's own sum (floor 1), independent of the cached column. */
/** Grants again, as new rows, events a deletion reversed (undelete): the sum is as it was. */
export function regrantReputation(tx: Tx, eventIds: readonly number[], now: number) {
  if (eventIds.length === 0) return
  const events = tx
    .select()
    .from(reputationEvents)
    .where(inArray(reputationEvents.id, [...eventIds]))
    .all()
  for (const event of events) {
    if (event.postType == null || event.postId == null || event.reversedAt == null) continue
    recordReputation(tx, {
      userId: event.userId,
      kind: event.kind,
      postType: event.postType,
      postId: event.postId,
      questionId: event.questionId ?? event.postId,
      actorId: event.actorId ?? event.userId,
      amount: event.amount,
      now,
    })
  }
}

export function reputationFromLedger(userId: number): number {
  const row = db
    .select({ total: sql<number>`coalesce(sum(${reputationEvents.amount}), 0)` })
    .from(reputationEvents)
    .where(eq(reputationEvents.userId, userId))
    .get()
  return displayReputation(row?.total ?? 0)
}

export function reputationHistory(userId: number, limit = 50) {
  return db
    .select()
    .from(reputationEvents)
    .where(eq(reputationEvents.userId, userId))
    .orderBy(desc(reputationEvents.createdAt), desc(reputationEvents.id))
    .limit(limit)
    .all()
}
