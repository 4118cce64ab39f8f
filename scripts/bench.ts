// `npm run bench -- --questions N`: every benchmark of issue 10 against a production build on a
// seeded community (`npm run seed -- --questions N`, cached per N in bench/.cache/), each figure
// the median of repeated rounds beside its reference measured in the same rounds — a bare
// node:http server answering the same bytes for pages, Meilisearch called directly for search,
// plain FTS5 BM25 for similar questions. Writes bench/results/<date>.json and .md (targets
// marked pass/fail) and the scale curve over the latest results file of each size
// (<date>-scale.svg). `--scale 10000,100000,1000000` runs one size after another first;
// `--report-only` writes each results file's Markdown and chart again from the files there.
//
// The server runs as `node --import tsx --import scripts/lib/event-loop-probe.ts server.ts`
// (WEB_CONCURRENCY=1, RATE_LIMIT=false, SEED_DEMO=never) with Meilisearch started here (the
// copy's data) and handed over through MEILI_HOST, so both sides talk to the same process and
// its CPU and memory can be read. Scenarios with `workers` (answers-two-workers) run last, on a
// server of their own with that WEB_CONCURRENCY (the first one stopped): the probe then reports
// per worker and the figures are the worst worker's. Everything it started is stopped and its
// temp dir deleted at the end, also on Ctrl-C.
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import {
  addCleanup,
  cleanUpOnSignals,
  clusterWorkerPids,
  freshBuild,
  isInterrupted,
  LOOPBACK,
  percentile,
  prng,
  processLoopReport,
  REPO_ROOT,
  runMain,
  sleep,
  startAppServer,
  waitUntilIdle,
  startMeiliSidecar,
  type MeiliConnection,
  type StartedAppServer,
} from './lib/bench.ts'
import {
  postJson,
  replayableHeaders,
  runLoad,
  sampleOf,
  send,
  startBareServer,
  type LoadResult,
  type Reply,
  type RequestOptions,
  type Sample,
} from './lib/bench-http.ts'
import { makeQuery } from './lib/bench-queries.ts'
import {
  fmtMs,
  rewriteReports,
  stampOf,
  writeReport,
  type BenchResults,
  type Figure,
  type LagResult,
  type Measured,
  type ScenarioResult,
  type TargetId,
} from './lib/bench-report.ts'
import { READER, seededCopy } from './lib/bench-seed.ts'
import { FORM_START_FIELD, formStartToken, HONEYPOT_FIELD } from '#app/lib/bot-guard.server.ts'

import { loopFileOf, type LoopReport } from './lib/event-loop-probe.ts'

/** The servers' form secret, so the bench can stamp its answers as a browser's form would be. */
const BENCH_FORM_SECRET = 'bench-form-secret-not-secret-0123456789'
/** What a person's answer form sends besides the answer: an empty honeypot, a minute-old stamp. */
const personFields = () => ({
  [HONEYPOT_FIELD]: '',
  [FORM_START_FIELD]: formStartToken(Date.now() - 60_000, BENCH_FORM_SECRET),
})

const RESULTS_DIR = path.join(REPO_ROOT, 'bench/results')
const PROBE = './scripts/lib/event-loop-probe.ts'
const SIZES = [10_000, 100_000, 1_000_000]
const SESSION_COOKIE = 'peerdesk_session'

const USAGE = `Usage: npm run bench [-- options]
  --questions N     the seeded community's size: 10000, 100000 (default) or 1000000
  --seconds S       seconds per round of each figure (5)
  --rounds R        rounds per figure; each figure is their median (3)
  --concurrency C   requests in flight for pages and writes (8); search runs one at a time
  --only LIST       scenario ids or groups (pages, search, writes, health), comma-separated
  --lag-samples K   answers timed until searchable (20)
  --seed S          the seed's PRNG seed (1)
  --reseed          seed again even if bench/.cache/ has this community
  --scale LIST      run each size in turn (e.g. 10000,100000,1000000), then the curve
  --report-only     write every bench/results/*.json's Markdown and scale chart again, run nothing
  --cpu-prof DIR    the server (each worker) writes a V8 CPU profile into DIR when it stops
Results: bench/results/<date>.json, <date>.md, <date>-scale.svg`

// ---------------------------------------------------------------- options

