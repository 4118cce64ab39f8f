// What the benchmark scripts (bench, bench:cache) and eval:similar share: where the repository
// and the shared data are, a seeded PRNG, clean-up at the end and on Ctrl-C, child processes,
// a fresh temp database, the managed Meilisearch, server.ts started on a free loopback port,
// percentiles and CPU sampling. (The HTTP client and load loop: bench-http.ts; the seeded
// communities: bench-seed.ts; the report: bench-report.ts.)
//
// Nothing here imports app/, search/ or db/ (but the pure db/seed/scale.ts): some of those
// read DATABASE_PATH when first used, so the scripts import them once it is set (after
// freshDatabaseDir() or seededCopy()) and hand over what is needed.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import cliProgress from 'cli-progress'
import type { LoopReport } from './event-loop-probe.ts'

// ---------------------------------------------------------------- where things are

/** The repository's root, from this file's own place (scripts/lib/). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
/** The shared data beside the repository (never copied into it). */
export const SHARED_DATA = path.resolve(REPO_ROOT, '../shared/data')
/** Stack Exchange dumps: one dir per site with Posts.xml (and often PostLinks.xml). */
export const STACKEXCHANGE_DATA = path.join(SHARED_DATA, 'stackexchange')
/** Duplicate-question sets, dump-shaped, for tuning similar questions. */
export const DUPLICATES_DATA = path.join(SHARED_DATA, 'duplicates')

export const LOOPBACK = '127.0.0.1'

/** The subdirectories of `root` holding `file`, as absolute paths, sorted ([] without root). */
export function dumpDirs(root: string, file: string): string[] {
  if (!fs.existsSync(root)) return []
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(root, e.name, file)))
    .map((e) => path.join(root, e.name))
    .sort()
}

// ---------------------------------------------------------------- a seeded PRNG

// One generator for the benchmarks and `npm run seed`: the PRNG and Zipf draws live in
// db/seed/scale.ts (pure: it imports nothing and opens no database).
export { prng, zipfSampler, type Rng } from '#db/seed/scale.ts'

// ---------------------------------------------------------------- cleanup and signals

const cleanups: (() => Promise<void>)[] = []
let cleaning: Promise<void> | null = null
let interrupted = false

/** Runs `step` at clean-up before the steps added earlier (stop what started last first). */
export function addCleanup(step: () => Promise<void>) {
  cleanups.unshift(step)
}

/** Runs `step` at clean-up after every other step (deleting the temp dir). */
export function addFinalCleanup(step: () => Promise<void>) {
  cleanups.push(step)
}

/** Runs the clean-up steps once, in order; a failing step is reported and the rest still run. */
export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length) {
      try {
        await cleanups.shift()!()
      } catch (error) {
        console.error('cleanup:', (error as Error).message)
      }
    }
  })()
  return cleaning
}

/** True once SIGINT or SIGTERM has arrived (loops stop, expected exits go unreported). */
export const isInterrupted = () => interrupted

/** On SIGINT / SIGTERM: say `message` (if any), clean up, exit 130 / 143. */
export function cleanUpOnSignals(message?: string) {
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return // Ctrl-C may arrive twice (terminal and parent): clean up once
    interrupted = true
    if (message) console.error(`\n${signal}: ${message}`)
    void cleanup().then(() => process.exit(signal === 'SIGINT' ? 130 : 143))
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
}

/** Runs a script's main(), reports its error, cleans up and exits. */
export function runMain(main: () => Promise<void>) {
  main()
    .catch((error: unknown) => {
      // After Ctrl-C the server going away fails what was in flight: expected, not reported.
      if (!interrupted) {
        console.error(error instanceof Error ? (error.stack ?? error.message) : String(error))
      }
      process.exitCode = 1
    })
    .finally(async () => {
      await cleanup()
      process.exit(process.exitCode ?? 0)
    })
}

/** A temp dir deleted at the end, with DATABASE_PATH in it; MEILI_HOST, its key and MEILI_DATA_DIR unset. */
export function freshDatabaseDir(prefix: string) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  addFinalCleanup(async () => fs.rmSync(tmp, { recursive: true, force: true }))
  const databasePath = path.join(tmp, 'peerdesk.db')
  process.env.DATABASE_PATH = databasePath
  delete process.env.MEILI_HOST
  delete process.env.MEILI_MASTER_KEY
  delete process.env.MEILI_DATA_DIR // the managed Meilisearch lives in the temp dir too
  return { tmp, databasePath }
}

