// `npm run bench:cache [-- --questions N …]`: how often the anonymous page cache hits, for
// logged-out thread pages under different access patterns, on the scale seed's community
// (cached in bench/.cache/ as for `npm run bench`, copied for the run).
//
// For each access pattern a fresh server (empty cache) takes logged-out thread-page requests,
// up to R of them or T seconds: uniform over all N threads, Zipf-distributed, and Zipf with an
// answer posted over HTTP every K requests (to a thread drawn from the same Zipf: popular
// threads get the answers). The rate comes from X-Cache. A copy of the cache's rules replays
// each run's timeline (checking the copy against the server), then replays the whole
// R-request sequences at steady rates of 1 to 1000 requests/s: the admission window is in
// seconds, so the hit rate depends on the traffic per minute, not only on the pattern.
// (Throughput and latency of the pages are `npm run bench`'s.)
//
// Everything it started is stopped and the temp dir deleted at the end, also on Ctrl-C.
import http from 'node:http'
import path from 'node:path'
import { parseArgs } from 'node:util'
import {
  cleanUpOnSignals,
  LOOPBACK as HOST,
  percentile,
  processCpuSeconds,
  prng,
  runMain,
  startAppServer,
  startMeiliSidecar,
  zipfSampler,
  type Rng,
} from './lib/bench.ts'
import {
  header,
  MAX_REQUESTS_PER_RUN,
  MAX_RUN_SECONDS,
  runLoad,
  send,
  type LoadResult,
  type Reply,
  type RequestOptions,
} from './lib/bench-http.ts'
import { READER, seededCopy } from './lib/bench-seed.ts'

const SESSION_COOKIE = 'peerdesk_session'
/** The page cache's rules, as app/lib/page-cache.server.ts sets them (for the replay). */
const ADMIT_WINDOW_MS = 60_000
const PAGE_TTL_MS = 5 * 60_000
const PAGE_OVERHEAD_BYTES = 512

// ---------------------------------------------------------------- request sequences

/** Fisher–Yates over 0..n-1. */
function permutation(r: Rng, n: number): Uint32Array {
  const out = new Uint32Array(n)
  for (let i = 0; i < n; i++) out[i] = i
  for (let i = n - 1; i > 0; i--) {
    const j = r.int(i + 1)
    const t = out[i]!
    out[i] = out[j]!
    out[j] = t
  }
  return out
}

// ---------------------------------------------------------------- the cache, replayed

type TimelineEvent =
  { at: number; key: string; bytes: number } | { at: number; invalidate: string; bytes?: undefined }

interface ReplayResult {
  requests: number
  hits: number
  stored: number
  pages: number
  residentBytes: number
  peakBytes: number
}

/**
 * The rules of PageCache (app/lib/page-cache.server.ts) on a timeline: a miss marks the page,
 * a miss within the admission window of its mark stores it, pages live PAGE_TTL_MS in a
 * byte-bounded LRU, an invalidation drops the page and its mark. (The server's 100 000-entry
 * cap on marks is not modelled: these runs mark far fewer.)
 */
function replayCache(events: TimelineEvent[], maxBytes: number): ReplayResult {
  const marks = new Map<string, number>()
  const pages = new Map<string, { storedAt: number; size: number }>()
  let resident = 0
  let peak = 0
  let hits = 0
  let requests = 0
  let stored = 0
  const drop = (key: string) => {
    const page = pages.get(key)
    if (!page) return
    pages.delete(key)
    resident -= page.size
  }
  for (const event of events) {
    if (event.bytes === undefined) {
      drop(event.invalidate)
      marks.delete(event.invalidate)
      continue
    }
    requests++
    const page = pages.get(event.key)
    if (page && event.at - page.storedAt <= PAGE_TTL_MS) {
      hits++
      pages.delete(event.key) // most recently used goes last
      pages.set(event.key, page)
      continue
    }
    if (page) drop(event.key)
    const mark = marks.get(event.key)
    if (mark === undefined || event.at - mark > ADMIT_WINDOW_MS) {
      marks.set(event.key, event.at)
      continue
    }
    const size = event.bytes + PAGE_OVERHEAD_BYTES
    if (size > maxBytes) continue
    pages.set(event.key, { storedAt: event.at, size })
    resident += size
    stored++
    for (const [key] of pages) {
      if (resident <= maxBytes) break
      drop(key)
    }
    peak = Math.max(peak, resident)
  }
  return { requests, hits, stored, pages: pages.size, residentBytes: resident, peakBytes: peak }
}

