// HTTP clients for the page-cache specs, which count cache hits and so talk to the server without
// a browser: a member signed in by the log-in form, and a thread of the test's own.
import { expect, request as playwrightRequest, type APIRequestContext } from '@playwright/test'
import { DEMO_LOGINS, type DemoLogin } from '#db/seed/logins.ts'
import { guardFields } from './fixtures.ts'

const member = DEMO_LOGINS.find((l) => l.handle === 'sam')!

/** A client logged in through the log-in form, as the demo member sam unless told whom. */
export async function loggedIn(
  baseURL: string,
  login: Pick<DemoLogin, 'email' | 'password'> = member,
): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: { Origin: baseURL },
  })
  const response = await context.post('/login', {
    form: { email: login.email, password: login.password },
    maxRedirects: 0,
  })
  expect(response.status()).toBe(302)
  return context
}

/**
 * Asks a question of the test's own (so no other test's writes drop its page meanwhile), with
 * its own text (one account may not post the same text twice in a day); returns its path.
 */
export async function ownThread(author: APIRequestContext, title: string, body: string) {
  const response = await author.post('/questions/ask', {
    form: {
      ...(await guardFields(author, '/questions/ask')),
      title: `${title} ${Date.now()}`,
      body: `${body} (${Date.now()}).`,
      tags: 'hub',
    },
    maxRedirects: 0,
  })
  expect(response.status()).toBe(302)
  return response.headers()['location']!
}
