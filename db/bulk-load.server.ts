// Bulk loads (the scale seed): connection settings for their length, and the secondary indexes
// of the tables they fill built once at the end. SQLite builds an index from the table's rows in
// one sort, far faster than it keeps a dozen of them in order row by row (a 100 000-thread seed:
// 58 s with them kept, 42 s with them built after, the build included).
import type Database from 'better-sqlite3'

export interface DeferredIndexesOptions {
  /** The tables the load fills. */
  tables: readonly string[]
  /**
   * Indexes the load itself reads (its own look-ups, and those of the triggers its writes fire):
   * they stay. Unique indexes always stay: they are constraints.
   */
  keep: ReadonlySet<string>
  /** After each index is built again (for a progress bar). */
  onBuilt?: (built: number, total: number) => void
}

interface IndexDefinition {
  name: string
  sql: string
}

/** The secondary indexes of `tables` that may wait, with the statement that made each. */
function deferrableIndexes(client: Database.Database, options: DeferredIndexesOptions) {
  const listed = client
    .prepare(
      `SELECT name, sql FROM sqlite_master
        WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (SELECT value FROM json_each(?))
        ORDER BY tbl_name, name`,
    )
    .all(JSON.stringify(options.tables)) as IndexDefinition[]
  return listed.filter((index) => {
    const unique = /^\s*CREATE\s+UNIQUE\s/i.test(index.sql)
    return !unique && !options.keep.has(index.name)
  })
}

/**
 * Runs `load` with the deferrable indexes dropped, then builds them again with the statements
 * the migrations wrote, also when the load fails. A process killed meanwhile leaves the file
 * without them: such a half-made load is made again in a new file (the seed only runs on an
 * empty database).
 */
export async function withIndexesBuiltAfter<R>(
  client: Database.Database,
  options: DeferredIndexesOptions,
  load: () => Promise<R>,
): Promise<R> {
  const deferred = deferrableIndexes(client, options)
  for (const index of deferred) client.exec(`DROP INDEX "${index.name.replaceAll('"', '""')}"`)
  try {
    return await load()
  } finally {
    deferred.forEach((index, i) => {
      client.exec(index.sql)
      options.onBuilt?.(i + 1, deferred.length)
    })
  }
}

/**
 * Connection settings for the length of a bulk load, put back afterwards. synchronous=OFF
 * skips the fsync at each batch's commit: a crash of the machine (not of the process: WAL
 * keeps that safe) could lose or damage a half-made load, which is then made again, and the
 * final checkpoint, run with the usual setting back, makes the finished one durable. A bigger
 * page cache keeps the indexes' hot pages in memory; temporary b-trees stay in memory too.
 */
export function withBulkLoadPragmas<R>(
  client: Database.Database,
  work: () => Promise<R>,
): Promise<R> {
  const saved = ['synchronous', 'cache_size', 'temp_store'].map(
    (name) => [name, client.pragma(name, { simple: true })] as const,
  )
  client.pragma('synchronous = OFF')
  client.pragma('cache_size = -262144') // 256 MiB
  client.pragma('temp_store = MEMORY')
  return work().finally(() => {
    for (const [name, value] of saved) client.pragma(`${name} = ${String(value)}`)
    client.pragma('wal_checkpoint(TRUNCATE)')
  })
}