// ---------------------------------------------------------------- formatting

const fmtMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2))
const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US')
const pct = (x: number) => `${(x * 100).toFixed(1)}%`
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

// ---------------------------------------------------------------- the load loop

interface LoadOptions {
  agent: http.Agent
  port: number
  concurrency: number
  seconds: number
  maxRequests: number
  /** The i-th request, or null to end the run (nothing left to ask). */
  request: (i: number) => RequestOptions | null
  /** Awaited before the i-th request by the worker that sends it (writes, not timed). */
  before?: (i: number) => Promise<void>
  onReply?: (i: number, request: RequestOptions, reply: Reply, atMs: number) => void
  serverPid: number | undefined
}

/** The shared load loop with a write before some requests and a look at every reply. */
function load(options: LoadOptions): Promise<LoadResult> {
  const start = performance.now()
  return runLoad({
    concurrency: options.concurrency,
    seconds: options.seconds,
    maxRequests: options.maxRequests,
    pids: { server: options.serverPid, meili: meiliPid },
    task: async (i) => {
      if (options.before) await options.before(i)
      const request = options.request(i)
      if (!request) return null
      const t0 = performance.now()
      const reply = await send(options.agent, options.port, request)
      const t1 = performance.now()
      options.onReply?.(i, request, reply, t1 - start)
      return {
        status: reply.status,
        cache: header(reply, 'x-cache') ?? '-',
        bytes: reply.bytes,
        ms: t1 - t0,
        failure: reply.status === 200 ? undefined : `${request.path} answered ${reply.status}`,
      }
    },
  })
}

/** The Meilisearch process, whose CPU use is reported beside the server's. */
let meiliPid: number | undefined

// ---------------------------------------------------------------- the benchmark

const USAGE = `Usage: npm run bench:cache [-- options]
  --questions N     the seeded community's size (100000)
  --concurrency C   requests in flight (8)
  --requests R      thread-page requests per hit-rate run, at most (20000)
  --hit-seconds T   seconds per hit-rate run, at most (240)
  --zipf S          Zipf exponent of the access pattern (1.05)
  --write-every K   answers posted every K requests in the write runs; a comma list (500,50)
  --seed S          PRNG seed (42; the community's own seed is 1)`

