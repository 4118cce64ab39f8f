// `npm run bench:pages [-- --threads N --seconds S --concurrency C]`: how fast a thread page is
// served, next to a bare node:http server answering the same bytes, and how often the anonymous
// page cache hits.
//
// A fresh temp database gets N threads through the models (rendered HTML, answers, comments,
// accepted and official marks, FTS5 and outbox rows, as the site writes them), made from
// templates and a vocabulary with a seeded PRNG, mixed with sentences from the Stack Exchange
// dumps when they are present. The outbox is drained into one managed Meilisearch, then
// server.ts (production build, SEED_DEMO=never, RATE_LIMIT=false) is started on a free loopback
// port, pointed at that database and Meilisearch (MEILI_HOST).
//
// Throughput: a bounded closed loop of C concurrent node:http requests on a keep-alive agent
// (no autocannon: it would be a new devDependency and a lock-file change, and the loop here
// needs per-request URLs, X-Cache checks and session cookies anyway), S seconds per scenario:
// (a) a logged-out cache HIT on one hot thread, (d) right after, a bare node:http server (a
// child process, like the server) answering that HIT's bytes and headers, (b) logged-out cache
// MISSes on threads never requested before (and 30 + 30 of them one at a time, resolved threads
// apart from those that look up similar questions), (b′) the hot thread rendered on every
// request (a query string the page ignores defeats the cache), (c) the hot thread logged in
// (never cached). Besides rps and p50/p99, the server's CPU per request: on 2 cores the client
// shares, the bare server's rps is bounded by the client, its CPU per request is not.
//
// Hit rate: for each access pattern a fresh server (empty cache) takes logged-out thread-page
// requests, up to R of them or T seconds: uniform over all N threads, Zipf-distributed, and
// Zipf with an answer posted over HTTP every K requests (to a thread drawn from the same Zipf:
// popular threads get the answers). The rate comes from X-Cache. A copy of the cache's rules
// replays each run's timeline (checking the copy against the server), then replays the whole
// R-request sequences at steady rates of 1 to 1000 requests/s: the admission window is in
// seconds, so the hit rate depends on the traffic per minute, not only on the pattern.
//
// Everything it started is stopped and the temp dir deleted at the end, also on Ctrl-C.
import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import {
  addCleanup,
  cap,
  cleanUpOnSignals,
  createBenchUsers,
  drainTimed,
  ensureBuild,
  freshDatabaseDir,
  isInterrupted,
  LOOPBACK as HOST,
  MEMBERS,
  percentile,
  processCpuSeconds,
  prng,
  readRawMaterial,
  runMain,
  seedThreads,
  startAppServer,
  startManagedMeilisearch,
  stopChild,
  TAG_VOCABULARY,
  zipfSampler,
  type AppServer,
  type GeneratedThread,
  type RawMaterial,
  type Rng,
} from './lib/bench.ts'
import { toPeerdeskTags } from '#app/lib/stackexchange-dump.server.ts'

const SESSION_COOKIE = 'peerdesk_session'
/** The page cache's rules, as app/lib/page-cache.server.ts sets them (for the replay). */
const ADMIT_WINDOW_MS = 60_000
const PAGE_TTL_MS = 5 * 60_000
const PAGE_OVERHEAD_BYTES = 512
/** Hard bounds on every measuring loop, whatever the options say. */
const MAX_REQUESTS_PER_RUN = 2_000_000
const MAX_RUN_SECONDS = 900
const REQUEST_TIMEOUT_MS = 30_000

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

// ---------------------------------------------------------------- raw material