interface Options {
  questions: number
  seconds: number
  rounds: number
  concurrency: number
  only: string[] | null
  lagSamples: number
  seed: number
  reseed: boolean
  cpuProfileDir: string | null
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      questions: { type: 'string', default: '100000' },
      seconds: { type: 'string', default: '5' },
      rounds: { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '8' },
      only: { type: 'string' },
      'lag-samples': { type: 'string', default: '20' },
      seed: { type: 'string', default: '1' },
      reseed: { type: 'boolean', default: false },
      scale: { type: 'string' },
      'report-only': { type: 'boolean', default: false },
      'cpu-prof': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  })
  const whole = (name: string, value: string, min: number, max: number) => {
    const n = Number(value.replace(/_/g, ''))
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new Error(`--${name} must be a whole number from ${min} to ${max}`)
    }
    return n
  }
  const questions = whole('questions', values.questions, 10, 5_000_000)
  if (!SIZES.includes(questions)) {
    console.error(`note: --questions ${questions} is not one of ${SIZES.join(', ')}`)
  }
  const options: Options = {
    questions,
    seconds: Number(values.seconds),
    rounds: whole('rounds', values.rounds, 1, 50),
    concurrency: whole('concurrency', values.concurrency, 1, 256),
    only: values.only ? values.only.split(',').map((x) => x.trim()) : null,
    lagSamples: whole('lag-samples', values['lag-samples'], 0, 1000),
    seed: whole('seed', values.seed, 1, 2 ** 31),
    reseed: values.reseed,
    cpuProfileDir: values['cpu-prof'] ? path.resolve(values['cpu-prof']) : null,
  }
  if (!(options.seconds > 0 && options.seconds <= 600)) {
    throw new Error('--seconds must be more than 0 and at most 600')
  }
  const scale = values.scale
    ? values.scale.split(',').map((x) => whole('scale', x.trim(), 10, 5_000_000))
    : null
  return { options, scale, help: values.help, reportOnly: values['report-only'] }
}

// ---------------------------------------------------------------- the server's insides

/** /proc/PID/status's VmHWM: the process's peak resident memory so far, MB. */
function peakRssMb(pid: number | undefined): number {
  if (pid == null) return NaN
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1])
    return kb / 1024
  } catch {
    return NaN
  }
}

/** The serving processes of a server: itself, or its workers (a cluster's primary only forks). */
interface Serving {
  server: StartedAppServer
  workerPids: number[]
  /** BENCH_LOOP_FILE: each process reports to loopFileOf(it, pid). */
  loopBase: string
}

type LoopFigure = NonNullable<Figure['loop']>

/** Every serving process's loop since the last ask; with several, the worst of each figure. */
async function loopReport(serving: Serving): Promise<LoopFigure | null> {
  const reports = await Promise.all(
    serving.workerPids.map((pid) => processLoopReport(pid, loopFileOf(serving.loopBase, pid))),
  )
  if (reports.some((r) => r == null)) return null
  const all = reports as LoopReport[]
  return {
    maxMs: Math.max(...all.map((r) => r.maxMs)),
    p99Ms: Math.max(...all.map((r) => r.p99Ms)),
    ...(all.length > 1 ? { workers: all.length } : {}),
  }
}

// ---------------------------------------------------------------- scenarios

/** Something timed: HTTP to the app, the bare server or Meilisearch, or work in this process. */
interface Target {
  label: string
  task: (i: number) => Promise<Sample | null>
  pids: { server?: number | readonly number[]; meili?: number }
  /** Whose CPU "per request" means: the server's (default), Meilisearch's, ours, or nobody's. */
  cpu?: 'server' | 'meili' | 'client' | 'none'
  /** Load to run meanwhile (the /healthz scenario). */
  background?: { concurrency: number; task: (i: number) => Promise<Sample | null> }
}

interface Scenario {
  id: string
  group: ScenarioResult['group']
  label: string
  example: string
  concurrency: number
  targets: TargetId[]
  note?: string
  /** Runs last, on a server of its own with this many workers (WEB_CONCURRENCY). */
  workers?: number
  /** Builds the app target and its references (may request a sample first). */
  prepare: () => Promise<{ app: Target; references: Target[] }>
}

const median = (xs: number[]) => {
  const finite = xs.filter(Number.isFinite).sort((a, b) => a - b)
  return finite.length ? percentile(finite, 50) : NaN
}

function figureOf(r: LoadResult, cpu: Target['cpu'], loop?: LoopFigure | null): Figure {
  const perRequest = (cores: number) => (r.requests ? (cores * r.seconds * 1000) / r.requests : NaN)
  const main =
    cpu === 'none'
      ? NaN
      : cpu === 'meili'
        ? r.meiliCpu
        : cpu === 'client'
          ? r.clientCpu
          : r.serverCpu
  return {
    rps: r.rps,
    p50: r.p50,
    p95: r.p95,
    p99: r.p99,
    cpuMsPerRequest: perRequest(main),
    meiliCpuMsPerRequest: perRequest(r.meiliCpu),
    requests: r.requests,
    failures: r.failures,
    ...(r.firstFailure ? { firstFailure: r.firstFailure } : {}),
    ...(r.cache.size > 1 || (r.cache.size === 1 && !r.cache.has('-'))
      ? { cache: Object.fromEntries(r.cache) }
      : {}),
    ...(loop ? { loop } : {}),
  }
}

/**
 * The rounds' medians, figure by figure; failures and cache states summed. A round left with
 * nothing to ask (a scenario whose never-requested threads ran out: open threads at 10 000) has
 * no figures and is not counted as 0 requests a second; every round stays in the JSON.
 */