// ---------------------------------------------------------------- child processes

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** SIGTERM, then SIGKILL after `timeoutMs`; resolves once the child has exited. */
export function stopChild(child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  if (child.exitCode != null || child.signalCode != null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

/** A command in the repository root with inherited stdio; rejects unless it exits 0. */
export function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: 'inherit' })
    addCleanup(() => stopChild(child))
    child.once('error', reject)
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}`)),
    )
  })
}

// ---------------------------------------------------------------- Meilisearch

type Log = (level: 'info' | 'warn' | 'error', message: string) => void

export interface MeiliConnection {
  host: string
  apiKey: string
}

/** What the benchmarks use of search/sidecar.server.ts's MeiliSetup. */
type MeiliSetupLike =
  | { kind: 'external' }
  | { kind: 'none'; reason: string }
  | {
      kind: 'managed'
      sidecar: {
        readonly host: string
        readonly masterKey: string
        readonly pid: number | null
        start(): Promise<void>
        stop(): Promise<void>
      }
    }

/**
 * The managed Meilisearch of `env` (DATABASE_PATH, MEILI_DATA_DIR; from MEILI_BIN or the npm
 * package), started and stopped at clean-up. Fails without a binary.
 */
export async function startMeiliSidecar(
  env: Record<string, string | undefined>,
  resolveMeiliSetup: (env: Record<string, string | undefined>, log: Log) => Promise<MeiliSetupLike>,
): Promise<{ connection: MeiliConnection; pid: number | undefined }> {
  const setup = await resolveMeiliSetup(
    env,
    // Quiet once interrupted: Ctrl-C reaches Meilisearch too, and its exit is expected then.
    (level, message) => {
      if (!interrupted) console[level](`[search] ${message}`)
    },
  )
  if (setup.kind !== 'managed') {
    throw new Error(
      `No managed Meilisearch: ${setup.kind === 'none' ? setup.reason : 'MEILI_HOST is set'}`,
    )
  }
  const sidecar = setup.sidecar
  await sidecar.start()
  addCleanup(() => sidecar.stop())
  return {
    connection: { host: sidecar.host, apiKey: sidecar.masterKey },
    pid: sidecar.pid ?? undefined,
  }
}

/** Drains the search outbox, timed; throws if it failed. */
export async function drainTimed<R extends { error?: string }>(drainOutbox: () => Promise<R>) {
  const start = performance.now()
  const drained = await drainOutbox()
  const seconds = (performance.now() - start) / 1000
  if (drained.error) throw new Error(`Draining the outbox failed: ${drained.error}`)
  return { drained, seconds }
}

// ---------------------------------------------------------------- seeding

export function progressBar(format: string, notTTYSchedule = 10_000) {
  return new cliProgress.SingleBar(
    { format, noTTYOutput: true, notTTYSchedule },
    cliProgress.Presets.shades_classic,
  )
}

// ---------------------------------------------------------------- the production build

const SOURCES = ['app', 'db', 'search']

function newestSource(dir: string): number {
  let newest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestSource(file) : fs.statSync(file).mtimeMs)
  }
  return newest
}

/** The production build, made again when a source file is newer than it. */
export async function freshBuild() {
  const built = path.join(REPO_ROOT, 'build/server/index.js')
  const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0
  const newest = Math.max(...SOURCES.map((d) => newestSource(path.join(REPO_ROOT, d))))
  if (newest > builtAt) {
    console.error('Building the app (npx remix vite:build): the build is missing or older…')
    await run('npx', ['remix', 'vite:build'])
  }
}

// ---------------------------------------------------------------- server.ts

export interface AppServer {
  child: ChildProcess
  port: number
  stop: () => Promise<void>
}

export interface StartedAppServer extends AppServer {
  /** Seconds from spawning until /healthz named Meilisearch. */
  readySeconds: number
  /** Seconds until the start-up jobs had passed (as readySeconds without `settle`). */
  settledSeconds: number
}

/** GET /healthz on a fresh connection: its status, the search backend it names, the time. */
export function healthz(port: number): Promise<{ ok: boolean; backend?: string; ms: number }> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const request = http.get({ host: LOOPBACK, port, path: '/healthz', agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as {
            search?: { backend?: string }
          }
          resolve({
            ok: res.statusCode === 200,
            backend: body.search?.backend,
            ms: performance.now() - started,
          })
        } catch (error) {
          reject(error as Error)
        }
      })
      res.on('error', reject)
    })
    request.setTimeout(30_000, () => request.destroy(new Error('/healthz: no answer in 30 s')))
    request.on('error', reject)
  })
}

export interface AppServerOptions {
  port: number
  databasePath: string
  meili: MeiliConnection
  /** server.ts's stdout and stderr go here (its tail is shown when it fails). */
  logFile: string
  /**
   * Before resolving, let the community jobs (vote-fraud reversal, badge recompute) pass: they
   * run 10 s after start-up and block the process while they scan the database; then wait for
   * three fast (< 50 ms) /healthz answers in a row.
   */
  settle?: boolean
  /** More environment for server.ts (WEB_CONCURRENCY, BENCH_LOOP_FILE). */
  env?: Record<string, string>
  /** More modules to preload (`--import`), after tsx: the event-loop probe. */
  preload?: string[]
  /** Node options before the script (`--cpu-prof`, which NODE_OPTIONS refuses); workers inherit them. */
  nodeFlags?: string[]
}

/**
 * server.ts (production build, SEED_DEMO=never, RATE_LIMIT=false) on 127.0.0.1:port, pointed at
 * the database and Meilisearch (MEILI_HOST); resolves once /healthz names Meilisearch. Stopped
 * at clean-up, or by stop().
 */
export async function startAppServer(options: AppServerOptions): Promise<StartedAppServer> {
  const { port, logFile } = options
  const logFd = fs.openSync(logFile, 'a')
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: LOOPBACK,
    PORT: String(port),
    DATABASE_PATH: options.databasePath,
    SEED_DEMO: 'never',
    RATE_LIMIT: 'false',
    MEILI_HOST: options.meili.host,
    MEILI_MASTER_KEY: options.meili.apiKey,
    ...options.env,
  }
  delete env.MEILI_BIN
  const preload = (options.preload ?? []).flatMap((module) => ['--import', module])
  const flags = [...(options.nodeFlags ?? []), '--import', 'tsx', ...preload]
  const child = spawn(process.execPath, [...flags, 'server.ts'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', logFd, logFd],
  })
  let logOpen = true
  const stop = async () => {
    await stopChild(child)
    if (logOpen) fs.closeSync(logFd)
    logOpen = false
  }
  addCleanup(stop)
  const tail = () => fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n')
  const startedAt = performance.now()
  const readyBy = Date.now() + 120_000
  for (;;) {
    if (interrupted) throw new Error('interrupted')
    if (child.exitCode != null) throw new Error(`server.ts exited:\n${tail()}`)
    try {
      const h = await healthz(port)
      if (h.ok && h.backend === 'meilisearch') break
    } catch {
      // not listening yet
    }
    if (Date.now() > readyBy) throw new Error(`server.ts did not become ready:\n${tail()}`)
    await sleep(250)
  }
  const readySeconds = (performance.now() - startedAt) / 1000
  if (options.settle) {
    await sleep(10_500)
    if (!(await waitUntilIdle({ child, port }, 300_000))) {
      throw new Error(`server.ts stayed busy:\n${tail()}`)
    }
  }
  return { child, port, stop, readySeconds, settledSeconds: (performance.now() - startedAt) / 1000 }
}

/**
 * Waits until the server answers /healthz fast (under 50 ms) three times in a row: its start-up
 * jobs, or requests a client gave up on, have passed. False if it is still busy after `ms`.
 */
export async function waitUntilIdle(
  server: Pick<AppServer, 'child' | 'port'>,
  ms: number,
): Promise<boolean> {
  const by = Date.now() + ms
  for (let fast = 0; fast < 3;) {
    if (interrupted) throw new Error('interrupted')
    if (server.child.exitCode != null) throw new Error('server.ts exited')
    if (Date.now() > by) return false
    // A job may hold the process longer than /healthz's 30 s: that is busy, not broken.
    const h = await healthz(server.port).catch(() => ({ ms: Infinity }))
    fast = h.ms < 50 ? fast + 1 : 0
    await sleep(200)
  }
  return true
}

// ---------------------------------------------------------------- measuring

/** Asks the probe in one process for its histogram since the last ask (and resets it). */
export async function processLoopReport(pid: number, file: string): Promise<LoopReport | null> {
  const seqOf = () => {
    try {
      return (JSON.parse(fs.readFileSync(file, 'utf8')) as LoopReport).seq
    } catch {
      return 0
    }
  }
  const before = seqOf()
  process.kill(pid, 'SIGUSR2')
  const by = Date.now() + 30_000
  while (Date.now() < by) {
    await sleep(20)
    if (seqOf() > before) return JSON.parse(fs.readFileSync(file, 'utf8')) as LoopReport
  }
  return null
}

/** A cluster's workers: the primary's children running server.ts (Linux /proc). */
export function clusterWorkerPids(primary: number): number[] {
  const children = fs
    .readFileSync(`/proc/${primary}/task/${primary}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number)
  return children.filter((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('server.ts')
    } catch {
      return false
    }
  })
}

/** The p-th percentile (nearest rank) of ascending numbers; NaN when there are none. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    return 100
  }
})()

/** CPU seconds a process has used so far (Linux /proc), or NaN. */
export function processCpuSeconds(pid: number | undefined): number {
  if (pid == null) return NaN
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // After the name: state is field 3, utime 14 and stime 15 (1-based in proc(5)).
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS
  } catch {
    return NaN
  }
}
