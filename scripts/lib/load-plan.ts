// The load test's pure parts (npm run test:load): its options, when the search outage starts and
// ends, reading a write's id from the redirect that acknowledged it, and which acknowledged
// writes the database does not hold. No I/O here, so tests/unit/load-plan.test.ts covers it.
import { parseArgs } from 'node:util'

export const LOAD_USAGE = `Usage: npm run test:load [-- options]
  --seconds N    length of the mixed load (60)
  --readers N    requests in flight from readers, logged out and in (40)
  --writers N    member accounts signed up to write, one request in flight each (24)
Server workers: WEB_CONCURRENCY (2). Meilisearch is killed at 40 % of the run, restarted at 70 %.`

export interface LoadOptions {
  seconds: number
  readers: number
  writers: number
  workers: number
  help: boolean
}

function whole(name: string, value: string, min: number, max: number) {
  const n = Number(value)
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}`)
  }
  return n
}

/** The options from the command line and WEB_CONCURRENCY; throws a message on bad input. */
export function parseLoadOptions(
  args: string[],
  env: Record<string, string | undefined> = {},
): LoadOptions {
  const { values } = parseArgs({
    args,
    options: {
      seconds: { type: 'string', default: '60' },
      readers: { type: 'string', default: '40' },
      writers: { type: 'string', default: '24' },
      help: { type: 'boolean', default: false },
    },
  })
  return {
    // At least 10 s: the outage needs time to be noticed and to end inside the run.
    seconds: whole('--seconds', values.seconds, 10, 900),
    readers: whole('--readers', values.readers, 5, 500),
    // At least 4: each writer needs others to vote for; the demo's voters lift at most ~48.
    writers: whole('--writers', values.writers, 4, 40),
    workers: whole('WEB_CONCURRENCY', env.WEB_CONCURRENCY || '2', 1, 64),
    help: values.help,
  }
}

/** Milliseconds into the load when Meilisearch is killed and when it is started again. */
export function outageWindow(seconds: number) {
  return { killAtMs: Math.round(seconds * 400), restartAtMs: Math.round(seconds * 700) }
}

export type WriteKind = 'answer' | 'comment'

/** The id in a redirect's fragment (`/questions/1/x#answer-42` → 42), or null. */
export function idFromLocation(location: string | undefined, kind: WriteKind): number | null {
  const match = new RegExp(`#${kind}-(\\d+)$`).exec(location ?? '')
  return match ? Number(match[1]) : null
}

/** A write the server answered with success. */
export type Acknowledged =
  | { kind: 'answer'; id: number; questionId: number; word: string }
  | { kind: 'comment'; id: number }
  | { kind: 'vote'; userId: number; postType: 'question' | 'answer'; postId: number }

export const voteKey = (userId: number, postType: string, postId: number) =>
  `${userId}:${postType}:${postId}`

/** What the database holds: live answer and comment ids, and upvotes as voteKey()s. */
export interface Stored {
  answers: ReadonlySet<number>
  comments: ReadonlySet<number>
  upvotes: ReadonlySet<string>
}

/** The acknowledged writes missing from `stored`, with a count of each kind checked. */
export function missingWrites(acknowledged: readonly Acknowledged[], stored: Stored) {
  const checked = { answer: 0, comment: 0, vote: 0 }
  const missing: Acknowledged[] = []
  for (const write of acknowledged) {
    checked[write.kind]++
    const present =
      write.kind === 'answer'
        ? stored.answers.has(write.id)
        : write.kind === 'comment'
          ? stored.comments.has(write.id)
          : stored.upvotes.has(voteKey(write.userId, write.postType, write.postId))
    if (!present) missing.push(write)
  }
  return { checked, missing }
}

/** Server log lines that show SQLite refusing a write for a held lock. */
export const busyLines = (log: string) =>
  log.split('\n').filter((line) => /SQLITE_BUSY|database is locked/i.test(line))
