import { describe, expect, it } from 'vitest'
import { makeAnswer, makeQuestion, makeUser, reload } from '#tests/fixtures/factories.ts'
import { castVote } from '#app/models/votes.server.ts'

describe('smoke', () => {
  it('upvote gives +10', () => {
    const asker = makeUser()
    const answerer = makeUser()
    const voter = makeUser({ reputation: 20 })
    const q = makeQuestion(asker)
    const a = makeAnswer(answerer, q.id)
    castVote(voter, 'answer', a.id, 'up')
    expect(reload(answerer).reputation).toBe(10)
  })
})
