// What `npm run eval:similar` and `npm run train:similar` share: a Stack Exchange dump loaded
// into a fresh Peerdesk database through the models (one dump per child process: the app opens
// its database at import time), its duplicate links as queries an asker would type, and the
// sentence vectors of its threads (the encoder in process, a backfill with a progress bar).
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import {
  duplicatesOf,
  htmlToText,
  openingText,
  readDump,
  toPeerdeskTags,
  withoutDuplicateNotice,
  type SeThread,
} from '#app/lib/stackexchange-dump.server.ts'
import {
  addCleanup,
  cleanup,
  cleanUpOnSignals,
  drainTimed,
  freshDatabaseDir,
  isInterrupted,
  progressBar,
} from './bench.ts'

export const BODY_OPENING_CHARS = 300
const USER_POOL = 24

export type QueryKind = 'title' | 'titleBody'
export const QUERY_KINDS: { kind: QueryKind; label: string }[] = [
  { kind: 'title', label: 'title' },
  { kind: 'titleBody', label: `title + ~${BODY_OPENING_CHARS} chars of body` },
]

/** One duplicate link as queries: the duplicate's text, its original(s) the relevant threads. */
export interface EvalQuestion {
  duplicateId: number
  originalIds: number[]
  /** The duplicate's Peerdesk id (left out of its own results). */
  excludeId: number
  /** The originals' Peerdesk ids. */
  relevant: Set<number>
  text: Record<QueryKind, string>
}

const seconds = (since: number) => (performance.now() - since) / 1000

/**
 * Loads the dump in `dir` into a fresh database in a temp dir (cleaned up at exit), with search
 * started (a managed Meilisearch beside it unless `meilisearch` is false) and the outbox drained.
 */
export async function loadEvalDump(dir: string, opts: { meilisearch: boolean }) {
  const dump = await readDump(dir)
  const duplicates = duplicatesOf(dump.links, dump.threads)
  const linkCount = duplicates.reduce((n, d) => n + d.originalIds.length, 0)
  if (duplicates.length === 0) throw new Error(`${dir}: no duplicate links between its questions`)

  freshDatabaseDir(`peerdesk-eval-${dump.site}-`)

  const { db, closeDatabase } = await import('#db/client.server.ts')
  const { runMigrations } = await import('#db/migrate.ts')
  const { createUser } = await import('#app/models/users.server.ts')
  const { createQuestion } = await import('#app/models/questions.server.ts')
  const { createAnswer, toggleAcceptedAnswer } = await import('#app/models/answers.server.ts')
  const search = await import('#search/index.server.ts')
  addCleanup(async () => {
    await search.stopSearch()
    closeDatabase()
  })
  runMigrations(db)

  await search.startSearch({
    worker: false,
    ...(opts.meilisearch ? {} : { meilisearch: null }),
    // Quiet once interrupted: Ctrl-C reaches Meilisearch too, and its exit is expected then.
    log: (level, message) => {
      if (level !== 'info' && !isInterrupted() && !message.includes('FTS5 only')) {
        console.error(`[search] ${message}`)
      }
    },
  })

  // Authors: a small pool (argon2 hashing makes every account cost ~50 ms); the dump's owners
  // map onto it so an asker can accept an answer written by someone else.
  const users: Awaited<ReturnType<typeof createUser>>[] = []
  for (let i = 0; i < USER_POOL; i++) {
    users.push(
      await createUser({
        handle: `se-${dump.site}-${i}`,
        email: `se-${dump.site}-${i}@example.invalid`,
        password: `eval-password-${i}-${Math.random()}`,
      }),
    )
  }
  const userFor = (ownerId: number | null, avoid?: number) => {
    const index = Math.abs(ownerId ?? 0) % USER_POOL
    const user = users[index]!
    return user.id === avoid ? users[(index + 1) % USER_POOL]! : user
  }

  // Every question with its answers, through the models (rendered HTML, outbox, FTS5 rows).
  const idOf = new Map<number, number>()
  let answerCount = 0
  let acceptedCount = 0
  const loadStart = performance.now()
  const bar = progressBar(
    `${dump.site.padEnd(8)} loading |{bar}| {value}/{total} threads | {eta_formatted} left`,
    5000,
  )
  bar.start(dump.threads.size, 0)
  for (const thread of dump.threads.values()) {
    const { question } = thread
    const asker = userFor(question.ownerUserId)
    const created = createQuestion(
      asker,
      {
        title: question.title,
        body: htmlToText(question.bodyHtml),
        tags: toPeerdeskTags(question.tags),
      },
      question.createdAt,
      { history: true }, // the dump's history: no flood limits
    )
    idOf.set(question.id, created.id)
    for (const answer of thread.answers) {
      const when = Math.max(answer.createdAt, question.createdAt)
      const author = userFor(answer.ownerUserId, asker.id)
      const { id } = createAnswer(author, created.id, htmlToText(answer.bodyHtml), when, {
        history: true,
      })
      answerCount++
      if (answer.id === question.acceptedAnswerId) {
        toggleAcceptedAnswer(asker, id, when + 1)
        acceptedCount++
      }
    }
    bar.increment()
  }
  bar.stop()
  const loadSeconds = seconds(loadStart)
  const { seconds: indexSeconds } = await drainTimed(search.drainOutbox)

  // The queries, as an asker types them: without the "Possible Duplicate: <original>" notice
  // that older closed questions begin with (it would hand the query its answer).
  const questions: EvalQuestion[] = duplicates.map(({ duplicateId, originalIds }) => {
    const thread = dump.threads.get(duplicateId) as SeThread
    const title = thread.question.title
    const opening = openingText(
      htmlToText(withoutDuplicateNotice(thread.question.bodyHtml), { paragraphs: false }),
      BODY_OPENING_CHARS,
    )
    return {
      duplicateId,
      originalIds,
      excludeId: idOf.get(duplicateId)!,
      relevant: new Set(originalIds.map((id) => idOf.get(id)!)),
      text: { title, titleBody: `${title}\n${opening}` },
    }
  })

  return {
    dump,
    duplicates,
    linkCount,
    db,
    search,
    questions,
    answerCount,
    acceptedCount,
    loadSeconds,
    indexSeconds,
  }
}

