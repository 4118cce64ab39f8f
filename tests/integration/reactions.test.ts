// What follows a committed write, as a reader meets it: cached pages and related-threads lists
// that would otherwise show what is no longer true.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toggleAcceptedAnswer } from '#app/models/answers.server.ts'
import { updateProfile } from '#app/models/profiles.server.ts'
import { pageCacheIfEnabled, type CachedPage } from '#app/lib/page-cache.server.ts'
import {
  computeDueRelatedLists,
  relatedResolvedThreads,
  startSearch,
  stopSearch,
} from '#search/index.server.ts'
import { makeAnswer, makeQuestion, makeUser } from '#tests/fixtures/factories.ts'
import { addComment } from '#app/models/comments.server.ts'

beforeAll(() => startSearch({ meilisearch: null, worker: false, log: () => {} }))
afterAll(() => stopSearch())

function cachedPage(threadId: number | null): CachedPage {
  const body = Buffer.from(`<html>thread ${threadId}</html>`)
  return { pieces: [body], headers: {}, etag: 'W/"x"', lastModified: 0, threadId }
}

/** Puts a page in the site's cache the way two logged-out requests would. */
function keep(key: string, threadId: number | null) {
  const cache = pageCacheIfEnabled()!
  cache.offer(key, cachedPage(threadId))
  cache.offer(key, cachedPage(threadId))
  expect(cache.get(key)).toBeDefined()
}

describe('the logged-out page cache', () => {
  it('drops the pages of every thread a member posted in when they change their display name', () => {
    const asker = makeUser()
    const commenter = makeUser({ reputation: 100 })
    const stranger = makeUser()
    const asked = makeQuestion(asker)
    const commented = makeQuestion(stranger)
    const elsewhere = makeQuestion(stranger)
    addComment(commenter, { questionId: commented.id }, 'Which firmware version is on the hub?')
    const cache = pageCacheIfEnabled()!
    keep(`/questions/${asked.id}/x`, asked.id)
    keep(`/questions/${commented.id}/x`, commented.id)
    keep(`/questions/${elsewhere.id}/x`, elsewhere.id)
    keep('/questions', null)

    updateProfile(commenter.id, { displayName: 'Commenter Renamed', bio: '' })
    expect(cache.get(`/questions/${commented.id}/x`)).toBeUndefined()
    expect(cache.get('/questions')).toBeUndefined() // lists show names too
    expect(cache.get(`/questions/${asked.id}/x`)).toBeDefined()
    expect(cache.get(`/questions/${elsewhere.id}/x`)).toBeDefined()

    updateProfile(asker.id, { displayName: 'Asker Renamed', bio: 'Hub owner since 2021' })
    expect(cache.get(`/questions/${asked.id}/x`)).toBeUndefined()
    expect(cache.get(`/questions/${elsewhere.id}/x`)).toBeDefined()

    // A bio shows on the profile only: the thread pages stay.
    keep(`/questions/${asked.id}/x`, asked.id)
    updateProfile(asker.id, { displayName: 'Asker Renamed', bio: 'Hub owner since 2020' })
    expect(cache.get(`/questions/${asked.id}/x`)).toBeDefined()
  })
})

describe('related resolved threads under an open question', () => {
  const title = 'Thermostat schedule skips the morning heating block on Mondays'
  function resolvedAndOpen() {
    const asker = makeUser()
    const resolved = makeQuestion(asker, {
      title: 'Thermostat schedule skips the morning heating block entirely',
      body: 'Every weekday the thermostat schedule skips the morning heating block.',
      tags: ['thermostat'],
    })
    const answer = makeAnswer(makeUser(), resolved.id)
    toggleAcceptedAnswer(asker, answer.id)
    const open = makeQuestion(makeUser(), {
      title,
      body: 'On Mondays my thermostat schedule skips the morning heating block.',
      tags: ['thermostat'],
    })
    return { asker, resolved, answer, open }
  }
  const ids = (questionId: number) => relatedResolvedThreads(questionId).map((h) => h.id)

  it('are computed after the write, off the request, and then read from the database', async () => {
    const { resolved, open } = resolvedAndOpen()
    await computeDueRelatedLists()
    expect(ids(open.id)).toContain(resolved.id)
    expect(ids(resolved.id)).toEqual([]) // a resolved thread shows no such list
  })

  it('stop naming a thread once it is no longer resolved, and name it again when it is', async () => {
    const { asker, resolved, answer, open } = resolvedAndOpen()
    await computeDueRelatedLists()
    expect(ids(open.id)).toContain(resolved.id)
    toggleAcceptedAnswer(asker, answer.id) // takes the mark back: answered, not resolved
    expect(ids(open.id)).not.toContain(resolved.id)
    toggleAcceptedAnswer(asker, answer.id)
    await computeDueRelatedLists()
    expect(ids(open.id)).toContain(resolved.id)
  })

  it('take in a thread resolved after the list was made', async () => {
    const asker = makeUser()
    const later = makeQuestion(asker, {
      title: 'Garage door opener remote pairing fails after battery swap',
      body: 'The garage door opener remote no longer pairs since I swapped its battery.',
      tags: ['garage'],
    })
    const open = makeQuestion(makeUser(), {
      title: 'Garage door opener remote pairing fails every time',
      body: 'My garage door opener remote pairing fails whatever I try.',
      tags: ['garage'],
    })
    await computeDueRelatedLists()
    expect(ids(open.id)).not.toContain(later.id)
    toggleAcceptedAnswer(asker, makeAnswer(makeUser(), later.id).id)
    await computeDueRelatedLists() // the resolved thread finds the open questions it may help…
    await computeDueRelatedLists() // …whose lists are then computed again
    expect(ids(open.id)).toContain(later.id)
  })
})
