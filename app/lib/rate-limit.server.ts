// Per-IP and per-account rate limits, counted in memory. With several workers
// (WEB_CONCURRENCY > 1) the counters live in the cluster's primary (rate-limiter-flexible's
// RateLimiterClusterMaster) and each worker asks it over IPC, so a limit holds across workers.
import type { HeadersFunction } from '@remix-run/node'
import {
  RateLimiterCluster,
  RateLimiterClusterMaster,
  RateLimiterMemory,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible'
import { env } from './env.server.ts'

interface Rule {
  points: number
  duration: number // seconds
}

const RULES = {
  // account: per address typed, so nobody floods one mailbox with confirmation links.
  signup: { ip: { points: 20, duration: 3600 }, account: { points: 5, duration: 3600 } },
  'password-reset': { ip: { points: 20, duration: 3600 }, account: { points: 5, duration: 3600 } },
  login: { ip: { points: 30, duration: 900 }, account: { points: 8, duration: 900 } },
  post: { ip: { points: 60, duration: 600 }, account: { points: 30, duration: 600 } },
  vote: { ip: { points: 120, duration: 60 }, account: { points: 60, duration: 60 } },
} satisfies Record<string, { ip: Rule; account?: Rule }>

export type RateLimitAction = keyof typeof RULES

const limiters = new Map<string, RateLimiterAbstract>()
let shared = false

function limiter(action: RateLimitAction, scope: 'ip' | 'account', rule: Rule) {
  const key = `${action}:${scope}`
  let found = limiters.get(key)
  if (!found) {
    // The primary answers in well under a millisecond; waiting longer means it is gone.
    found = shared
      ? new RateLimiterCluster({ keyPrefix: key, ...rule, timeoutMs: 3000 })
      : new RateLimiterMemory({ keyPrefix: key, ...rule })
    limiters.set(key, found)
  }
  return found
}

/** In a cluster's primary: keeps the counters that every worker's limiters share. */
export function serveSharedRateLimits() {
  new RateLimiterClusterMaster() // a singleton that answers the workers over IPC
}

/** In a cluster's worker, before it serves: count in the primary instead of here. */
export function useSharedRateLimits() {
  shared = true
  limiters.clear()
  // Made now, so each one's handshake with the primary is done before the first request.
  for (const [action, rules] of Object.entries(RULES) as [
    RateLimitAction,
    { ip: Rule; account?: Rule },
  ][]) {
    limiter(action, 'ip', rules.ip)
    if (rules.account) limiter(action, 'account', rules.account)
  }
}

export class RateLimitedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many attempts. Try again in ${retryAfterSeconds} s.`)
  }
}

/**
 * Counts one attempt against the IP and (when known) the account.
 * Throws RateLimitedError with the seconds to wait when either is over its limit.
 */
export async function consumeRateLimit(
  action: RateLimitAction,
  keys: { ip: string; account?: string | number | null },
) {
  if (!env().RATE_LIMIT) return
  const rules: { ip: Rule; account?: Rule } = RULES[action]
  const attempts: Promise<unknown>[] = [limiter(action, 'ip', rules.ip).consume(keys.ip)]
  if (rules.account && keys.account != null) {
    attempts.push(limiter(action, 'account', rules.account).consume(String(keys.account)))
  }
  const results = await Promise.allSettled(attempts)
  const waits = results.flatMap((r) =>
    r.status === 'rejected' && r.reason instanceof RateLimiterRes ? [r.reason.msBeforeNext] : [],
  )
  const failure = results.find(
    (r) => r.status === 'rejected' && !(r.reason instanceof RateLimiterRes),
  )
  if (failure && failure.status === 'rejected') throw failure.reason
  if (waits.length > 0)
    throw new RateLimitedError(Math.max(1, Math.ceil(Math.max(...waits) / 1000)))
}

/** After a successful log-in the account's failed attempts no longer count. */
export async function resetRateLimit(action: RateLimitAction, account: string | number) {
  await limiters.get(`${action}:account`)?.delete(String(account))
}

export function rateLimitHeaders(error: RateLimitedError) {
  return { 'Retry-After': String(error.retryAfterSeconds) }
}

/**
 * The `headers` export of every route whose action can answer 429 (`export const headers =
 * keepRetryAfter`). Remix builds a page's (and a single-fetch `.data`) response headers from the
 * routes' `headers` exports alone: headers an action sets with `data(…, { headers })` reach the
 * response only as Set-Cookie, so without this export the Retry-After never leaves the server.
 */
export const keepRetryAfter: HeadersFunction = ({ parentHeaders, actionHeaders, errorHeaders }) => {
  const headers = new Headers(parentHeaders)
  const retryAfter = actionHeaders.get('Retry-After') ?? errorHeaders?.get('Retry-After')
  if (retryAfter) headers.set('Retry-After', retryAfter)
  return headers
}