const DEVICES = [
  'router',
  'mesh extender',
  'thermostat',
  'smart plug',
  'video doorbell',
  'companion app',
  'customer portal',
  'home hub',
  'motion sensor',
  'LED strip',
  'soundbar',
  'gateway',
  'label printer',
  'USB-C dock',
  'hardware wallet',
  'espresso machine',
  'burr grinder',
  'smart lock',
  'heat pump',
  'solar inverter',
  'wallbox charger',
  'noise-cancelling headset',
  'e-reader',
  'fitness watch',
  'baby monitor',
  'NAS',
]
const SETTINGS = [
  'two-factor authentication',
  'automatic updates',
  'auto-renewal',
  'guest network',
  'scheduled backups',
  'parental controls',
  'energy reports',
  'push notifications',
  'voice assistant',
  'CSV export',
  'offline mode',
  'single sign-on',
  'API tokens',
  'webhooks',
  'invoice history',
  'family sharing',
  'remote access',
  'geofencing',
  'eco mode',
  'night mode',
]
const VERBS = [
  'reset',
  'pair',
  'reconnect',
  'update',
  'cancel',
  'transfer',
  'export',
  'restore',
  'set up',
  'remove',
  'rename',
  'share',
  'sync',
  'calibrate',
  'downgrade',
  'verify',
  'unlock',
  'migrate',
  'back up',
  'replace',
  'register',
  'activate',
]
const THINGS = [
  'my password',
  'the last invoice',
  'a second phone',
  'my profile',
  'the 5 GHz network',
  'the warranty',
  'an old order',
  'the licence key',
  'my e-mail address',
  'the card on file',
  'old recordings',
  'the firmware',
  'my usage data',
  'the serial number',
  'a family member',
  'the API key',
  'the Bluetooth pairing',
  'my phone number',
  'the factory settings',
  'the temperature offset',
]
const SYMPTOMS = [
  'keeps dropping off the network',
  'shows a blank screen',
  'is stuck on "Loading…"',
  'drains its battery in a day',
  'stopped responding',
  'reboots every night at 3 am',
  'shows the wrong time',
  'will not power on',
  'has become very slow',
  'forgets its settings',
  'blinks orange',
  'makes a clicking noise',
  'freezes during setup',
  'charged me twice',
  'does not appear in the app',
  'times out',
  'runs hot',
]
const CAUSES = [
  'the latest update',
  'a power cut',
  'moving house',
  'changing my internet provider',
  'a factory reset',
  'switching plans',
  'a password change',
  'the clocks changed',
  'adding a second user',
  'replacing the batteries',
  'getting a new phone',
]
const ERRORS = [
  'Error 403',
  'error E42',
  '"Something went wrong"',
  'ERR_TIMED_OUT',
  'invalid_grant',
  '"Device offline"',
  '0x80070005',
  'payment declined (51)',
  'certificate expired',
  'sync conflict',
]
const PLATFORMS = ['Android 14', 'iOS 17', 'Windows 11', 'macOS Sonoma', 'Ubuntu', 'ChromeOS']

const TITLES: ((r: Rng) => string)[] = [
  (r) => `How do I ${r.pick(VERBS)} ${r.pick(THINGS)} on the ${r.pick(DEVICES)}?`,
  (r) => `${cap(r.pick(DEVICES))} ${r.pick(SYMPTOMS)} after ${r.pick(CAUSES)}`,
  (r) => `Can't ${r.pick(VERBS)} ${r.pick(THINGS)}: ${r.pick(ERRORS)}`,
  (r) => `Is there a way to ${r.pick(VERBS)} ${r.pick(THINGS)} with ${r.pick(SETTINGS)} on?`,
  (r) => `${cap(r.pick(SETTINGS))} not working on ${r.pick(PLATFORMS)}`,
  (r) => `${r.pick(ERRORS)} when I try to ${r.pick(VERBS)} ${r.pick(THINGS)}`,
  (r) => `Does the ${r.pick(DEVICES)} support ${r.pick(SETTINGS)}?`,
  (r) => `${cap(r.pick(DEVICES))} and ${r.pick(SETTINGS)}: ${r.pick(SYMPTOMS)}`,
]
const QUESTION_SENTENCES: ((r: Rng) => string)[] = [
  (r) => `My ${r.pick(DEVICES)} ${r.pick(SYMPTOMS)} since ${r.pick(CAUSES)}.`,
  (r) => `I tried to ${r.pick(VERBS)} ${r.pick(THINGS)} but all I get is ${r.pick(ERRORS)}.`,
  (r) => `It happens on ${r.pick(PLATFORMS)} as well as on ${r.pick(PLATFORMS)}.`,
  (r) => `Support suggested I ${r.pick(VERBS)} ${r.pick(THINGS)}, which did not help.`,
  (r) => `I have **${r.pick(SETTINGS)}** turned on, in case that matters.`,
  (r) => `Is there a setting for ${r.pick(SETTINGS)} that I am missing?`,
  (r) => `Everything worked fine until ${r.pick(CAUSES)}.`,
  (r) => `The status page in \`Settings > ${cap(r.pick(SETTINGS))}\` says everything is fine.`,
]
const ANSWER_SENTENCES: ((r: Rng) => string)[] = [
  (r) => `Open Settings, go to *${cap(r.pick(SETTINGS))}* and ${r.pick(VERBS)} ${r.pick(THINGS)}.`,
  (r) => `Same here with my ${r.pick(DEVICES)}; I had to ${r.pick(VERBS)} ${r.pick(THINGS)}.`,
  (r) => `Turn off ${r.pick(SETTINGS)} first, then ${r.pick(VERBS)} ${r.pick(THINGS)} again.`,
  (r) => `${r.pick(ERRORS)} usually means the ${r.pick(DEVICES)} needs the newest firmware.`,
  (r) => `On ${r.pick(PLATFORMS)} the app needs permission to run in the background.`,
  () => `Hold the reset button for ten seconds until the light blinks, then pair it again.`,
  (r) => `This is a known issue since ${r.pick(CAUSES)}; the fix is rolling out this month.`,
]
const COMMENTS: ((r: Rng) => string)[] = [
  () => 'Thanks, that did the trick!',
  (r) => `Tried this on ${r.pick(PLATFORMS)}, still the same for me.`,
  (r) => `Does this also work for the ${r.pick(DEVICES)}?`,
  () => 'Worked after a second restart, thank you.',
  (r) => `Careful: this also resets ${r.pick(THINGS)}.`,
  (r) => `Edited to mention ${r.pick(SETTINGS)} as well.`,
]

