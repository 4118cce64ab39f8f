// The benchmark's seeded communities: `npm run seed -- --questions N` once per N into
// bench/.cache/ (git-ignored), reused by later runs while the seed's code and the migrations are
// unchanged (a 100 000-question seed takes minutes here), and copied into a temp dir for each run,
// since a run writes (answers, sessions) and the next run must start from the same rows.
import crypto from 'node:crypto'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { addCleanup, addFinalCleanup, REPO_ROOT, stopChild } from './bench.ts'

export const CACHE_DIR = path.join(REPO_ROOT, 'bench/.cache')

/** The account the benchmark logs in with (made in the cached copy, so in every run's copy). */
export const READER = {
  handle: 'bench-reader',
  email: 'bench-reader@example.invalid',
  // A made-up account in a throw-away database; the password only has to pass the sign-up rules.
  password: 'bench-reader-password-not-secret',
}

/** What ready.json says about a cached community (written last: its presence means complete). */
export interface SeedInfo {
  questions: number
  seed: number
  fingerprint: string
  /** Wall seconds of the seed and indexing when it was made. */
  seedSeconds: number
  createdAt: string
}

export interface SeededCopy {
  info: SeedInfo
  /** True when the cache was there already. */
  reused: boolean
  dir: string
  databasePath: string
  meiliDataDir: string
}

/** Files whose change makes another community (or another schema): part of the cache key. */
const FINGERPRINTED = ['db/seed/scale.ts', 'app/models/scale-seed.server.ts', 'scripts/seed.ts']

function fingerprint(): string {
  const hash = crypto.createHash('sha256')
  const migrations = path.join(REPO_ROOT, 'db/migrations')
  const files = [
    ...FINGERPRINTED,
    ...fs
      .readdirSync(migrations)
      .filter((f) => f.endsWith('.sql'))
      .sort()
      .map((f) => `db/migrations/${f}`),
  ]
  for (const file of files) {
    hash.update(file)
    hash.update(fs.readFileSync(path.join(REPO_ROOT, file)))
  }
  return hash.digest('hex').slice(0, 12)
}

/** A node command in the repository root; its output goes to ours (the seed's progress bar). */
function node(args: string[], env: NodeJS.ProcessEnv, stdin?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: REPO_ROOT,
      env,
      stdio: [stdin == null ? 'ignore' : 'pipe', 'inherit', 'inherit'],
    })
    addCleanup(() => stopChild(child))
    if (stdin != null) child.stdin?.end(stdin)
    child.once('error', reject)
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited ${code}`)),
    )
  })
}

const seedEnv = (databasePath: string, meiliDataDir: string): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_PATH: databasePath,
    MEILI_DATA_DIR: meiliDataDir,
  }
  delete env.MEILI_HOST // the seed indexes into its own managed Meilisearch
  delete env.MEILI_MASTER_KEY
  return env
}

/** The cached community of `questions` questions, seeding it first when it is missing or stale. */
async function cachedCommunity(questions: number, seed: number, reseed: boolean) {
  const key = fingerprint()
  const dir = path.join(CACHE_DIR, `q${questions}-s${seed}-${key}`)
  const readyFile = path.join(dir, 'ready.json')
  if (!reseed && fs.existsSync(readyFile)) {
    return { dir, reused: true, info: JSON.parse(fs.readFileSync(readyFile, 'utf8')) as SeedInfo }
  }
  // Older seeds of the same size are stale now: they only take disk.
  fs.mkdirSync(CACHE_DIR, { recursive: true })
  for (const old of fs.readdirSync(CACHE_DIR)) {
    if (old.startsWith(`q${questions}-s${seed}-`)) {
      fs.rmSync(path.join(CACHE_DIR, old), { recursive: true, force: true })
    }
  }
  fs.mkdirSync(dir, { recursive: true })
  const env = seedEnv(path.join(dir, 'peerdesk.db'), path.join(dir, 'meili'))
  console.error(`Seeding ${questions} questions into ${path.relative(REPO_ROOT, dir)} (cached)…`)
  const started = performance.now()
  await node(['scripts/seed.ts', '--questions', String(questions), '--seed', String(seed)], env)
  await node(
    [
      'scripts/user-create.ts',
      '--handle',
      READER.handle,
      '--email',
      READER.email,
      '--password-stdin',
    ],
    env,
    `${READER.password}\n`,
  )
  const info: SeedInfo = {
    questions,
    seed,
    fingerprint: key,
    seedSeconds: (performance.now() - started) / 1000,
    createdAt: new Date().toISOString(),
  }
  fs.writeFileSync(readyFile, `${JSON.stringify(info, null, 2)}\n`)
  return { dir, reused: false, info }
}

/**
 * Lifts the reader above the new-member limits (under 10 reputation: 3 questions and 5 answers
 * a day, app/models/post-limits.server.ts), which the write benchmarks would otherwise hit after
 * five answers: 100 reputation as one ledger row, so the cached sum stays the ledger's.
 */
function trustReader(databasePath: string) {
  const db = new Database(databasePath)
  try {
    db.transaction(() => {
      const reader = db
        .prepare('SELECT id, reputation FROM users WHERE handle = ?')
        .get(READER.handle) as { id: number; reputation: number } | undefined
      if (!reader || reader.reputation >= 10) return
      db.prepare(
        `INSERT INTO reputation_events (user_id, amount, kind, created_at) VALUES (?, 100, 'imported', ?)`,
      ).run(reader.id, Date.now())
      db.prepare('UPDATE users SET reputation = reputation + 100 WHERE id = ?').run(reader.id)
    })()
  } finally {
    db.close()
  }
}

/**
 * A private copy of the seeded community for one run, in a temp dir deleted at clean-up: the
 * database (DATABASE_PATH) and the Meilisearch data (MEILI_DATA_DIR) with its key beside it.
 */
export async function seededCopy(
  questions: number,
  options: { seed?: number; reseed?: boolean } = {},
): Promise<SeededCopy> {
  const cached = await cachedCommunity(questions, options.seed ?? 1, options.reseed ?? false)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peerdesk-bench-'))
  addFinalCleanup(async () => fs.rmSync(dir, { recursive: true, force: true }))
  console.error(`Copying the seeded community into ${dir}…`)
  fs.cpSync(cached.dir, dir, { recursive: true })
  trustReader(path.join(dir, 'peerdesk.db'))
  return {
    info: cached.info,
    reused: cached.reused,
    dir,
    databasePath: path.join(dir, 'peerdesk.db'),
    meiliDataDir: path.join(dir, 'meili'),
  }
}