function medianFigure(rounds: Figure[]): Figure {
  const ran = rounds.filter((f) => f.requests > 0)
  const m = (pick: (f: Figure) => number) => median(ran.map(pick))
  const cache: Record<string, number> = {}
  for (const f of rounds) {
    for (const [k, n] of Object.entries(f.cache ?? {})) cache[k] = (cache[k] ?? 0) + n
  }
  const loops = ran.flatMap((f) => (f.loop ? [f.loop] : []))
  const firstFailure = rounds.find((f) => f.firstFailure)?.firstFailure
  return {
    rps: m((f) => f.rps),
    p50: m((f) => f.p50),
    p95: m((f) => f.p95),
    p99: m((f) => f.p99),
    cpuMsPerRequest: m((f) => f.cpuMsPerRequest),
    meiliCpuMsPerRequest: m((f) => f.meiliCpuMsPerRequest),
    requests: rounds.reduce((n, f) => n + f.requests, 0),
    failures: rounds.reduce((n, f) => n + f.failures, 0),
    ...(firstFailure ? { firstFailure } : {}),
    ...(Object.keys(cache).length ? { cache } : {}),
    ...(loops.length
      ? {
          loop: {
            maxMs: Math.max(...loops.map((l) => l.maxMs)),
            p99Ms: median(loops.map((l) => l.p99Ms)),
            ...(loops[0]!.workers ? { workers: loops[0]!.workers } : {}),
          },
        }
      : {}),
  }
}

// ---------------------------------------------------------------- one run