// ---------------------------------------------------------------- generated threads

/** A generated thread, and how many comments go on its answers. */
interface PageThread extends GeneratedThread {
  comments: number
}

function prose(r: Rng, raw: RawMaterial, templates: ((r: Rng) => string)[], n: number) {
  const parts: string[] = []
  for (let i = 0; i < n; i++) {
    parts.push(
      raw.sentences.length && r.chance(0.45) ? r.pick(raw.sentences) : r.pick(templates)(r),
    )
  }
  const paragraphs: string[] = []
  for (let i = 0; i < parts.length;) {
    const take = 1 + r.int(3)
    paragraphs.push(parts.slice(i, i + take).join(' '))
    i += take
  }
  return paragraphs
}

/** Now and then the Markdown people paste: steps, a log excerpt, a link. */
function flourish(r: Rng, paragraphs: string[]) {
  if (r.chance(0.2)) {
    const steps = 2 + r.int(3)
    paragraphs.push(
      Array.from(
        { length: steps },
        (_, i) => `${i + 1}. ${cap(r.pick(VERBS))} ${r.pick(THINGS)}`,
      ).join('\n'),
    )
  }
  if (r.chance(0.12)) {
    const lines = Array.from(
      { length: 2 + r.int(4) },
      (_, i) =>
        `2024-0${1 + r.int(9)}-1${r.int(9)} 0${r.int(9)}:${10 + r.int(50)}:0${i} WARN ${r.pick(ERRORS)}`,
    )
    paragraphs.push(['```', ...lines, '```'].join('\n'))
  }
  if (r.chance(0.1)) {
    paragraphs.push(
      `More in [the help article](https://help.example.com/articles/${1000 + r.int(9000)}).`,
    )
  }
  return paragraphs.join('\n\n')
}

function generateThread(r: Rng, raw: RawMaterial): PageThread {
  let title: string
  if (raw.titles.length && r.chance(0.35)) {
    title = r.pick(raw.titles)
    if (r.chance(0.5)) title = `${title.replace(/\?$/, '')} (${r.pick(DEVICES)})`.slice(0, 150)
  } else {
    title = r.pick(TITLES)(r)
  }
  const tagSource = raw.tags.length && r.chance(0.4) ? raw.tags : TAG_VOCABULARY
  const tags = toPeerdeskTags(Array.from({ length: 1 + r.int(4) }, () => r.pick(tagSource)))
  const body = flourish(r, prose(r, raw, QUESTION_SENTENCES, 2 + r.int(6)))
  const roll = r.next()
  const answerCount = roll < 0.2 ? 0 : roll < 0.55 ? 1 : roll < 0.8 ? 2 : roll < 0.92 ? 3 : 4
  const answers = Array.from({ length: answerCount }, () =>
    flourish(r, prose(r, raw, ANSWER_SENTENCES, 1 + r.int(5))),
  )
  const accept = answerCount > 0 && r.chance(0.5) ? r.int(answerCount) : null
  const official = answerCount > 0 && r.chance(0.05) ? r.int(answerCount) : null
  const comments = answerCount > 0 && r.chance(0.2) ? 1 + r.int(2) : 0
  return { title, body, tags, answers, accept, official, comments }
}

// ---------------------------------------------------------------- HTTP

interface Reply {
  status: number
  headers: http.IncomingHttpHeaders
  bytes: number
  body: Buffer | null
}

interface RequestOptions {
  method?: 'GET' | 'POST'
  path: string
  headers?: http.OutgoingHttpHeaders
  body?: string
  keepBody?: boolean
}

/** One request to 127.0.0.1:port; counts the body's bytes (and keeps them if asked). */
function send(agent: http.Agent, port: number, options: RequestOptions): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = { ...options.headers }
    if (options.body != null) headers['Content-Length'] = Buffer.byteLength(options.body)
    const request = http.request(
      { host: HOST, port, path: options.path, method: options.method ?? 'GET', agent, headers },
      (response) => {
        const chunks: Buffer[] = []
        let bytes = 0
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length
          if (options.keepBody) chunks.push(chunk)
        })
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            bytes,
            body: options.keepBody ? Buffer.concat(chunks) : null,
          }),
        )
        response.on('error', reject)
      },
    )
    request.setTimeout(REQUEST_TIMEOUT_MS, () =>
      request.destroy(new Error(`${options.path}: no answer in ${REQUEST_TIMEOUT_MS} ms`)),
    )
    request.on('error', reject)
    request.end(options.body)
  })
}

