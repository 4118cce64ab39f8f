// A loop of background work (the outbox worker, the related-lists job): one step at a time,
// also when a step is asked for from outside (tests, a drain on demand); after each step a pause
// as long as the step says, cut short by nudge() when a write has queued work; stop() ends it
// after the step under way.
export class BackgroundLoop {
  readonly #step: () => Promise<number>
  readonly #onError: (error: unknown) => void
  readonly #errorDelayMs: number
  #running = false
  #loop: Promise<void> | null = null
  #timer: NodeJS.Timeout | null = null
  #wake: (() => void) | null = null
  #chain: Promise<unknown> = Promise.resolve()

  /**
   * `step` does one piece of work and returns how long to pause before the next (ms); a step
   * that throws is reported to `onError` and the next waits `errorDelayMs`.
   */
  constructor(step: () => Promise<number>, onError: (error: unknown) => void, errorDelayMs = 1000) {
    this.#step = step
    this.#onError = onError
    this.#errorDelayMs = errorDelayMs
  }

  get running() {
    return this.#running
  }

  /** Runs `work` after any step under way (never two at once). */
  serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#chain.then(work)
    this.#chain = run.catch(() => undefined)
    return run
  }

  /** Takes the next step after `delayMs` rather than after the pause the last step chose. */
  nudge(delayMs: number) {
    if (!this.#running || !this.#wake) return
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = setTimeout(this.#wake, delayMs)
    this.#timer.unref()
  }

  start() {
    if (this.#running) return
    this.#running = true
    this.#loop = this.#run()
  }

  async stop() {
    this.#running = false
    if (this.#timer) clearTimeout(this.#timer)
    this.#wake?.()
    await this.#loop
    await this.#chain
    this.#loop = null
  }

  async #run() {
    while (this.#running) {
      let delay = this.#errorDelayMs
      try {
        delay = await this.serially(this.#step)
      } catch (error) {
        this.#onError(error)
      }
      if (!this.#running) break
      await new Promise<void>((resolve) => {
        this.#wake = resolve
        this.#timer = setTimeout(resolve, delay)
        this.#timer.unref()
      })
      this.#wake = null
      this.#timer = null
    }
  }
}