async function main() {
  const { values } = parseArgs({
    options: {
      questions: { type: 'string', default: '100000' },
      concurrency: { type: 'string', default: '8' },
      requests: { type: 'string', default: '20000' },
      'hit-seconds': { type: 'string', default: '240' },
      zipf: { type: 'string', default: '1.05' },
      'write-every': { type: 'string', default: '500,50' },
      seed: { type: 'string', default: '42' },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) {
    console.log(USAGE)
    return
  }
  const questions = Number(values.questions)
  const concurrency = Number(values.concurrency)
  const hitRequests = Number(values.requests)
  const hitSeconds = Number(values['hit-seconds'])
  const zipfS = Number(values.zipf)
  const seed = Number(values.seed)
  const writeEvery = values['write-every']
    .split(',')
    .filter((x) => x.trim() !== '')
    .map(Number)
  for (const [name, n, max] of [
    ['--questions', questions, 5_000_000],
    ['--concurrency', concurrency, 1000],
    ['--requests', hitRequests, MAX_REQUESTS_PER_RUN],
    ...writeEvery.map((k) => ['--write-every', k, MAX_REQUESTS_PER_RUN] as const),
  ] as const) {
    if (!Number.isInteger(n) || n < 1 || n > max) {
      throw new Error(`${name} must be a whole number from 1 to ${max}`)
    }
  }
  if (!(hitSeconds > 0 && hitSeconds <= MAX_RUN_SECONDS)) {
    throw new Error(`--hit-seconds must be more than 0 and at most ${MAX_RUN_SECONDS}`)
  }
  if (!(zipfS > 0 && zipfS < 5)) throw new Error('--zipf must be between 0 and 5')
  if (!Number.isInteger(seed)) throw new Error('--seed must be a whole number')
  cleanUpOnSignals('stopping the servers and Meilisearch, deleting the temp dir…')

  const copy = await seededCopy(questions)
  const { resolveMeiliSetup, freePort } = await import('#search/sidecar.server.ts')
  const meili = await startMeiliSidecar(
    { ...process.env, DATABASE_PATH: copy.databasePath, MEILI_DATA_DIR: copy.meiliDataDir },
    resolveMeiliSetup,
  )
  meiliPid = meili.pid
  const { openDatabase } = await import('#db/client.server.ts')
  const db = openDatabase(copy.databasePath)
  const threads = db.$client
    .prepare('SELECT id, slug FROM questions WHERE deleted_at IS NULL ORDER BY id')
    .all() as { id: number; slug: string }[]
  db.$client.close()

  const pageCacheBytes = Number(process.env.PAGE_CACHE_MB || 64) * 1024 * 1024
  let serverCount = 0
  /** server.ts on a free loopback port; resolves once it is ready and settled. */
  const startServer = async () =>
    startAppServer({
      port: await freePort(HOST),
      databasePath: copy.databasePath,
      meili: meili.connection,
      logFile: path.join(copy.dir, `server-${++serverCount}.log`),
      settle: true,
      env: { WEB_CONCURRENCY: '1' },
    })
  const pagePath = (t: { id: number; slug: string }) => `/questions/${t.id}/${t.slug}`
  const origin = (port: number) => `http://${HOST}:${port}`

  // Log in as the reader: the session lives in the database, so it outlives each restart.
  const first = await startServer()
  const loginAgent = new http.Agent({ keepAlive: false })
  const login = await send(loginAgent, first.port, {
    method: 'POST',
    path: '/login',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin(first.port) },
    body: new URLSearchParams({ email: READER.email, password: READER.password }).toString(),
  })
  await first.stop()
  const session = (login.headers['set-cookie'] ?? [])
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`))
  if (login.status >= 400 || !session) {
    throw new Error(`Logging in answered ${login.status} without a ${SESSION_COOKIE} cookie`)
  }
  const loggedIn = { Cookie: session }
  // ------------------------------------------------------------ hit rates
  const zipf = zipfSampler(threads.length, zipfS)
  const rankToThread = permutation(prng(seed + 2), threads.length) // popularity ≠ age
  const zipfRng = prng(seed + 3)
  const zipfSequence = Uint32Array.from({ length: hitRequests }, () => rankToThread[zipf(zipfRng)]!)
  const uniformRng = prng(seed + 4)
  const uniformSequence = Uint32Array.from({ length: hitRequests }, () =>
    uniformRng.int(threads.length),
  )
  /** Which thread gets the answer posted before request i·K, i = 1, 2, …: a Zipf draw too. */
  const writeTargets = (every: number) => {
    const r = prng(seed + 5 + every)
    return Uint32Array.from({ length: Math.floor((hitRequests - 1) / every) }, () => {
      return rankToThread[zipf(r)]!
    })
  }

  interface Pattern {
    label: string
    sequence: Uint32Array
    every: number | null
  }

  interface HitRun {
    pattern: Pattern
    result: LoadResult
    hits: number
    misses: number
    secondHalfHits: number
    secondHalfCount: number
    distinctPages: number
    hitPages: number
    hitPageBytes: number
    writes: number
    writeFailures: number
    writeMs: number[]
    timeline: TimelineEvent[]
    replay: ReplayResult
  }

  const pageBytes = new Map<number, number>() // thread index → body bytes, as measured
  const N = fmtInt(threads.length)
  const patterns: Pattern[] = [
    { label: `uniform over ${N} threads`, sequence: uniformSequence, every: null },
    { label: `Zipf s=${zipfS} over ${N} threads`, sequence: zipfSequence, every: null },
    ...writeEvery.map((k) => ({
      label: `Zipf s=${zipfS} + an answer every ${k}`,
      sequence: zipfSequence,
      every: k,
    })),
  ]

  async function hitRateRun(pattern: Pattern): Promise<HitRun> {
    const { sequence, every } = pattern
    console.error(
      `Hit rate, ${pattern.label}: fresh server, up to ${fmtInt(sequence.length)} requests or ${hitSeconds} s…`,
    )
    const server = await startServer()
    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency + 1 })
    const port = server.port
    const targets = every == null ? null : writeTargets(every)
    const timeline: TimelineEvent[] = []
    const outcomes: { i: number; hit: boolean }[] = []
    const hitThreads = new Set<number>()
    let hits = 0
    let misses = 0
    let writes = 0
    let writeFailures = 0
    const writeMs: number[] = []
    const started = performance.now()
    const before =
      every == null || targets == null
        ? undefined
        : async (i: number) => {
            if (i === 0 || i % every !== 0) return
            const index = targets[i / every - 1]
            if (index === undefined) return
            const target = threads[index]!
            const body = `Benchmark answer ${i}: hold the reset button for ten seconds, then pair it again.`
            const t = performance.now()
            try {
              const reply = await send(agent, port, {
                method: 'POST',
                path: pagePath(target),
                headers: {
                  ...loggedIn,
                  Origin: origin(port),
                  'Content-Type': 'application/x-www-form-urlencoded',
                },
                body: new URLSearchParams({ intent: 'answer', body }).toString(),
              })
              writes++
              writeMs.push(performance.now() - t)
              if (reply.status !== 302 && reply.status !== 303) writeFailures++
              timeline.push({ at: performance.now() - started, invalidate: pagePath(target) })
            } catch {
              writeFailures++
            }
          }
    // A line every 15 s: these runs take minutes.
    const serverPid = server.child.pid
    let last = { at: performance.now(), done: 0, cpu: processCpuSeconds(serverPid) }
    const progress = setInterval(() => {
      const now = { at: performance.now(), done: hits + misses, cpu: processCpuSeconds(serverPid) }
      const dt = (now.at - last.at) / 1000
      console.error(
        `  ${((now.at - started) / 1000).toFixed(0)} s: ${fmtInt(now.done)} requests, ` +
          `${pct(hits / Math.max(1, now.done))} hits, ${fmtInt((now.done - last.done) / dt)} req/s, ` +
          `server CPU ${pct((now.cpu - last.cpu) / dt)}`,
      )
      last = now
    }, 15_000)
    const result = await load({
      agent,
      port,
      concurrency,
      seconds: hitSeconds,
      maxRequests: sequence.length,
      serverPid,
      before,
      request: (i) => {
        const index = sequence[i]
        return index === undefined ? null : { path: pagePath(threads[index]!) }
      },
      onReply: (i, request, reply, atMs) => {
        const index = sequence[i]!
        const state = header(reply, 'x-cache')
        if (state === 'HIT') {
          hits++
          hitThreads.add(index)
        } else if (state === 'MISS') {
          misses++
        }
        outcomes.push({ i, hit: state === 'HIT' })
        pageBytes.set(index, reply.bytes)
        timeline.push({ at: atMs, key: request.path, bytes: reply.bytes })
      },
    })
    clearInterval(progress)
    agent.destroy()
    await server.stop()
    let hitPageBytes = 0
    for (const index of hitThreads) hitPageBytes += pageBytes.get(index) ?? 0
    const secondHalf = outcomes.filter((o) => o.i >= result.requests / 2)
    return {
      pattern,
      result,
      hits,
      misses,
      secondHalfHits: secondHalf.filter((o) => o.hit).length,
      secondHalfCount: secondHalf.length,
      distinctPages: new Set(sequence.subarray(0, result.requests)).size,
      hitPages: hitThreads.size,
      hitPageBytes,
      writes,
      writeFailures,
      writeMs,
      timeline,
      replay: replayCache(timeline, pageCacheBytes),
    }
  }

  const hitRuns: HitRun[] = []
  for (const pattern of patterns) hitRuns.push(await hitRateRun(pattern))

  // The whole sequences through a copy of the cache's rules at steady request rates: the
  // admission window is in seconds, so the hit rate depends on the traffic per minute. Pages
  // never requested over HTTP get the mean measured size.
  let sizeSum = 0
  for (const bytes of pageBytes.values()) sizeSum += bytes
  const meanPageBytes = pageBytes.size ? sizeSum / pageBytes.size : 0
  const RATES = [1, 10, 100, 1000]
  const modelled = patterns.map((pattern) => {
    const targets = pattern.every == null ? null : writeTargets(pattern.every)
    return RATES.map((rate) => {
      const events: TimelineEvent[] = []
      pattern.sequence.forEach((index, i) => {
        const at = (i * 1000) / rate
        if (targets && pattern.every && i > 0 && i % pattern.every === 0) {
          const target = targets[i / pattern.every - 1]
          if (target !== undefined) events.push({ at, invalidate: pagePath(threads[target]!) })
        }
        events.push({
          at,
          key: pagePath(threads[index]!),
          bytes: pageBytes.get(index) ?? meanPageBytes,
        })
      })
      return replayCache(events, pageCacheBytes)
    })
  })

  // ------------------------------------------------------------ report
  const out: string[] = [
    `\nPage cache hit rates: ${N} threads (the scale seed), seed ${seed}, page cache ${mb(pageCacheBytes)}`,
  ]
  const hw = Math.max(...patterns.map((x) => x.label.length))
  const rate = (x: HitRun) => x.hits / Math.max(1, x.hits + x.misses)
  out.push(
    `\nHit rate over HTTP (X-Cache), logged-out thread pages, concurrency ${concurrency}, a fresh ` +
      `server (empty cache) per pattern, up to ${fmtInt(hitRequests)} requests or ${hitSeconds} s each`,
    `${'pattern'.padEnd(hw)}  requests  req/s  distinct  hit rate  2nd half  replay  pages hit` +
      `  their HTML  server CPU  Meili CPU  answers`,
  )
  for (const x of hitRuns) {
    const written = x.writes
      ? `${x.writes}${x.writeFailures ? ` (${x.writeFailures} failed)` : ''}`
      : '-'
    out.push(
      `${x.pattern.label.padEnd(hw)}  ${fmtInt(x.result.requests).padStart(8)}  ${fmtInt(x.result.rps).padStart(5)}` +
        `  ${fmtInt(x.distinctPages).padStart(8)}  ${pct(rate(x)).padStart(8)}` +
        `  ${pct(x.secondHalfHits / Math.max(1, x.secondHalfCount)).padStart(8)}` +
        `  ${pct(x.replay.hits / Math.max(1, x.replay.requests)).padStart(6)}` +
        `  ${fmtInt(x.hitPages).padStart(9)}  ${mb(x.hitPageBytes).padStart(10)}` +
        `  ${pct(x.result.serverCpu).padStart(10)}  ${pct(x.result.meiliCpu).padStart(9)}  ${written.padStart(7)}`,
    )
  }
  out.push(
    `(2nd half: the later half of the run's requests; replay: the run's own timeline through a ` +
      `copy of the cache's rules, to check the copy against the server; pages hit / their HTML: ` +
      `distinct pages served from the cache and their bytes)`,
  )
  for (const x of hitRuns) {
    const counted = x.hits + x.misses
    const problems: string[] = []
    if (x.result.failures) problems.push(`${x.result.failures} failed (${x.result.firstFailure})`)
    if (counted !== x.result.requests) {
      problems.push(`${x.result.requests - counted} without X-Cache`)
    }
    if (x.writeFailures) problems.push(`${x.writeFailures} answers not posted`)
    if (problems.length) out.push(`check: ${x.pattern.label}: ${problems.join('; ')}`)
  }

  out.push(
    `\nThe whole sequences (${fmtInt(hitRequests)} requests) through that copy of the rules ` +
      `(admission on a 2nd request within ${ADMIT_WINDOW_MS / 1000} s, pages live ` +
      `${PAGE_TTL_MS / 60_000} min, ${mb(pageCacheBytes)} LRU) at a steady rate: hit rate ` +
      `(pages held at the end, their size)`,
    `${'pattern'.padEnd(hw)}${RATES.map((r) => `${fmtInt(r)} req/s`.padStart(24)).join('')}`,
  )
  patterns.forEach((pattern, p) => {
    const cells = modelled[p]!.map((m) =>
      `${pct(m.hits / m.requests)} (${fmtInt(m.pages)}, ${mb(m.residentBytes)})`.padStart(24),
    )
    out.push(`${pattern.label.padEnd(hw)}${cells.join('')}`)
  })

  const [uniformRun, zipfRun, ...writeRuns] = hitRuns
  if (uniformRun && zipfRun) {
    out.push(
      `\nZipf s=${zipfS}: ${pct(rate(zipfRun))} of ${fmtInt(zipfRun.result.requests)} requests hit at ` +
        `${fmtInt(zipfRun.result.rps)} req/s, against ${pct(rate(uniformRun))} for uniform access ` +
        `(${fmtInt(uniformRun.result.requests)} requests at ${fmtInt(uniformRun.result.rps)} req/s).`,
    )
  }
  writeRuns.forEach((x, w) => {
    if (!zipfRun) return
    const sortedWrites = Float64Array.from(x.writeMs).sort()
    const noWrites = modelled[1]?.[2]
    const withWrites = modelled[2 + w]?.[2]
    out.push(
      `${x.pattern.label}: ${pct(rate(x))} over HTTP (${(100 * (rate(zipfRun) - rate(x))).toFixed(1)} ` +
        `points below no writes), ${x.writes} answers posted, p50 ${fmtMs(percentile(sortedWrites, 50))} ms each` +
        (noWrites && withWrites
          ? `; modelled at 100 req/s: ${(100 * (noWrites.hits / noWrites.requests - withWrites.hits / withWrites.requests)).toFixed(1)} points`
          : '') +
        '.',
    )
  })
  console.log(out.join('\n'))
}

runMain(main)