const header = (reply: Reply, name: string) => {
  const value = reply.headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}

// ---------------------------------------------------------------- CPU accounting

/** The Meilisearch process, whose CPU use is reported beside the server's. */
let meiliPid: number | undefined

// ---------------------------------------------------------------- the load loop

interface LoadOptions {
  agent: http.Agent
  port: number
  concurrency: number
  seconds: number
  maxRequests: number
  /** The i-th request, or null to end the run (nothing left to ask). */
  request: (i: number) => RequestOptions | null
  /** Awaited before the i-th request by the worker that sends it (writes). */
  before?: (i: number) => Promise<void>
  onReply?: (i: number, request: RequestOptions, reply: Reply, atMs: number, ms: number) => void
  /** The server's pid, for its CPU use. */
  serverPid: number | undefined
}

interface LoadResult {
  requests: number
  seconds: number
  rps: number
  p50: number
  p99: number
  failures: number
  firstFailure: string | null
  statuses: Map<number, number>
  cache: Map<string, number>
  bytes: number
  clientCpu: number
  serverCpu: number
  meiliCpu: number
}

/** A closed loop of `concurrency` workers, bounded by seconds and by request count. */
async function load(options: LoadOptions): Promise<LoadResult> {
  const maxRequests = Math.min(options.maxRequests, MAX_REQUESTS_PER_RUN)
  const seconds = Math.min(options.seconds, MAX_RUN_SECONDS)
  const latencies = new Float64Array(maxRequests)
  const statuses = new Map<number, number>()
  const cache = new Map<string, number>()
  let issued = 0
  let done = 0
  let failures = 0
  let firstFailure: string | null = null
  let bytes = 0
  let last = 0
  const cpu0 = process.cpuUsage()
  const server0 = processCpuSeconds(options.serverPid)
  const meili0 = processCpuSeconds(meiliPid)
  const start = performance.now()
  const deadline = start + seconds * 1000
  const worker = async () => {
    while (!isInterrupted() && issued < maxRequests && performance.now() < deadline) {
      if (failures > 100 && failures > done / 100) return // something is broken: stop early
      const i = issued++
      if (options.before) await options.before(i)
      const request = options.request(i)
      if (!request) return
      const t0 = performance.now()
      try {
        const reply = await send(options.agent, options.port, request)
        const t1 = performance.now()
        latencies[done++] = t1 - t0
        last = t1
        bytes += reply.bytes
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1)
        const state = header(reply, 'x-cache') ?? '-'
        cache.set(state, (cache.get(state) ?? 0) + 1)
        if (reply.status !== 200) {
          failures++
          firstFailure ??= `${request.path} answered ${reply.status}`
        }
        options.onReply?.(i, request, reply, t1 - start, t1 - t0)
      } catch (error) {
        failures++
        firstFailure ??= (error as Error).message
      }
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, worker))
  const elapsed = ((last || performance.now()) - start) / 1000
  const cpu = process.cpuUsage(cpu0)
  const sorted = latencies.slice(0, done).sort()
  return {
    requests: done,
    seconds: elapsed,
    rps: done / elapsed,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    failures,
    firstFailure,
    statuses,
    cache,
    bytes,
    clientCpu: (cpu.user + cpu.system) / 1e6 / elapsed,
    serverCpu: (processCpuSeconds(options.serverPid) - server0) / elapsed,
    meiliCpu: (processCpuSeconds(meiliPid) - meili0) / elapsed,
  }
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
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
const ratio = (x: number) =>
  `${x >= 10 ? fmtInt(x) : x >= 0.1 ? x.toFixed(2) : x >= 0.01 ? x.toFixed(3) : x.toPrecision(2)}×`

function describeCounts(counts: Map<string | number, number>) {
  return [...counts.entries()].map(([k, n]) => `${k}: ${fmtInt(n)}`).join(', ')
}

// ---------------------------------------------------------------- the bare server

// The baseline: node:http answering fixed bytes with fixed headers, nothing else. It runs as a
// child process so the client and the server sit on separate processes, as with server.ts.
const BARE_SERVER = `
import fs from 'node:fs'
import http from 'node:http'
const body = fs.readFileSync(process.env.BARE_BODY)
const headers = { ...JSON.parse(fs.readFileSync(process.env.BARE_HEADERS, 'utf8')), 'content-length': body.length }
const server = http.createServer((req, res) => {
  req.resume()
  res.writeHead(200, headers)
  res.end(body)
})
server.listen(0, '${HOST}', () => process.stdout.write(server.address().port + '\\n'))
process.on('SIGTERM', () => {
  server.closeAllConnections()
  server.close(() => process.exit(0))
})
`

