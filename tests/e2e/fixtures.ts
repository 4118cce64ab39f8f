// Playwright fixtures: fresh accounts, demo logins and question creation, as a person does them.
import {
  test as base,
  expect,
  type APIRequestContext,
  type Browser,
  type BrowserContextOptions,
  type Locator,
  type Page,
} from '@playwright/test'
import { signupLinkFor } from './db.ts'

let counter = 0
export function uniqueHandle(prefix = 'user') {
  return `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}${Math.floor(Math.random() * 1e4)}`
}

/** The bot guard's stamp in a served form's HTML (app/components/bot-guard.tsx). */
export function formStampIn(html: string) {
  const stamp = /name="formStarted" value="([^"]+)"/.exec(html)?.[1]
  if (!stamp) throw new Error('The page has no form-start stamp')
  return stamp
}

/**
 * What a guarded form (ask, answer, sign-up) sends besides its fields, for tests that post
 * without a browser: the stamp of the form served at `path` and an empty honeypot. Any page
 * with a guarded form will do (the stamp is not tied to a form or a person): /signup for a
 * visitor, /questions/ask for a member.
 */
export async function guardFields(request: APIRequestContext, path: string) {
  const page = await request.get(path)
  return { website: '', formStarted: formStampIn(await page.text()) }
}

export interface Account {
  handle: string
  email: string
  password: string
}

export async function signUp(page: Page, prefix = 'user'): Promise<Account> {
  const handle = uniqueHandle(prefix)
  const account = { handle, email: `${handle}@example.test`, password: 'correct horse battery' }
  await page.goto('/signup')
  await page.getByLabel('Handle').fill(account.handle)
  await page.getByLabel('Email').fill(account.email)
  await page.getByLabel('Password').fill(account.password)
  await page.getByRole('button', { name: 'Sign up' }).click()
  const loggedIn = page.getByRole('button', { name: 'Log out' })
  // While e-mail is on (site-settings.spec.ts turns it on for a while), sign-up mails a link.
  const checkMail = page.getByRole('heading', { name: 'Check your e-mail' })
  await expect(loggedIn.or(checkMail)).toBeVisible()
  if (await checkMail.isVisible()) {
    await page.goto(await signupLinkFor(account.email))
    await page.getByRole('button', { name: 'Create my account' }).click()
  }
  await expect(loggedIn).toBeVisible()
  return account
}

/** Logs out, and waits until it has landed (a navigation meanwhile would cut the request off). */
export async function logOut(page: Page) {
  await page.getByRole('button', { name: 'Log out' }).click()
  await expect(
    page.getByRole('banner').getByRole('link', { name: 'Log in', exact: true }),
  ).toBeVisible()
}

/** Logs in; when the page is already the log-in form (sent there by the site), uses it as it is. */
export async function logIn(page: Page, account: Pick<Account, 'email' | 'password'>) {
  if (!page.url().includes('/login')) await page.goto('/login')
  await page.getByLabel('Email').fill(account.email)
  await page.getByLabel('Password').fill(account.password)
  await page.getByRole('button', { name: 'Log in' }).click()
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible()
}

export async function askQuestion(
  page: Page,
  q: { title: string; body: string; tags: string },
): Promise<string> {
  await page.goto('/')
  await page.getByRole('link', { name: 'Ask question' }).first().click()
  await page.getByLabel('Title').fill(q.title)
  await page.getByLabel('Body').fill(q.body)
  await page.getByLabel('Tags').fill(q.tags)
  await page.getByRole('button', { name: 'Post your question' }).click()
  await expect(page.getByRole('heading', { level: 1, name: q.title })).toBeVisible()
  return new URL(page.url()).pathname
}

/** Answers the thread at `threadPath` as the person signed in on `page`; returns their answer. */
export async function answerQuestion(page: Page, threadPath: string, handle: string, body: string) {
  await page.goto(threadPath)
  await page.getByRole('textbox', { name: 'Your answer' }).fill(body)
  await page.getByRole('button', { name: 'Post your answer' }).click()
  const answer = page.getByRole('article', { name: `Answer by ${handle}` })
  await expect(answer).toBeVisible()
  return answer
}

/**
 * Opens the comment box under a post (`scope`: its article or the question's region). The opener
 * is the `<summary>` "Add a comment", which browsers expose to screen readers as a button;
 * Playwright's role queries give `<summary>` no role, so it is found by its element and name.
 */
export async function openCommentBox(scope: Page | Locator) {
  await scope.locator('summary', { hasText: 'Add a comment' }).click()
  await expect(scope.getByRole('textbox', { name: 'Comment' })).toBeVisible()
}

let clients = 0
/**
 * A client address of its own for each browser context, sent as X-Forwarded-For (the e2e server
 * trusts its proxy, as a production one behind a load balancer does): the per-IP rate limits
 * then count each person of a test apart, as they would count real visitors, instead of the whole
 * suite as one address that signs up dozens of times an hour.
 */
export function clientHeaders() {
  clients++
  return {
    'X-Forwarded-For': `10.${process.pid % 250}.${Math.floor(clients / 250) % 250}.${clients % 250}`,
  }
}

export async function newPage(browser: Browser, options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ ...options, extraHTTPHeaders: clientHeaders() })
  return context.newPage()
}

export const test = base.extend<{ signUp: (prefix?: string) => Promise<Account> }>({
  // Playwright reads a fixture's dependencies from its first parameter's pattern: none here.
  // eslint-disable-next-line no-empty-pattern
  extraHTTPHeaders: async ({}, use) => {
    await use(clientHeaders())
  },
  signUp: async ({ page }, use) => {
    await use((prefix) => signUp(page, prefix))
  },
})
export { expect }
