// Security headers on every kind of answer (issue 14): a Content-Security-Policy whose scripts
// need a per-request nonce (no 'unsafe-inline'), every inline script carrying that nonce, and
// nosniff, Referrer-Policy, frame-ancestors 'none' and HSTS; a page that breaks none of it in
// Chromium (no CSP violation while it loads and hydrates).
import { expect, test } from './fixtures.ts'

const PAGES = [
  '/', // the home page (a cache hit after its first view)
  '/questions?tab=newest',
  '/search?q=router',
  '/login',
  '/signup',
  '/questions/ask', // the log-in page for a visitor
  '/no-such-page', // a 404 rendered by the app
  '/healthz', // JSON
  '/robots.txt',
]

function directivesOf(csp: string) {
  return new Map(
    csp
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name!, values]),
  )
}

test('every answer carries the security headers, and pages a fresh nonce on each inline script', async ({
  request,
}) => {
  const noncesSeen = new Set<string>()
  for (const path of PAGES) {
    for (let round = 0; round < 2; round++) {
      const response = await request.get(path, { maxRedirects: 0 })
      const headers = response.headers()
      expect(headers['x-content-type-options'], path).toBe('nosniff')
      expect(headers['referrer-policy'], path).toBe('same-origin')
      expect(headers['x-powered-by'], path).toBeUndefined()
      const hsts = /max-age=(\d+)/.exec(headers['strict-transport-security'] ?? '')
      expect(Number(hsts?.[1]), path).toBeGreaterThanOrEqual(365 * 24 * 3600)
      const csp = directivesOf(headers['content-security-policy'] ?? '')
      expect(csp.get('frame-ancestors'), path).toEqual(["'none'"])
      expect(csp.get('object-src'), path).toEqual(["'none'"])
      expect(csp.get('default-src'), path).toEqual(["'self'"])
      const scriptSrc = csp.get('script-src') ?? []
      expect(scriptSrc, path).not.toContain("'unsafe-inline'")
      expect(scriptSrc, path).not.toContain("'unsafe-eval'")
      const nonce = scriptSrc
        .map((s) => /^'nonce-([A-Za-z0-9+/=_-]{16,})'$/.exec(s)?.[1])
        .find(Boolean)
      expect(nonce, `${path}: script-src has a nonce`).toBeTruthy()
      expect(noncesSeen.has(nonce!), `${path}: the nonce is new`).toBe(false)
      noncesSeen.add(nonce!)
      if (!(headers['content-type'] ?? '').startsWith('text/html')) continue
      const html = await response.text()
      const scripts = [...html.matchAll(/<script\b([^>]*)>/gi)].map((m) => m[1]!)
      expect(scripts.length, path).toBeGreaterThan(0)
      for (const attributes of scripts) {
        expect(attributes, `${path}: every script carries this answer's nonce`).toContain(
          `nonce="${nonce}"`,
        )
      }
    }
  }
})

test('a page loads and hydrates in Chromium without a CSP violation', async ({ page }) => {
  const violations: string[] = []
  await page.exposeFunction('reportViolation', (text: string) => violations.push(text))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) =>
      (window as unknown as { reportViolation(text: string): void }).reportViolation(
        `${event.violatedDirective} ${event.blockedURI}`,
      ),
    )
  })
  for (const path of ['/', '/login', '/search?q=router']) {
    await page.goto(path)
    // Hydrated: the client has taken over (Remix's context exists once the entry ran).
    await page.waitForFunction(
      () => '__remixContext' in window && document.readyState === 'complete',
    )
  }
  expect(violations).toEqual([])
})