async function startBareServer(dir: string, body: Buffer, headers: Record<string, string>) {
  const bodyFile = path.join(dir, 'bare-body.html')
  const headersFile = path.join(dir, 'bare-headers.json')
  fs.writeFileSync(bodyFile, body)
  fs.writeFileSync(headersFile, JSON.stringify(headers))
  const child = spawn(process.execPath, ['--input-type=module', '-e', BARE_SERVER], {
    env: { ...process.env, BARE_BODY: bodyFile, BARE_HEADERS: headersFile },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const stop = () => stopChild(child)
  addCleanup(stop)
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the bare server did not start in 10 s')),
      10_000,
    )
    let out = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8')
      const line = out.split('\n')[0]
      if (out.includes('\n') && line) {
        clearTimeout(timer)
        resolve(Number(line))
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the bare server exited ${code}`))
    })
  })
  return { child, port, stop } satisfies AppServer
}

// ---------------------------------------------------------------- the benchmark

const USAGE = `Usage: npm run bench:pages [-- options]
  --threads N       seeded threads (100000)
  --seconds S       seconds per throughput measurement (10)
  --concurrency C   requests in flight (8)
  --requests R      thread-page requests per hit-rate run, at most (20000)
  --hit-seconds T   seconds per hit-rate run, at most (240)
  --zipf S          Zipf exponent of the access pattern (1.05)
  --write-every K   answers posted every K requests in the write runs; a comma list (500,50)
  --seed S          PRNG seed (42)`

async function main() {
  const { values } = parseArgs({
    options: {
      threads: { type: 'string', default: '100000' },
      seconds: { type: 'string', default: '10' },
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
  const threadCount = Number(values.threads)
  const seconds = Number(values.seconds)
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
    ['--threads', threadCount, 5_000_000],
    ['--concurrency', concurrency, 1000],
    ['--requests', hitRequests, MAX_REQUESTS_PER_RUN],
    ...writeEvery.map((k) => ['--write-every', k, MAX_REQUESTS_PER_RUN] as const),
  ] as const) {
    if (!Number.isInteger(n) || n < 1 || n > max) {
      throw new Error(`${name} must be a whole number from 1 to ${max}`)
    }
  }
  if (threadCount < 10) throw new Error('--threads must be at least 10')
  if (!(seconds > 0 && seconds <= MAX_RUN_SECONDS)) {
    throw new Error(`--seconds must be more than 0 and at most ${MAX_RUN_SECONDS}`)
  }
  if (!(hitSeconds > 0 && hitSeconds <= MAX_RUN_SECONDS)) {
    throw new Error(`--hit-seconds must be more than 0 and at most ${MAX_RUN_SECONDS}`)
  }
  if (!(zipfS > 0 && zipfS < 5)) throw new Error('--zipf must be between 0 and 5')
  if (!Number.isInteger(seed)) throw new Error('--seed must be a whole number')
  cleanUpOnSignals('stopping the servers and Meilisearch, deleting the temp dir…')

  const { tmp, databasePath } = freshDatabaseDir('peerdesk-bench-pages-')
  const { db, closeDatabase } = await import('#db/client.server.ts')
  const { runMigrations } = await import('#db/migrate.ts')
  const { createUser } = await import('#app/models/users.server.ts')
  const { createQuestion } = await import('#app/models/questions.server.ts')
  const { createAnswer, setOfficialAnswer, toggleAcceptedAnswer } =
    await import('#app/models/answers.server.ts')
  const { addComment } = await import('#app/models/comments.server.ts')
  const search = await import('#search/index.server.ts')
  const { resolveMeiliSetup, freePort } = await import('#search/sidecar.server.ts')
  addCleanup(async () => closeDatabase())
  runMigrations(db)

  // One managed Meilisearch beside the temp database; the servers get it through MEILI_HOST.
  const meili = await startManagedMeilisearch(databasePath, resolveMeiliSetup, search)
  meiliPid = meili.pid

  // ------------------------------------------------------------ seeding, through the models
  const raw = await readRawMaterial({
    maxTitleLength: 150,
    rejectSentence: /[{};=<>*_`#[\]]|https?:|\.\w{2,4}\/|^[^A-Z]/,
  })
  const r = prng(seed)
  const { members, staff } = await createBenchUsers(createUser, r, 'member')
  const readerEmail = 'bench-reader@example.invalid'
  const readerPassword = crypto.randomBytes(18).toString('base64url')
  await createUser({ handle: 'bench-reader', email: readerEmail, password: readerPassword })

  const threads: { id: number; slug: string; answers: number; resolved: boolean }[] = []
  let answerTotal = 0
  let commentTotal = 0
  const seedSeconds = await seedThreads(threadCount, (_, when) => {
    const thread = generateThread(r, raw)
    const asker = r.pick(members)
    const { id, slug } = createQuestion(asker, thread, when)
    const answerIds: { id: number; authorIndex: number }[] = []
    thread.answers.forEach((body, i) => {
      let authorIndex = r.int(MEMBERS)
      if (members[authorIndex]!.id === asker.id) authorIndex = (authorIndex + 1) % MEMBERS
      const author = members[authorIndex]!
      answerIds.push({
        id: createAnswer(author, id, body, when + (i + 1) * 60_000).id,
        authorIndex,
      })
    })
    let at = when + (answerIds.length + 1) * 60_000
    for (let c = 0; c < thread.comments; c++) {
      // The asker on an answer to their question, or an answerer on their own answer: both
      // need no privilege.
      const target = r.pick(answerIds)
      const author = r.chance(0.6) ? asker : members[target.authorIndex]!
      addComment(author, { questionId: id, answerId: target.id }, r.pick(COMMENTS)(r), at)
      at += 60_000
    }
    if (thread.accept != null) toggleAcceptedAnswer(asker, answerIds[thread.accept]!.id, at)
    if (thread.official != null) setOfficialAnswer(staff, answerIds[thread.official]!.id, true, at)
    answerTotal += answerIds.length
    commentTotal += thread.comments
    threads.push({
      id,
      slug,
      answers: answerIds.length,
      resolved: thread.accept != null || thread.official != null,
    })
  })
  if (seedSeconds == null) return

  console.error('Draining the search outbox into Meilisearch…')
  const { drained, seconds: drainSeconds } = await drainTimed(search.drainOutbox)
  await search.stopSearch()
  db.$client.pragma('wal_checkpoint(TRUNCATE)')
  closeDatabase()

  // ------------------------------------------------------------ servers
  await ensureBuild()
  const pageCacheBytes = Number(process.env.PAGE_CACHE_MB || 64) * 1024 * 1024
  let serverCount = 0

  /** server.ts on a free loopback port; resolves once it is ready and settled. */
  const startServer = async () =>
    startAppServer({
      port: await freePort(HOST),
      databasePath,
      meili: meili.connection,
      logFile: path.join(tmp, `server-${++serverCount}.log`),
      settle: true,
    })

  const pagePath = (t: { id: number; slug: string }) => `/questions/${t.id}/${t.slug}`
  const origin = (port: number) => `http://${HOST}:${port}`

  console.error('Starting server.ts…')
  let server = await startServer()
  let agent = new http.Agent({ keepAlive: true, maxSockets: concurrency })
  addCleanup(async () => agent.destroy())

  // Log in as the reader: the session cookie lives in the database, so it outlives a restart.
  const login = await send(agent, server.port, {
    method: 'POST',
    path: '/login',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: origin(server.port),
    },
    body: new URLSearchParams({ email: readerEmail, password: readerPassword }).toString(),
  })
  const setCookie = login.headers['set-cookie'] ?? []
  const session = setCookie
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`))
  if (login.status >= 400 || !session) {
    throw new Error(`Logging in answered ${login.status} without a ${SESSION_COOKIE} cookie`)
  }
  const loggedIn = { Cookie: session }

  // The hot thread: one in the middle of the community with two or three answers.
  const hot =
    threads.slice(Math.floor(threads.length / 2)).find((t) => t.answers >= 2 && t.answers <= 3) ??
    threads[0]!
  const hotPath = pagePath(hot)
  const states: string[] = []
  let hitReply: Reply | null = null
  for (let i = 0; i < 3; i++) {
    const reply = await send(agent, server.port, { path: hotPath, keepBody: true })
    if (reply.status !== 200) throw new Error(`${hotPath} answered ${reply.status}`)
    states.push(header(reply, 'x-cache') ?? '-')
    hitReply = reply
  }
  if (states.join(',') !== 'MISS,MISS,HIT' || !hitReply?.body) {
    throw new Error(`Expected MISS, MISS, HIT on the hot thread; got ${states.join(', ')}`)
  }
  const hitBody = hitReply.body
  const check = await send(agent, server.port, {
    path: hotPath,
    headers: loggedIn,
    keepBody: true,
  })
  if (
    check.status !== 200 ||
    header(check, 'x-cache') !== undefined ||
    !check.body?.toString('utf8').includes('/users/bench-reader')
  ) {
    throw new Error('The logged-in thread page is not the reader’s own, uncached page')
  }

  const loadBase = { concurrency, seconds, maxRequests: Math.ceil(seconds * 100_000) }
  const warm = (request: (i: number) => RequestOptions | null, port: number, pid?: number) =>
    load({ ...loadBase, agent, port, seconds: Math.min(2, seconds), request, serverPid: pid })

  // (a) the cache hit
  console.error(`(a) logged-out cache HIT on ${hotPath}: ${seconds} s…`)
  await warm(() => ({ path: hotPath }), server.port, server.child.pid)
  const hit = await load({
    ...loadBase,
    agent,
    port: server.port,
    serverPid: server.child.pid,
    request: () => ({ path: hotPath }),
  })

  // (d) the bare server, right after, answering the HIT's bytes and headers
  console.error(`(d) bare node:http server, same bytes (${kb(hitBody.length)}): ${seconds} s…`)
  const bareHeaders: Record<string, string> = {}
  for (const [name, value] of Object.entries(hitReply.headers)) {
    if (value === undefined) continue
    if (['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(name))
      continue
    bareHeaders[name] = Array.isArray(value) ? value.join(', ') : value
  }
  const bare = await startBareServer(tmp, hitBody, bareHeaders)
  const bareAgent = new http.Agent({ keepAlive: true, maxSockets: concurrency })
  const bareCheck = await send(bareAgent, bare.port, { path: hotPath, keepBody: true })
  if (!bareCheck.body?.equals(hitBody)) throw new Error('The bare server answers other bytes')
  await load({
    ...loadBase,
    agent: bareAgent,
    port: bare.port,
    seconds: Math.min(2, seconds),
    serverPid: bare.child.pid,
    request: () => ({ path: hotPath }),
  })
  const baseline = await load({
    ...loadBase,
    agent: bareAgent,
    port: bare.port,
    serverPid: bare.child.pid,
    request: () => ({ path: hotPath }),
  })
  bareAgent.destroy()
  await bare.stop()

  // (b) cache misses: threads never requested before, in a shuffled order
  const order = permutation(prng(seed + 1), threads.length)
  const fresh = Array.from(order)
    .map((i) => threads[i]!)
    .filter((t) => t.id !== hot.id)
  let freshNext = 0
  const nextFresh = () => {
    const t = fresh[freshNext++]
    return t ? { path: pagePath(t) } : null
  }
  console.error(`(b) logged-out cache MISS on threads never requested before: ${seconds} s…`)
  await warm(() => nextFresh(), server.port, server.child.pid)
  const miss = await load({
    ...loadBase,
    agent,
    port: server.port,
    serverPid: server.child.pid,
    request: () => nextFresh(),
  })
  const missExhausted = freshNext >= fresh.length

  // Open and answered threads show similar questions, looked up on every render; resolved ones
  // do not. One request at a time (no queueing) on never-requested threads of each kind tells
  // what that lookup costs.
  const SERIAL = 30
  const serialMiss = { resolved: [] as number[], other: [] as number[] }
  for (const kind of ['resolved', 'other'] as const) {
    const picked: typeof fresh = []
    for (; freshNext < fresh.length && picked.length < SERIAL; freshNext++) {
      const t = fresh[freshNext]!
      if (t.resolved === (kind === 'resolved')) picked.push(t)
    }
    const until = performance.now() + Math.max(30, seconds * 3) * 1000
    for (const t of picked) {
      if (isInterrupted() || performance.now() > until) break
      const t0 = performance.now()
      const reply = await send(agent, server.port, { path: pagePath(t) })
      if (reply.status === 200 && header(reply, 'x-cache') === 'MISS') {
        serialMiss[kind].push(performance.now() - t0)
      }
    }
  }

  // (b′) the hot thread itself, rendered every time for logged-out readers: the cache keys pages
  // by URL, so a query string the page ignores makes every request a miss of the same page. It
  // tells the page's own cost from the logged-in overhead in (c).
  console.error(`(b′) logged-out hot thread rendered (unique query strings): ${seconds} s…`)
  const busted = (i: number) => ({ path: `${hotPath}?bench=${i}` })
  await warm((i) => busted(1e9 + i), server.port, server.child.pid)
  const hotMiss = await load({
    ...loadBase,
    agent,
    port: server.port,
    serverPid: server.child.pid,
    request: busted,
  })

  // (c) logged in: the hot thread, rendered for the reader every time
  console.error(`(c) logged-in thread page ${hotPath}: ${seconds} s…`)
  const mine = () => ({ path: hotPath, headers: loggedIn })
  await warm(mine, server.port, server.child.pid)
  const user = await load({
    ...loadBase,
    agent,
    port: server.port,
    serverPid: server.child.pid,
    request: mine,
  })
  agent.destroy()
  await server.stop()

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
    server = await startServer()
    agent = new http.Agent({ keepAlive: true, maxSockets: concurrency + 1 })
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
            const r = prng(seed + i)
            const body = flourish(r, prose(r, raw, ANSWER_SENTENCES, 1 + r.int(4)))
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
  const out: string[] = []
  out.push(
    `\nPage benchmark: ${N} threads (${fmtInt(answerTotal)} answers, ${fmtInt(commentTotal)} comments), ` +
      `seed ${seed}, ${os.cpus().length} cores, Node ${process.versions.node}, ` +
      `page cache ${mb(pageCacheBytes)}`,
    `seeding   through the models in ${seedSeconds.toFixed(1)} s (${(threads.length / seedSeconds).toFixed(0)} threads/s); ` +
      `outbox → Meilisearch: ${fmtInt(drained.upserted)} documents in ${drainSeconds.toFixed(1)} s`,
    `client    this process: ${concurrency} concurrent node:http requests on a keep-alive agent, ` +
      `no Accept-Encoding (uncompressed, like the bare server); client, server and Meilisearch share the cores`,
    `hot page  ${hotPath} (${hot.resolved ? 'resolved' : hot.answers > 0 ? 'answered' : 'open'}, ` +
      `${hot.answers} answers, ${kb(hitBody.length)})`,
  )

  const rows: { label: string; r: LoadResult }[] = [
    { label: '(d) bare node:http, same bytes (baseline)', r: baseline },
    { label: '(a) logged out, cache HIT (one hot thread)', r: hit },
    { label: '(b) logged out, cache MISS (distinct threads)', r: miss },
    { label: "(b') logged out, hot thread rendered each time", r: hotMiss },
    { label: '(c) logged in, never cached (hot thread)', r: user },
  ]
  /** Server CPU per request: the client does not bound it, unlike rps on 2 shared cores. */
  const cpuPerRequest = (x: LoadResult) => (x.serverCpu * x.seconds) / x.requests
  const width = Math.max(...rows.map((x) => x.label.length))
  out.push(
    `\n${`thread page, ${seconds} s each, concurrency ${concurrency}`.padEnd(width)}  requests` +
      `      rps   p50 ms   p99 ms  body KB  server CPU  Meili CPU  client CPU  CPU µs/req` +
      `  rps vs bare  p50 vs bare  CPU/req vs bare`,
  )
  for (const { label, r: x } of rows) {
    out.push(
      `${label.padEnd(width)}  ${fmtInt(x.requests).padStart(8)}  ${fmtInt(x.rps).padStart(7)}` +
        `  ${fmtMs(x.p50).padStart(7)}  ${fmtMs(x.p99).padStart(7)}` +
        `  ${(x.bytes / x.requests / 1024).toFixed(1).padStart(7)}` +
        `  ${pct(x.serverCpu).padStart(10)}  ${pct(x.meiliCpu).padStart(9)}  ${pct(x.clientCpu).padStart(10)}` +
        `  ${fmtInt(cpuPerRequest(x) * 1e6).padStart(10)}` +
        `  ${ratio(x.rps / baseline.rps).padStart(11)}  ${ratio(x.p50 / baseline.p50).padStart(11)}` +
        `  ${ratio(cpuPerRequest(x) / cpuPerRequest(baseline)).padStart(15)}`,
    )
  }
  const serialLine = (label: string, ms: number[]) => {
    if (ms.length === 0) return `${label}: no never-requested page left`
    const sorted = Float64Array.from(ms).sort()
    return (
      `${label}: p50 ${fmtMs(percentile(sorted, 50))} ms, ` +
      `max ${fmtMs(sorted.at(-1) ?? NaN)} ms (${ms.length} pages)`
    )
  }
  out.push(
    `(b) one request at a time: ${serialLine('resolved threads (no similar questions)', serialMiss.resolved)}; ` +
      `${serialLine('open or answered (similar questions looked up)', serialMiss.other)}`,
  )
  const versus = (x: LoadResult) =>
    `${ratio(x.rps / baseline.rps)} the bare server's rps (p50 ${ratio(x.p50 / baseline.p50)}, ` +
    `p99 ${ratio(x.p99 / baseline.p99)} its latency; ${ratio(cpuPerRequest(x) / cpuPerRequest(baseline))} its server CPU per request)`
  out.push(
    `\ncache hit:  ${versus(hit)}`,
    `cache miss: ${versus(miss)}; a hit serves ${ratio(hit.rps / miss.rps)} the misses' rps`,
    `logged in:  ${versus(user)}; ${ratio(user.rps / hotMiss.rps)} the rps of the same page rendered logged out`,
  )
  if (baseline.clientCpu > 0.9) {
    out.push(
      `note: the client used ${pct(baseline.clientCpu)} of a core against the bare server (which used ` +
        `${pct(baseline.serverCpu)}): the baseline's rps is bounded by the client, so the rps ratios ` +
        `flatter the app; CPU per request is the fairer ratio.`,
    )
  }
  const checks: string[] = []
  for (const { label, r: x } of rows) {
    if (x.failures > 0) checks.push(`${label}: ${x.failures} failed (${x.firstFailure})`)
  }
  checks.push(
    `X-Cache seen: (a) {${describeCounts(hit.cache)}}, (b) {${describeCounts(miss.cache)}}, ` +
      `(b') {${describeCounts(hotMiss.cache)}}, (c) {${describeCounts(user.cache)}}`,
  )
  if (missExhausted) checks.push('the miss run ran out of never-requested threads before its time')
  out.push(...checks.map((c) => `check: ${c}`))

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
