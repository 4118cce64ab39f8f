import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import * as schema from './schema.ts'

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database }
/** The argument drizzle hands to a transaction callback; models write through it. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

export const DEFAULT_DATABASE_PATH = 'data/peerdesk.db'

const MMAP_BYTES = 4 * 1024 ** 3
const CACHE_KIB = 64 * 1024

/**
 * A big community's indexes outgrow SQLite's default 2 MB page cache, and every look-up then
 * copies its B-tree pages in through read() calls. The file is mapped instead (the OS keeps its
 * pages once for every process and thread), with a larger cache of the connection's own. For
 * every connection the app opens: the server's and the FTS5 threads'.
 */
export function sizeForBigCommunities(sqlite: Database.Database) {
  sqlite.pragma(`mmap_size = ${MMAP_BYTES}`)
  sqlite.pragma(`cache_size = -${CACHE_KIB}`)
}

export function openDatabase(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  const sqlite = new Database(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  // WAL makes NORMAL durable against application crashes; only an OS crash can lose
  // the last transactions, which is the trade every WAL deployment of SQLite takes.
  sqlite.pragma('synchronous = NORMAL')
  sizeForBigCommunities(sqlite)
  return drizzle({ client: sqlite, schema }) as Db
}

// One connection per process. It lives on globalThis because dev hot reload evaluates this
// module again, and a reload must not open a second connection to the same file.
const globalForDb = globalThis as typeof globalThis & { __peerdeskDb?: Db }

function connection(): Db {
  return (globalForDb.__peerdeskDb ??= openDatabase(
    process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH,
  ))
}

/**
 * The process's database, opened on first use rather than at import: the server loads the
 * whole app (this module included) before it has checked the environment, and a bad setting
 * must be reported before any file is created.
 */
export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    const real = connection()
    const value: unknown = Reflect.get(real, property, real)
    return typeof value === 'function' ? value.bind(real) : value
  },
})

export function closeDatabase() {
  if (globalForDb.__peerdeskDb?.$client.open) globalForDb.__peerdeskDb.$client.close()
}

// Prepared statements of the process's connection, by SQL text. drizzle builds and prepares a
// query on every call; the hottest writes (the unit of work's counters, bulk writers) prepare
// theirs once. They run inside whatever transaction the connection is in.
const preparedByClient = new WeakMap<object, Map<string, Database.Statement<unknown[]>>>()

export function preparedStatement(text: string): Database.Statement<unknown[]> {
  const client = db.$client
  let cache = preparedByClient.get(client)
  if (!cache) preparedByClient.set(client, (cache = new Map()))
  let statement = cache.get(text)
  if (!statement) cache.set(text, (statement = client.prepare(text)))
  return statement
}

/**
 * A drizzle query built and prepared once per connection, its values given as
 * `sql.placeholder()`s when it runs: on a thread page, building and compiling its look-ups cost
 * more than running them.
 */
export function preparedQuery<T>(build: (connection: Db) => T): () => T {
  const byClient = new WeakMap<object, T>()
  return () => {
    const real = connection()
    let query = byClient.get(real.$client)
    if (query === undefined) byClient.set(real.$client, (query = build(real)))
    return query
  }
}
