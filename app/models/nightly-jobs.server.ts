// The nightly community jobs: the targeted-voting reversal, then a quiet badge recompute that
// awards whatever no event hook saw (e.g. a database that predates badges). Each runs when a day
// has passed since it last finished, as job_runs records it, so a restart or a worker taking
// the lead does not redo the day's run: at 1 000 000 threads the recompute is about a minute of
// CPU, which every start used to spend while the first visitors came in.
import { eq } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { jobRuns } from '#db/schema.ts'
import { recomputeBadgesInSteps } from './badges.server.ts'
import { reverseTargetedVoting } from './vote-fraud.server.ts'

const HOUR = 3_600_000
const DAY = 24 * HOUR

export type NightlyJob = 'targeted-voting' | 'badge-recompute'

const JOBS: { job: NightlyJob; run: (now: number) => Promise<void> | void }[] = [
  {
    job: 'targeted-voting',
    run: (now) => {
      reverseTargetedVoting(now)
    },
  },
  {
    job: 'badge-recompute',
    run: async (now) => {
      const awarded = await recomputeBadgesInSteps(now)
      if (awarded > 0) console.log(`[badges] Recompute awarded ${awarded} badge(s).`)
    },
  },
]

/** When `job` last finished, or null if it never has on this database. */
export function lastFinished(job: NightlyJob): number | null {
  const row = db
    .select({ finishedAt: jobRuns.finishedAt })
    .from(jobRuns)
    .where(eq(jobRuns.job, job))
    .get()
  return row?.finishedAt ?? null
}

/** Records that `job` finished at `at` (also for work done elsewhere: the seeder's recompute). */
export function markJobFinished(job: NightlyJob, at: number) {
  db.insert(jobRuns)
    .values({ job, finishedAt: at })
    .onConflictDoUpdate({ target: jobRuns.job, set: { finishedAt: at } })
    .run()
}

/**
 * Runs, in order, the jobs whose last finish is `intervalMs` or more before `clock()` (or that
 * never ran), each recorded once it finishes; a job that throws is logged and left due, and
 * the next still runs. Returns the jobs that finished.
 */
export async function runDueNightlyJobs(clock: () => number = Date.now, intervalMs = DAY) {
  const finished: NightlyJob[] = []
  for (const { job, run } of JOBS) {
    const last = lastFinished(job)
    const now = clock()
    if (last !== null && now - last < intervalMs) continue
    try {
      await run(now)
      markJobFinished(job, clock())
      finished.push(job)
    } catch (error) {
      console.error(`[nightly] ${job} failed:`, error)
    }
  }
  return finished
}

/**
 * Checks for due jobs soon after start (once the server is listening and settled), then every
 * hour, so each runs about a day after its last run whatever the restarts in between. A check
 * still running when the next comes is not started twice; the timers do not keep the process
 * alive.
 */
export function scheduleNightlyJobs(options: { intervalMs?: number; checkEveryMs?: number } = {}) {
  const { intervalMs = DAY, checkEveryMs = HOUR } = options
  let running = false
  const check = async () => {
    if (running) return
    running = true
    try {
      await runDueNightlyJobs(Date.now, intervalMs)
    } catch (error) {
      console.error('[nightly] Community jobs failed:', error)
    } finally {
      running = false
    }
  }
  setTimeout(() => void check(), 10_000).unref()
  const timer = setInterval(() => void check(), checkEveryMs)
  timer.unref()
  return timer
}
