import { describe, expect, it } from 'vitest'
import { action, loader } from '#app/routes/questions.$id.$slug.tsx'
import { startSession } from '#app/lib/auth.server.ts'
import { makeAnswer, makeQuestion, makeUser } from '#tests/fixtures/factories.ts'
import { contextFor, formRequest, ORIGIN, unwrap } from '#tests/fixtures/requests.ts'

async function signedIn(user: { id: number }) {
  const cookie = (await startSession(user.id, new Request(ORIGIN))).split(';')[0]!
  return cookie
}

async function post(path: string, fields: Record<string, string>, cookie?: string) {
  const request = formRequest(path, fields, { cookie })
  const [, , id, slug] = path.split('/')
  return action({ request, params: { id, slug }, context: await contextFor(request) })
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

describe('thread page', () => {
  it('answers 404 for an unknown thread and 301 to the canonical slug', async () => {
    const q = makeQuestion(makeUser(), { title: 'Thermostat shows the wrong room temperature' })
    const get = async (id: string, slug: string) => {
      const request = new Request(`${ORIGIN}/questions/${id}/${slug}`)
      return loader({ request, params: { id, slug }, context: await contextFor(request) })
    }
    expect((await caught(get('999999', 'x'))).status).toBe(404)
    expect((await caught(get('abc', 'x'))).status).toBe(404)
    const moved = await caught(get(String(q.id), 'old-title'))
    expect(moved.status).toBe(301)
    expect(moved.headers.get('Location')).toBe(
      `/questions/${q.id}/thermostat-shows-the-wrong-room-temperature`,
    )
    const page = await get(String(q.id), q.slug)
    expect(page.thread.question.title).toBe('Thermostat shows the wrong room temperature')
  })

  it('sends a visitor who votes to log in and back', async () => {
    const q = makeQuestion(makeUser())
    const path = `/questions/${q.id}/${q.slug}`
    const response = await caught(
      post(path, { intent: 'vote', postType: 'question', postId: String(q.id), direction: 'up' }),
    )
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe(`/login?redirectTo=${encodeURIComponent(path)}`)
  })

  it('keeps a too-short answer with a field error and stores nothing', async () => {
    const q = makeQuestion(makeUser())
    const cookie = await signedIn(makeUser())
    const path = `/questions/${q.id}/${q.slug}`
    const result = await post(path, { intent: 'answer', body: 'Too short.' }, cookie)
    const { status, data } = unwrap(result)
    expect(status).toBe(400)
    const reply = data.result as {
      error: Record<string, string[]>
      initialValue: Record<string, string>
    }
    expect(reply.error.body).toEqual(['Your answer must be at least 30 characters'])
    expect(reply.initialValue.body).toBe('Too short.')
    const request = new Request(`${ORIGIN}${path}`)
    const page = await loader({
      request,
      params: { id: String(q.id), slug: q.slug },
      context: await contextFor(request),
    })
    expect(page.thread.answers).toHaveLength(0)
  })

  it('refuses a vote below the reputation threshold with the reason, and counts a staff vote', async () => {
    const q = makeQuestion(makeUser())
    const path = `/questions/${q.id}/${q.slug}`
    const fields = { intent: 'vote', postType: 'question', postId: String(q.id), direction: 'up' }
    const refused = unwrap(await post(path, fields, await signedIn(makeUser({ reputation: 14 }))))
    expect(refused.status).toBe(403)
    expect(refused.data.error).toBe('You need 15 reputation to upvote.')
    const counted = unwrap(await post(path, fields, await signedIn(makeUser({ role: 'staff' }))))
    expect(counted.data.vote).toEqual({ score: 1, myVote: 1 })
  })

  it('only staff can mark an answer official', async () => {
    const asker = makeUser()
    const q = makeQuestion(asker)
    const path = `/questions/${q.id}/${q.slug}`
    const answerResponse = (await post(
      path,
      { intent: 'answer', body: 'Restart the hub from the app, then re-pair the sensor.' },
      await signedIn(makeUser()),
    )) as Response
    const answerId = answerResponse.headers.get('Location')!.split('#answer-')[1]!
    const member = unwrap(
      await post(
        path,
        { intent: 'official', answerId, official: 'true' },
        await signedIn(makeUser({ reputation: 10_000 })),
      ),
    )
    expect(member.status).toBe(403)
    expect(member.data.error).toBe('Only staff can mark an official answer.')
    const staff = await post(
      path,
      { intent: 'official', answerId, official: 'true' },
      await signedIn(makeUser({ role: 'staff' })),
    )
    expect((staff as Response).status).toBe(302)
  })

  it('keeps a too-short comment under the answer it was for; a member below 50 is told why', async () => {
    const asker = makeUser()
    const q = makeQuestion(asker)
    const answer = makeAnswer(makeUser(), q.id)
    const path = `/questions/${q.id}/${q.slug}`
    const fields = { intent: 'comment', answerId: String(answer.id), body: 'Same here.' }
    const short = unwrap(await post(path, fields, await signedIn(asker)))
    expect(short.status).toBe(400)
    expect(short.data).toMatchObject({ intent: 'comment', answerId: answer.id })
    const reply = short.data.result as { error: Record<string, string[]> }
    expect(reply.error.body).toEqual(['Comment must be at least 15 characters'])

    const elsewhere = { ...fields, body: 'Which firmware is the sensor on?' }
    const refused = unwrap(await post(path, elsewhere, await signedIn(makeUser())))
    expect(refused.status).toBe(403)
    expect(refused.data).toMatchObject({ intent: 'comment', answerId: answer.id })
    expect((refused.data.result as { error: Record<string, string[]> }).error['']?.[0]).toMatch(
      /50 reputation/,
    )
  })

  it('answers 400 to a button it does not understand, and 404 for an unknown answer', async () => {
    const q = makeQuestion(makeUser())
    const path = `/questions/${q.id}/${q.slug}`
    const cookie = await signedIn(makeUser())
    const odd = unwrap(await post(path, { intent: 'accept', answerId: 'first' }, cookie))
    expect(odd.status).toBe(400)
    expect(odd.data.error).toBe('That request was not understood.')
    const missing = await caught(post(path, { intent: 'accept', answerId: '99999999' }, cookie))
    expect(missing.status).toBe(404)
  })
})
