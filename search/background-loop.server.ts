// A loop of background work (the outbox worker, the related-lists job): one step at a time,
// also when a step is asked for from outside (tests, a drain on demand); after each step a pause
// as long as the step says, cut short by nudge() when a write has queued work; stop() ends it
// after the step under way. A worker extends it with its step.
export abstract class BackgroundLoop {
  readonly #errorDelayMs: number
  readonly #nudgeDelayMs: number
  #running = false
  #loop: Promise<void> | null = null
  #timer: NodeJS.Timeout | null = null
  #wake: (() => void) | null = null
  #chain: Promise<unknown> = Promise.resolve()

  /** After a step that threw, the next waits `errorDelayMs`; nudge() waits `nudgeDelayMs`. */
  constructor({ errorDelayMs = 1000, nudgeDelayMs = 20 } = {}) {
    this.#errorDelayMs = errorDelayMs
    this.#nudgeDelayMs = nudgeDelayMs
  }

  /** One piece of work; returns how long to pause before the next (ms). */
  protected abstract step(): Promise<number>

  /** A step threw (the loop goes on). */
  protected abstract reportError(error: unknown): void

  get running() {
    return this.#running
  }

  /** Runs `work` after any step under way (never two at once). */
  serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#chain.then(work)
    this.#chain = run.catch(() => undefined)
    return run
  }

  /** Takes the next step shortly rather than after the pause the last step chose. */
  nudge(delayMs = this.#nudgeDelayMs) {
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
        delay = await this.serially(() => this.step())
      } catch (error) {
        this.reportError(error)
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
