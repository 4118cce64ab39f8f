// Everything that follows a write, in one place. The unit of work (thread-writes.server.ts)
// and profile edits publish one event per write (events.server.ts); these are the reactions.
//
// Imported history (event.imported) notifies nobody, awards no badge and is not "live"; the
// importer recomputes badges once when it is done. Caches and the search worker still follow it.
//
// In the transaction (they commit or roll back with the write):
//   notifications — the asker hears of an answer, an author of a comment, accept and official
//                   marks, and everyone @mentioned;
//   badges        — the badges an event can complete, for the people it touched;
//   related       — "resolved threads that may help" lists to compute again: the thread's own
//                   when it is asked, retitled or changes status, and those naming it when its
//                   status or title moved (search/related-lists.server.ts computes them;
//                   imported threads get theirs at their first view);
//   routing       — a question asked now gets its expert-routing schedule (routing.server.ts);
//   vectors       — the thread's sentence vector to compute again when it is asked or edited
//                   (search/vector-job.server.ts; imported history waits for search:vectors).
// After the commit, on every worker (events.server.ts relays the event to the others):
//   search        — the outbox worker, the related-lists and vector jobs (on the leading worker)
//                   wake up;
//   page cache    — the logged-out pages that show the thread (and the lists) are dropped;
//   live          — open pages of the thread hear of a new answer or comment (SSE).
import { pageCacheIfEnabled } from '#app/lib/page-cache.server.ts'
import { publishThreadEvent } from '#app/lib/live-events.server.ts'
import { markListsNamingDue, markOwnListDue, nudgeSearchWorker } from '#search/index.server.ts'
import { markVectorDue } from '#search/vector-job.server.ts'
import { awardBadges } from './badges.server.ts'
import { onCommitted, reactInTransaction, type ThreadEvent } from './events.server.ts'
import { notify, notifyMentions } from './notifications.server.ts'
import { threadIdsShowingUser } from './profiles.server.ts'
import { scheduleRouting } from './routing.server.ts'

function actorOf(event: ThreadEvent): number {
  if (event.actorId == null) throw new Error(`${event.change.type} needs an actor`)
  return event.actorId
}

/** Called once, before the first event is published (events.server.ts). */
export function registerSubscribers() {
  reactInTransaction(function notifications(tx, event) {
    if (event.kind !== 'thread' || event.imported) return
    const { change, questionId, at: now } = event
    switch (change.type) {
      case 'question.asked':
      case 'question.edited': {
        const skip = change.type === 'question.edited' ? [event.questionAuthorId] : []
        const actorId = actorOf(event)
        notifyMentions(tx, { userIds: change.mentionedUserIds, actorId, questionId, skip, now })
        return
      }
      case 'answer.posted': {
        const actorId = actorOf(event)
        const base = { actorId, questionId, answerId: change.answerId, now }
        notify(tx, { ...base, userId: event.questionAuthorId, kind: 'answer_on_question' })
        notifyMentions(tx, {
          ...base,
          userIds: change.mentionedUserIds,
          skip: [event.questionAuthorId],
        })
        return
      }
      case 'answer.edited':
        notifyMentions(tx, {
          userIds: change.mentionedUserIds,
          actorId: actorOf(event),
          questionId,
          answerId: change.answerId,
          skip: [change.answerAuthorId],
          now,
        })
        return
      case 'answer.accepted':
      case 'answer.official': {
        const marked = change.type === 'answer.accepted' ? change.accepted : change.official
        if (!marked) return
        notify(tx, {
          userId: change.answerAuthorId,
          actorId: actorOf(event),
          kind: change.type === 'answer.accepted' ? 'answer_accepted' : 'answer_official',
          questionId,
          answerId: change.answerId,
          now,
        })
        return
      }
      case 'comment.posted': {
        const base = {
          actorId: actorOf(event),
          questionId,
          answerId: change.answerId,
          commentId: change.commentId,
          now,
        }
        notify(tx, { ...base, userId: change.postAuthorId, kind: 'comment_on_post' })
        notifyMentions(tx, {
          ...base,
          userIds: change.mentionedUserIds,
          skip: [change.postAuthorId],
        })
        return
      }
    }
  })

  reactInTransaction(function badges(tx, event) {
    if (event.kind !== 'thread' || event.actorId == null || event.imported) return
    const { change, actorId, at: now } = event
    switch (change.type) {
      case 'answer.posted':
        awardBadges(tx, 'answer_posted', [actorId], now)
        return
      case 'comment.posted':
        awardBadges(tx, 'comment_posted', [actorId], now)
        return
      case 'answer.accepted':
        if (change.accepted)
          awardBadges(tx, 'answer_accepted', [change.answerAuthorId, actorId], now)
        return
      case 'answer.official':
        if (change.official) awardBadges(tx, 'answer_official', [change.answerAuthorId], now)
        return
      case 'post.voted':
        awardBadges(tx, 'vote_cast', [actorId, change.postAuthorId], now)
        return
    }
  })

  reactInTransaction(function relatedLists(tx, event) {
    // Imported history waits for a reader: a thread's first view asks for its list.
    if (event.kind !== 'thread' || event.imported) return
    const { change, questionId, at: now } = event
    const titleChanged = change.type === 'question.edited' && change.titleChanged
    const statusChanged = event.status !== event.statusBefore
    if (change.type === 'question.asked' || titleChanged || statusChanged) {
      markOwnListDue(tx, questionId, now)
    }
    if (titleChanged || statusChanged) markListsNamingDue(tx, questionId, now)
  })

  reactInTransaction(function expertRouting(tx, event) {
    if (event.kind === 'thread') scheduleRouting(tx, event)
  })

  reactInTransaction(function sentenceVectors(tx, event) {
    // Imported or bulk-seeded history is encoded by `npm run search:vectors`, in one pass.
    if (event.kind !== 'thread' || event.imported) return
    // An edit may change the title, the body or only the tags: a needless encode costs little.
    const { change, questionId, at: now } = event
    if (change.type === 'question.asked' || change.type === 'question.edited') {
      markVectorDue(tx, questionId, now)
    }
  })

  onCommitted(function searchWorker(event) {
    if (event.kind === 'thread') nudgeSearchWorker()
  })

  onCommitted(function pageCache(event) {
    const cache = pageCacheIfEnabled()
    if (!cache) return
    if (event.kind === 'thread') {
      cache.invalidateThread(event.questionId)
    } else if (event.displayNameChanged) {
      // Names show on every thread the member posted in and on the lists.
      cache.invalidateThreads(threadIdsShowingUser(event.userId, cache.cachedThreadIds()))
    }
  })

  onCommitted(function liveUpdates(event) {
    if (event.kind !== 'thread' || event.actorId == null || event.imported) return
    const { change, questionId, actorId, at: createdAt } = event
    if (change.type === 'answer.posted') {
      publishThreadEvent({
        type: 'answer',
        questionId,
        answerId: change.answerId,
        actorId,
        createdAt,
      })
    } else if (change.type === 'comment.posted') {
      publishThreadEvent({
        type: 'comment',
        questionId,
        commentId: change.commentId,
        answerId: change.answerId,
        actorId,
        createdAt,
      })
    }
  })
}
