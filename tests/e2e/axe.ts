// Helpers for accessibility.spec.ts: the axe check, and state each worker sets up once and
// shares between its tests (a logged-in session, the thread page under test).
import AxeBuilder from '@axe-core/playwright'
import type { Browser, BrowserContext, Page, WorkerInfo } from '@playwright/test'
import type { DemoLogin } from '#db/seed/logins.ts'
import { logIn, test as base } from './fixtures.ts'

/** WCAG 2.2 AA, as axe tags it. */
export const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

/** The page's serious and critical axe violations under WCAG 2.2 AA, one line each. */
export async function seriousViolations(page: Page) {
  // Only violations are read, so axe need not build selectors for every passing node
  // (resultTypes: the other result types keep one node each; violations keep all of theirs).
  const builder = new AxeBuilder({ page })
    .options({ resultTypes: ['violations'] })
    .withTags(WCAG_22_AA)
  // Without child frames, axe.run in the page (legacy mode) finds what runPartial + finishRun
  // finds, without the blank page finishRun opens and the second copy of axe it loads there.
  // With frames, keep the default mode, which also checks cross-origin ones.
  if (page.frames().length === 1) builder.setLegacyMode()
  const results = await builder.analyze()
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
}

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>

async function workerPage<T>(
  browser: Browser,
  workerInfo: WorkerInfo,
  work: (page: Page) => Promise<T>,
): Promise<T> {
  // storageState given: the running test's stored session (if any) must not leak in.
  const context = await browser.newContext({
    baseURL: workerInfo.project.use.baseURL,
    storageState: undefined,
  })
  try {
    return await work(await context.newPage())
  } finally {
    await context.close()
  }
}

export const test = base.extend<
  { loggedInAs: DemoLogin | null },
  {
    sessions: (login: DemoLogin) => Promise<StorageState>
    resolvedThread: () => Promise<string>
  }
>({
  /** Whose stored session the test's page starts with (`test.use({ loggedInAs })`); none by default. */
  loggedInAs: [null, { option: true }],
  storageState: async ({ loggedInAs, sessions, storageState }, use) => {
    await use(loggedInAs ? await sessions(loggedInAs) : storageState)
  },
  // Each demo account logs in once per worker (log-ins are rate-limited per IP for the whole run).
  sessions: [
    async ({ browser }, use, workerInfo) => {
      const stored = new Map<string, Promise<StorageState>>()
      await use((login) => {
        let state = stored.get(login.email)
        if (!state) {
          state = workerPage(browser, workerInfo, async (page) => {
            await logIn(page, login)
            return page.context().storageState()
          })
          stored.set(login.email, state)
          state.catch(() => stored.delete(login.email)) // a failed log-in is tried again
        }
        return state
      })
    },
    { scope: 'worker' },
  ],
  /** A resolved thread's path: the Resolved tab's first row when the worker first asks. */
  resolvedThread: [
    async ({ browser }, use, workerInfo) => {
      let path: Promise<string> | undefined
      await use(() => {
        path ??= workerPage(browser, workerInfo, async (page) => {
          await page.goto('/questions?tab=resolved')
          return (await page.locator('.question-row h3 a').first().getAttribute('href'))!
        })
        return path
      })
    },
    { scope: 'worker' },
  ],
})
export { expect } from './fixtures.ts'