/** `--cpu-prof DIR`: V8 writes each server process's profile there as it exits. */
function profileFlags(options: Options): string[] {
  if (!options.cpuProfileDir) return []
  fs.mkdirSync(options.cpuProfileDir, { recursive: true })
  return ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`]
}

async function benchOnce(options: Options) {
  const { questions, seconds, rounds, concurrency } = options
  const started = new Date()
  const loadAverageBefore = os.loadavg()
  cleanUpOnSignals('stopping the server and Meilisearch, deleting the temp dir…')
  await freshBuild()
  const copy = await seededCopy(questions, { seed: options.seed, reseed: options.reseed })

  // ------------------------------------------------------------ Meilisearch, the server
  const { resolveMeiliSetup, freePort } = await import('#search/sidecar.server.ts')
  const meili = await startMeiliSidecar(
    { ...process.env, DATABASE_PATH: copy.databasePath, MEILI_DATA_DIR: copy.meiliDataDir },
    resolveMeiliSetup,
  )
  /** server.ts with `workers` processes, each with the event-loop probe. */
  const startServing = async (workers: number): Promise<Serving> => {
    const name = workers === 1 ? 'server' : `server-${workers}-workers`
    const loopBase = path.join(copy.dir, `event-loop-${name}`)
    console.error(`Starting server.ts (production build, WEB_CONCURRENCY=${workers})…`)
    const started = await startAppServer({
      port: await freePort(LOOPBACK),
      databasePath: copy.databasePath,
      meili: meili.connection,
      logFile: path.join(copy.dir, `${name}.log`),
      settle: true,
      preload: [PROBE],
      nodeFlags: profileFlags(options),
      env: {
        WEB_CONCURRENCY: String(workers),
        BENCH_LOOP_FILE: loopBase,
        FORM_SECRET: BENCH_FORM_SECRET,
      },
    })
    const primary = started.child.pid!
    const by = Date.now() + 60_000
    let workerPids = workers === 1 ? [primary] : clusterWorkerPids(primary)
    while (workerPids.length < workers && Date.now() < by) {
      await sleep(250)
      workerPids = clusterWorkerPids(primary)
    }
    if (workerPids.length !== workers) {
      throw new Error(`server.ts runs ${workerPids.length} workers, not ${workers}`)
    }
    return { server: started, workerPids, loopBase }
  }
  const serving = await startServing(1)
  const server = serving.server
  const serverPid = server.child.pid!
  const pids = { server: serverPid, meili: meili.pid }
  const port = server.port
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency * 2 })
  const meiliAgent = new http.Agent({ keepAlive: true, maxSockets: concurrency * 2 })
  addCleanup(async () => {
    agent.destroy()
    meiliAgent.destroy()
  })
  const get = (p: string, headers?: http.OutgoingHttpHeaders): RequestOptions => ({
    path: p,
    headers,
  })
  const getTask =
    (pathOf: (i: number) => string | null, headers?: http.OutgoingHttpHeaders) =>
    async (i: number): Promise<Sample | null> => {
      const p = pathOf(i)
      if (p == null) return null
      return sampleOf(p, await send(agent, port, get(p, headers)))
    }

  // ------------------------------------------------------------ what to ask for
  const { openDatabase } = await import('#db/client.server.ts')
  const { SqliteFtsBackend } = await import('#search/sqlite-fts.server.ts')
  const { MeilisearchBackend, THREADS_INDEX } = await import('#search/meilisearch.server.ts')
  const db = openDatabase(copy.databasePath)
  addCleanup(async () => {
    db.$client.close()
  })
  interface ThreadRow {
    id: number
    slug: string
    title: string
    excerpt: string
    answers: number
  }
  // A fixed shuffle (multiplicative hash of the id): the same threads in every run of a size.
  const threadsWhere = (where: string, limit: number) =>
    db.$client
      .prepare(
        `SELECT id, slug, title, excerpt, answer_count AS answers FROM questions
          WHERE deleted_at IS NULL AND ${where} ORDER BY (id * 2654435761) % 4294967296 LIMIT ?`,
      )
      .all(limit) as ThreadRow[]
  const pagePath = (t: { id: number; slug: string }) => `/questions/${t.id}/${t.slug}`
  const resolved = threadsWhere(`status = 'resolved'`, 50_000)
  const open = threadsWhere(`status = 'open'`, 50_000)
  if (resolved.length < 100 || open.length < 100) throw new Error('Too few threads to bench on')
  // Disjoint slices: a cache-miss scenario must never meet a page another one requested.
  const slices = {
    hot: resolved.find((t) => t.answers >= 2 && t.answers <= 3) ?? resolved[0]!,
    loggedIn: [...resolved.slice(1, 51), ...open.slice(0, 50)],
    writes: open.slice(50, 250),
    lag: open.slice(250, 250 + options.lagSamples),
    missResolved: resolved.slice(51),
    missOpen: open.slice(250 + options.lagSamples),
  }
  const busyTag = (
    db.$client.prepare('SELECT name FROM tags ORDER BY question_count DESC LIMIT 1').get() as {
      name: string
    }
  ).name
  const busyMember = (
    db.$client
      .prepare(
        `SELECT u.handle AS handle FROM answers a JOIN users u ON u.id = a.author_id
          GROUP BY a.author_id ORDER BY count(*) DESC LIMIT 1`,
      )
      .get() as { handle: string }
  ).handle
  const r = prng(options.seed + 7)
  const sampleTitles = threadsWhere('1 = 1', 2000)
  // Similar questions get what an asker types: a title, or a title and the opening of the body.
  const similarTexts = sampleTitles.map((t, i) =>
    i % 2 === 0 ? t.title : `${t.title}\n${t.excerpt.slice(0, 160)}`,
  )
  const searchQueries = sampleTitles.map((t) => makeQuery(r, t.title).q)
  /**
   * Each call takes the next item, round after round (a round's requests count from 0 again): a
   * round asking what an earlier one asked would measure the server's caches of recent vectors,
   * stems and postings, not a person's new question.
   */
  const untried = <T>(list: readonly T[]) => {
    let next = 0
    return () => list[next++ % list.length]!
  }

  // ------------------------------------------------------------ logging in
  const origin = `http://${LOOPBACK}:${port}`
  const login = await send(agent, port, {
    method: 'POST',
    path: '/login',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
    body: new URLSearchParams({ email: READER.email, password: READER.password }).toString(),
  })
  const session = (login.headers['set-cookie'] ?? [])
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`))
  if (login.status >= 400 || !session) {
    throw new Error(`Logging in answered ${login.status} without a ${SESSION_COOKIE} cookie`)
  }
  const loggedIn = { Cookie: session }

  // ------------------------------------------------------------ references
  /** A bare node:http server answering the bytes of `sample` (requested once, from the app). */
  const bareLike = async (
    sample: RequestOptions,
    ok: readonly number[] = [200],
    fromPort = port,
  ) => {
    const reply = await send(agent, fromPort, { ...sample, keepBody: true, timeoutMs: 120_000 })
    if (!ok.includes(reply.status) || !reply.body) {
      throw new Error(`${sample.path} answered ${reply.status} when its bytes were taken`)
    }
    return bareTarget(reply, ok)
  }
  const bareTarget = async (reply: Reply, ok: readonly number[]): Promise<Target> => {
    const bare = await startBareServer(
      copy.dir,
      reply.body!,
      replayableHeaders(reply),
      reply.status,
    )
    const bareAgent = new http.Agent({ keepAlive: true, maxSockets: concurrency * 2 })
    addCleanup(async () => bareAgent.destroy())
    return {
      label: `bare node:http, same bytes (${(reply.body!.length / 1024).toFixed(1)} KB)`,
      pids: { server: bare.child.pid },
      task: async () => sampleOf('bare', await send(bareAgent, bare.port, { path: '/' }), ok),
    }
  }
  const meiliSearch = (body: unknown) =>
    postJson<{ hits: unknown[] }>(
      meiliAgent,
      `${meili.connection.host}/indexes/${THREADS_INDEX}/search`,
      meili.connection.apiKey,
      body,
    )
  const meiliTarget = (label: string, body: (i: number) => unknown, multi = false): Target => ({
    label,
    pids: { meili: meili.pid },
    cpu: 'meili',
    task: async (i) => {
      if (multi) {
        await postJson(
          meiliAgent,
          `${meili.connection.host}/multi-search`,
          meili.connection.apiKey,
          body(i),
        )
      } else {
        await meiliSearch(body(i))
      }
      return {}
    },
  })
  const connection: MeiliConnection = meili.connection
  const adapter = new MeilisearchBackend(connection)
  const fts = new SqliteFtsBackend(db)

  const THREAD_TARGETS: TargetId[] = ['threadP50', 'threadVsBare', 'loopMax']
  const fresh = (list: ThreadRow[]) => {
    let next = 0
    return {
      take: () => list[next++] ?? null,
      path: () => {
        const t = list[next++]
        return t ? pagePath(t) : null
      },
    }
  }
  const missResolved = fresh(slices.missResolved)
  const missOpen = fresh(slices.missOpen)
  /** A list page rendered each time: the cache keys pages by URL, an unknown parameter misses. */
  const busted = (p: string) => (i: number) => `${p}${p.includes('?') ? '&' : '?'}bench=${i}`
  const pageScenario = (
    id: string,
    label: string,
    p: string,
    opts: { cached?: boolean } = {},
  ): Scenario => ({
    id,
    group: 'pages',
    label,
    example: p,
    concurrency,
    targets: ['loopMax'],
    prepare: async () => ({
      app: {
        label,
        pids,
        task: getTask(opts.cached ? () => p : busted(p)),
      },
      references: [await bareLike(get(p))],
    }),
  })

  /** Thread pages never requested before, one after the other, beside a bare server of the first. */
  const missScenario = (
    id: string,
    label: string,
    example: string,
    threads: typeof missResolved,
    note?: string,
  ): Scenario => ({
    id,
    group: 'pages',
    label,
    example,
    concurrency,
    targets: THREAD_TARGETS,
    ...(note ? { note } : {}),
    prepare: async () => ({
      app: { label: 'app', pids, task: getTask(threads.path) },
      references: [await bareLike(get(threads.path()!))],
    }),
  })

  /** Serving processes for scenarios that run on a server of their own (Scenario.workers). */
  const ownServers = new Map<number, Serving>()
  const servingFor = (workers: number) => (workers === 1 ? serving : ownServers.get(workers)!)

  /** Answers posted one after another across 200 open threads by the logged-in reader. */
  const answersScenario = (id: string, label: string, workers: number): Scenario => ({
    id,
    group: 'writes',
    label,
    example: 'POST /questions/ID/slug intent=answer',
    concurrency,
    targets: ['answersPerSecond', 'loopMax'],
    ...(workers === 1 ? {} : { workers }),
    prepare: async () => {
      const { server: target, workerPids } = servingFor(workers)
      const post = (i: number): RequestOptions => {
        const t = slices.writes[i % slices.writes.length]!
        return {
          method: 'POST',
          path: pagePath(t),
          headers: {
            ...loggedIn,
            Origin: `http://${LOOPBACK}:${target.port}`,
            'Content-Type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({
            intent: 'answer',
            body: `Benchmark answer ${id} ${i}-${Date.now()}: restart the hub, then pair the sensor again from the app.`,
            ...personFields(),
          }).toString(),
        }
      }
      let n = 0
      return {
        app: {
          label: 'app',
          pids: { server: workerPids, meili: meili.pid },
          task: async () => {
            const request = post(n++)
            return sampleOf(request.path, await send(agent, target.port, request), [302, 303])
          },
        },
        references: [await bareLike(post(1e9), [302, 303], target.port)],
      }
    },
  })

  const scenarios: Scenario[] = [
    {
      id: 'thread-hit',
      group: 'pages',
      label: 'Thread page, logged out, cache hit',
      example: pagePath(slices.hot),
      concurrency,
      targets: ['cacheHitVsBare', 'loopMax'],
      prepare: async () => {
        const p = pagePath(slices.hot)
        let reply: Reply | null = null
        for (let i = 0; i < 3; i++) {
          reply = await send(agent, port, { path: p, keepBody: true, timeoutMs: 120_000 })
        }
        if (reply?.headers['x-cache'] !== 'HIT') {
          throw new Error(`${p}: no cache HIT after three requests`)
        }
        return {
          app: { label: 'app', pids, task: getTask(() => p) },
          references: [await bareTarget(reply, [200])],
        }
      },
    },
    missScenario(
      'thread-miss-resolved',
      'Thread page, logged out, cache miss, resolved threads',
      '/questions/ID/slug (each never requested before)',
      missResolved,
    ),
    missScenario(
      'thread-miss-open',
      'Thread page, logged out, cache miss, open threads (first view)',
      '/questions/ID/slug (open, each never requested before)',
      missOpen,
      'the first view of an open thread computes (or finds stored) its related resolved threads',
    ),
    {
      id: 'thread-logged-in',
      group: 'pages',
      label: 'Thread page, logged in',
      example: `${slices.loggedIn.length} threads in turn, half open`,
      concurrency,
      targets: THREAD_TARGETS,
      prepare: async () => {
        const paths = slices.loggedIn.map(pagePath)
        return {
          app: { label: 'app', pids, task: getTask((i) => paths[i % paths.length]!, loggedIn) },
          references: [await bareLike(get(paths[0]!, loggedIn))],
        }
      },
    },
    pageScenario('home', 'Home page', '/'),
    pageScenario('newest', 'Newest questions', '/questions?tab=newest'),
    pageScenario('deep-page', 'A deep page of the list', '/questions?page=500'),
    pageScenario('busy-tag', 'A busy tag’s page', `/tags/${encodeURIComponent(busyTag)}`),
    pageScenario('busy-member', 'A busy member’s profile', `/users/${busyMember}`),
    pageScenario('experts', 'Citizen experts', '/experts'),
    pageScenario('sitemap', 'Sitemap (the first 10 000 threads)', '/sitemaps/questions/1.xml'),
    pageScenario('feed', 'Newest questions feed', '/feeds/questions.atom'),
    {
      id: 'similar',
      group: 'search',
      label: 'Similar questions (the ask page’s endpoint)',
      example: '/resources/similar?text=<a title, or title + opening>',
      concurrency: 1,
      targets: ['searchP95', 'loopMax'],
      prepare: async () => {
        // Each target walks the same texts in the same order.
        const appText = untried(similarTexts)
        const bm25Text = untried(similarTexts)
        const meiliText = untried(similarTexts)
        const encoderText = untried(similarTexts)
        // The seeded threads have no stored vectors (encoding a million takes hours), so the
        // endpoint does not wait for the asker's; where threads have them it waits for the
        // longer of its look-up and this encoding (which the community's size does not change).
        const { loadSentenceEncoder, queryEncodedText } =
          await import('#search/sentence-encoder.ts')
        const encoder = await loadSentenceEncoder()
        return {
          app: {
            label: 'app',
            pids,
            task: getTask(() => `/resources/similar?text=${encodeURIComponent(appText())}`),
          },
          references: [
            {
              label: 'plain FTS5 BM25 (in process)',
              pids: {},
              cpu: 'client',
              task: async () => {
                fts.similarSync({ text: bm25Text(), limit: 6, wholeIndex: true }, { plain: true })
                return {}
              },
            },
            meiliTarget('Meilisearch called directly', () => ({
              q: meiliText(),
              limit: 6,
              attributesToRetrieve: ['id', 'slug', 'title', 'status'],
            })),
            {
              label: 'the sentence encoder on the asker’s text (in process)',
              pids: {},
              cpu: 'client',
              task: async () => {
                await encoder.encode([queryEncodedText(encoderText())])
                return {}
              },
            },
          ],
        }
      },
    },
    {
      id: 'search',
      group: 'search',
      label: 'Search page (/search)',
      example: '/search?q=<1–4 words of a title, a quarter with a typo>',
      concurrency: 1,
      targets: ['searchP95', 'adapterVsMeili', 'loopMax'],
      prepare: async () => {
        const appQuery = untried(searchQueries)
        const meiliQuery = untried(searchQueries)
        const adapterQuery = untried(searchQueries)
        // The same three searches the adapter sends (hits with highlights, then each facet).
        const multi = (q: string) => ({
          queries: [
            {
              indexUid: THREADS_INDEX,
              q,
              filter: 'resolved = true',
              page: 1,
              hitsPerPage: 20,
              attributesToHighlight: ['title', 'body', 'answers'],
              attributesToCrop: ['body', 'answers'],
              cropLength: 30,
            },
            {
              indexUid: THREADS_INDEX,
              q,
              filter: 'resolved = true',
              facets: ['tags'],
              limit: 0,
            },
            { indexUid: THREADS_INDEX, q, facets: ['status'], limit: 0 },
          ],
        })
        return {
          app: {
            label: 'app',
            pids,
            task: getTask(() => `/search?q=${encodeURIComponent(appQuery())}`),
          },
          references: [
            meiliTarget(
              'Meilisearch called directly (the same multi-search)',
              () => multi(meiliQuery()),
              true,
            ),
            {
              label: 'Peerdesk adapter (in process: facets, highlights)',
              pids: { meili: meili.pid },
              cpu: 'client',
              task: async () => {
                await adapter.search({ q: adapterQuery(), status: 'resolved', pageSize: 20 })
                return {}
              },
            },
          ],
        }
      },
    },
    {
      id: 'healthz-under-similar',
      group: 'health',
      label: '/healthz while 2 clients hammer similar questions',
      example: '/healthz, one at a time, every 10 ms',
      concurrency: 1,
      targets: ['loopMax'],
      prepare: async () => {
        const healthz = async (): Promise<Sample> => {
          await sleep(10)
          const t0 = performance.now()
          const reply = await send(agent, port, { path: '/healthz' })
          return { ...sampleOf('/healthz', reply), ms: performance.now() - t0 }
        }
        const text = (i: number) => similarTexts[(i * 7) % similarTexts.length]!
        return {
          app: {
            label: 'app',
            pids,
            // The server's CPU is mostly the similar-questions load's, not /healthz's.
            cpu: 'none',
            task: healthz,
            background: {
              concurrency: 2,
              task: getTask((i) => `/resources/similar?text=${encodeURIComponent(text(i))}`),
            },
          },
          references: [{ label: '/healthz with nothing else running', pids, task: healthz }],
        }
      },
    },
    answersScenario('answers', 'Answers posted through the real action (outbox on)', 1),
    answersScenario(
      'answers-two-workers',
      'Answers posted through the real action (outbox on), two workers',
      2,
    ),
  ]

  const wanted = (s: Scenario) =>
    !options.only || options.only.some((x) => x === s.id || x === s.group)
  const results: ScenarioResult[] = []

  // ------------------------------------------------------------ measuring
  /** One run of a target; with `loopOf`, the event loop of those serving processes meanwhile. */
  const measure = async (target: Target, c: number, s: number, loopOf: Serving | null) => {
    let stopBackground = false
    const background = target.background
      ? runLoad({
          concurrency: target.background.concurrency,
          seconds: s + 60,
          task: (i) => (stopBackground ? Promise.resolve(null) : target.background!.task(i)),
        })
      : null
    if (background) await sleep(200) // let the load start first
    if (loopOf) await loopReport(loopOf)
    const result = await runLoad({
      concurrency: c,
      seconds: s,
      task: target.task,
      pids: target.pids,
    })
    const loop = loopOf ? await loopReport(loopOf) : null
    stopBackground = true
    await background
    return figureOf(result, target.cpu, loop)
  }

  const measured = (label: string, rs: Figure[]): Measured => ({
    label,
    figure: medianFigure(rs),
    rounds: rs,
  })
  const runScenarios = async (list: Scenario[]) => {
    for (const scenario of list) await runReported(scenario)
  }
  const runReported = async (scenario: Scenario) => {
    if (isInterrupted()) return
    // Requests a client gave up on in the scenario before may still hold the server.
    const { server: busy } = servingFor(scenario.workers ?? 1)
    if (!(await waitUntilIdle(busy, 180_000))) console.error('  (the server is still busy)')
    console.error(`${scenario.label}: ${rounds} × ${seconds} s…`)
    try {
      results.push(await runScenario(scenario))
    } catch (error) {
      // One scenario that cannot run (the server too slow to give its sample) is reported,
      // and the others still run.
      const message = (error as Error).message
      console.error(`  failed: ${message}`)
      results.push({
        id: scenario.id,
        group: scenario.group,
        label: scenario.label,
        example: scenario.example,
        concurrency: scenario.concurrency,
        app: measured('app', []),
        references: [],
        targets: scenario.targets,
        ...(scenario.workers ? { workers: scenario.workers } : {}),
        error: message,
      })
    }
  }
  await runScenarios(scenarios.filter((s) => wanted(s) && !s.workers))

  async function runScenario(scenario: Scenario): Promise<ScenarioResult> {
    const { app, references } = await scenario.prepare()
    const warmUp = Math.min(1, seconds)
    const loopOf = servingFor(scenario.workers ?? 1)
    await measure(app, scenario.concurrency, warmUp, null)
    for (const ref of references) await measure(ref, scenario.concurrency, warmUp / 2, null)
    const appRounds: Figure[] = []
    const refRounds: Figure[][] = references.map(() => [])
    for (let round = 0; round < rounds; round++) {
      appRounds.push(await measure(app, scenario.concurrency, seconds, loopOf))
      for (const [k, ref] of references.entries()) {
        refRounds[k]!.push(await measure(ref, scenario.concurrency, seconds, null))
      }
    }
    const result: ScenarioResult = {
      id: scenario.id,
      group: scenario.group,
      label: scenario.label,
      example: scenario.example,
      concurrency: scenario.concurrency,
      app: measured(app.label, appRounds),
      references: references.map((ref, k) => measured(ref.label, refRounds[k]!)),
      targets: scenario.targets,
      ...(scenario.note ? { note: scenario.note } : {}),
      ...(scenario.workers ? { workers: scenario.workers } : {}),
    }
    const f = result.app.figure
    console.error(
      `  ${f.rps.toFixed(1)} rps, p50 ${fmtMs(f.p50)} ms, p99 ${fmtMs(f.p99)} ms, ` +
        `loop max ${fmtMs(f.loop?.maxMs ?? NaN)} ms${f.failures ? `, ${f.failures} failed (${f.firstFailure})` : ''}` +
        result.references
          .map((x) => `; ${x.label}: ${x.figure.rps.toFixed(1)} rps, p50 ${fmtMs(x.figure.p50)} ms`)
          .join(''),
    )
    return result
  }

  // ------------------------------------------------------------ searchable after a write
  let searchableLag: LagResult | null = null
  if (options.lagSamples > 0 && (!options.only || options.only.includes('writes'))) {
    console.error(`Time until searchable: ${slices.lag.length} answers, one at a time…`)
    const samples: number[] = []
    let failures = 0
    for (const [i, t] of slices.lag.entries()) {
      if (isInterrupted()) return
      const token = `lagprobe${i}x${Math.random()
        .toString(36)
        .replace(/[^a-z]/g, '')
        .slice(0, 8)}`
      const reply = await send(agent, port, {
        method: 'POST',
        path: pagePath(t),
        headers: {
          ...loggedIn,
          Origin: origin,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          intent: 'answer',
          body: `Benchmark answer with the word ${token}, which no other post has.`,
          ...personFields(),
        }).toString(),
      })
      const posted = performance.now()
      if (reply.status !== 302 && reply.status !== 303) {
        throw new Error(`Posting an answer to ${pagePath(t)} answered ${reply.status}`)
      }
      let found = false
      while (performance.now() - posted < 30_000) {
        const { hits } = await meiliSearch({ q: token, limit: 5, attributesToRetrieve: ['id'] })
        if ((hits as { id: number }[]).some((h) => h.id === t.id)) {
          found = true
          break
        }
        await sleep(5)
      }
      if (found) samples.push(performance.now() - posted)
      else failures++
      await sleep(200 + r.int(300))
    }
    const sorted = Float64Array.from(samples).sort()
    searchableLag = {
      samples: samples.map((x) => Math.round(x * 10) / 10),
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      max: sorted.at(-1) ?? NaN,
      failures,
    }
    console.error(`  p50 ${fmtMs(searchableLag.p50)} ms, p95 ${fmtMs(searchableLag.p95)} ms`)
  }

  // ------------------------------------------------------------ on servers of their own
  const memory = { appPeakRssMb: peakRssMb(serverPid), meiliPeakRssMb: peakRssMb(meili.pid) }
  const later = scenarios.filter((s) => wanted(s) && s.workers)
  for (const workers of new Set(later.map((s) => s.workers!))) {
    if (isInterrupted()) return
    // One server at a time: two leaders would both drain the outbox, and share the cores.
    await server.stop()
    for (const other of ownServers.values()) await other.server.stop()
    ownServers.set(workers, await startServing(workers))
    await runScenarios(later.filter((s) => s.workers === workers))
  }

  // ------------------------------------------------------------ the report
  const commit = (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      }).trim()
    } catch {
      return 'unknown'
    }
  })()
  const report: BenchResults = {
    version: 1,
    date: started.toISOString(),
    questions,
    seed: options.seed,
    options: { seconds, rounds, concurrency, ...(options.only ? { only: options.only } : {}) },
    machine: {
      cpus: os.cpus().length,
      node: process.versions.node,
      commit,
      loadAverageBefore,
      loadAverageAfter: os.loadavg(),
      webConcurrency: 1,
    },
    seeding: { reused: copy.reused, seconds: copy.info.seedSeconds },
    server: { readySeconds: server.readySeconds, settledSeconds: server.settledSeconds },
    scenarios: results,
    searchableLag,
    memory,
  }
  const written = await writeReport(RESULTS_DIR, stampOf(started), report)
  console.log(`Wrote ${written.map((f) => path.relative(REPO_ROOT, f)).join(', ')}`)
}