/**
 * The sentence encoder in this process, set behind encodeQuery (as the server sets its encoder
 * thread), and every thread's stored vector backfilled, with a progress bar.
 */
export async function withSentenceVectors(site: string) {
  const { db } = await import('#db/client.server.ts')
  const { loadSentenceEncoder } = await import('#search/sentence-encoder.ts')
  const { backfillVectors } = await import('#search/vector-backfill.server.ts')
  const { setQueryEncoder } = await import('#search/query-encoder.server.ts')
  const encoder = await loadSentenceEncoder()
  const queryEncoder = async (text: string) => (await encoder.encode([text]))[0] ?? null
  setQueryEncoder(queryEncoder)
  addCleanup(async () => setQueryEncoder(null))
  const started = performance.now()
  const bar = progressBar(
    `${site.padEnd(8)} vectors |{bar}| {percentage}% | {encoded} encoded | {eta_formatted} left`,
    5000,
  )
  bar.start(1, 0, { encoded: 0 })
  // Each batch first lets the event loop turn, so the bar's timer redraws it meanwhile.
  const yielding = {
    encode: async (texts: readonly string[]) => {
      await new Promise((resolve) => setImmediate(resolve))
      return encoder.encode(texts)
    },
  }
  const { encoded } = await backfillVectors(db.$client, yielding, {
    onProgress: ({ lastId, maxId, encoded }) => {
      bar.setTotal(Math.max(1, maxId))
      bar.update(lastId, { encoded })
    },
  })
  bar.stop()
  return { encoded, seconds: seconds(started), queryEncoder }
}

// ---------------------------------------------------------------- one dump per child process

type ChildMessage<T> = { type: 'result'; result: T } | { type: 'error'; message: string }

/** Runs `script --worker --dir DIR …args` in a child process and resolves with its result. */
export function runDumpChild<T>(script: string, dir: string, args: string[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(script), ['--worker', '--dir', dir, ...args], {
      execArgv: ['--import', 'tsx'],
      stdio: 'inherit',
    })
    let result: T | null = null
    let failure: string | null = null
    child.on('message', (message: ChildMessage<T>) => {
      if (message.type === 'result') result = message.result
      else failure = message.message
    })
    const forward = (signal: NodeJS.Signals) => child.kill(signal)
    process.on('SIGINT', forward)
    process.on('SIGTERM', forward)
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward)
      process.off('SIGTERM', forward)
      if (result) resolve(result)
      else reject(new Error(failure ?? `${dir}: worker exited (${signal ?? `code ${code}`})`))
    })
  })
}

/**
 * The child's side: runs `work`, cleans up, sends the result to the parent (or hands it to
 * `print` when run by hand) and exits.
 */
export async function runDumpWorker<T>(work: () => Promise<T>, print: (result: T) => void) {
  const send = (message: ChildMessage<T>) =>
    new Promise<void>((resolve) => {
      if (process.send) process.send(message, undefined, {}, () => resolve())
      else {
        if (message.type === 'result') print(message.result)
        else console.error(message.message)
        resolve()
      }
    })
  // Ctrl-C reaches this process from the terminal and again from the parent: clean up once.
  cleanUpOnSignals()
  let code = 0
  try {
    const result = await work()
    await cleanup()
    await send({ type: 'result', result })
  } catch (error) {
    await cleanup()
    await send({ type: 'error', message: (error as Error).stack ?? String(error) })
    code = 1
  }
  process.exit(code)
}
