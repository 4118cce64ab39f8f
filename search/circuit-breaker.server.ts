// A small circuit breaker: a Meilisearch that failed is left alone for a growing while, so a
// down search engine is not waited on by every request.
import { describeError } from './meilisearch.server.ts'

/** Opens after a failure for 1 s, 2 s, 4 s … (at most 30 s); the next call after that tries. */
export class CircuitBreaker {
  #failures = 0
  #openUntil = 0
  lastError: string | undefined

  allows(now = Date.now()) {
    return now >= this.#openUntil
  }

  get failing() {
    return this.#failures > 0
  }

  retryInMs(now = Date.now()) {
    return Math.max(0, this.#openUntil - now)
  }

  /** Returns true when this closed a failing circuit. */
  success(): boolean {
    const wasFailing = this.#failures > 0
    this.#failures = 0
    this.#openUntil = 0
    this.lastError = undefined
    return wasFailing
  }

  /** Returns true when this opened a healthy circuit. */
  failure(error: unknown, now = Date.now()): boolean {
    const wasHealthy = this.#failures === 0
    this.#failures++
    this.#openUntil = now + Math.min(30_000, 1000 * 2 ** (this.#failures - 1))
    this.lastError = describeError(error)
    return wasHealthy
  }
}