// ---------------------------------------------------------------- entry

/** `--scale`: each size in its own process (one clean-up per run), then the curve. */
async function benchSizes(sizes: number[]) {
  const rest = process.argv
    .slice(2)
    .filter((a, i, all) => a !== '--scale' && all[i - 1] !== '--scale' && !a.startsWith('--scale='))
  for (const size of sizes) {
    const args = ['--import', 'tsx', 'scripts/bench.ts', ...rest, '--questions', String(size)]
    console.error(`\n=== ${size} questions ===`)
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: 'inherit' })
      addCleanup(async () => void child.kill('SIGTERM'))
      child.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`bench at ${size} exited ${code}`)),
      )
    })
  }
  const written = await rewriteReports(RESULTS_DIR)
  console.log(`Wrote ${written.map((f) => path.relative(REPO_ROOT, f)).join(', ')}`)
}

runMain(async () => {
  const { options, scale, help, reportOnly } = parseOptions()
  if (help) {
    console.log(USAGE)
    return
  }
  if (reportOnly) {
    const written = await rewriteReports(RESULTS_DIR)
    console.log(`Wrote ${written.map((f) => path.relative(REPO_ROOT, f)).join(', ')}`)
    return
  }
  if (scale) await benchSizes(scale)
  else await benchOnce(options)
})
