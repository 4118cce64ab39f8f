// `npm run search:reindex`: rebuilds the search index from the database with a progress bar.
// Meilisearch: a fresh index threads_tmp_<ts> gets the settings and every document, then is
// swapped in and the old one deleted, so search keeps answering during the rebuild. FTS5 is
// rebuilt row by row in small transactions. `--check` reports documents missing from or stale
// in either index and exits non-zero if there are any.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import cliProgress from 'cli-progress'
import { sql } from 'drizzle-orm'
import type { Db } from '#db/client.server.ts'
import { documentFingerprint } from './documents.ts'
import { allSearchDocuments, countLiveThreads } from './documents.server.ts'
import type { MeilisearchBackend } from './meilisearch.server.ts'
import { outboxLag } from './outbox.server.ts'
import { ftsColumns, pruneFtsRows, writeFtsRows } from './sqlite-fts.server.ts'
import type { SearchDocument } from './types.ts'

export interface RebuildOptions {
  db: Db
  /** null rebuilds FTS5 alone. */
  meili: MeilisearchBackend | null
  batchSize?: number
  /** Rewrite the FTS5 rows too (default true; false when they are known to be current). */
  fts?: boolean
  onStart?: (total: number) => void
  onProgress?: (done: number) => void
}

export interface RebuildResult {
  documents: number
  index: string | null
  requeued: number
  durationMs: number
}

/** Rebuilds FTS5 and (when given) the Meilisearch index through a swap. */
export async function rebuildSearchIndex(options: RebuildOptions): Promise<RebuildResult> {
  const { db, meili } = options
  const started = Date.now()
  // Writes during the rebuild go to the live index, which the swap then retires: note where the
  // outbox stands, and queue the threads written since once the new index is in place.
  const mark = db.get<{ id: number | null }>(sql`SELECT max(id) AS id FROM search_outbox`)?.id ?? 0
  const total = countLiveThreads(db)
  options.onStart?.(total)

  const build = meili ? await startIndexBuild({ db, meili }) : null
  try {
    let done = 0
    for (const batch of allSearchDocuments(db, options.batchSize ?? 1000)) {
      if (options.fts !== false) {
        db.transaction((tx) =>
          writeFtsRows(
            tx,
            batch.map((d) => d.id),
            batch,
          ),
        )
      }
      if (build) await build.add(batch)
      done += batch.length
      options.onProgress?.(done)
    }
    if (options.fts !== false) pruneFtsRows(db)
    const finished = build ? await build.finish(mark) : null
    return {
      documents: done,
      index: meili?.indexUid ?? null,
      requeued: finished?.requeued ?? 0,
      durationMs: Date.now() - started,
    }
  } catch (error) {
    await build?.abort()
    throw error
  }
}

export interface IndexBuildOptions {
  db: Db
  meili: MeilisearchBackend
  /** Documents per payload (default 5 000: a few megabytes of NDJSON). */
  payloadSize?: number
  /**
   * How many payloads may wait in Meilisearch's queue (default 8); add() waits beyond that.
   * Queued additions are indexed together as one batch, which is what makes a bulk load fast.
   */
  maxQueued?: number
  /** Called with how many documents Meilisearch has indexed so far. */
  onIndexed?: (done: number) => void
}

export interface IndexBuild {
  /** The fresh index being filled (threads_tmp_<ts>), swapped in by finish(). */
  readonly indexUid: string
  /** Queues documents; resolves at once unless too many payloads are waiting in Meilisearch. */
  add(documents: SearchDocument[]): Promise<void>
  /**
   * Sends what is left, waits until every payload is indexed, swaps the new index in (the old
   * one is deleted) and settles the outbox: rows up to `coveredOutboxId` are what the documents
   * were built from, so they are marked done; threads queued after it are queued again.
   */
  finish(coveredOutboxId: number): Promise<{ documents: number; requeued: number }>
  /** Drops the half-built index (after a failure). */
  abort(): Promise<void>
}

/**
 * A Meilisearch index built in bulk while its documents are still being produced (a rebuild,
 * the scale seed writing threads): settings first (an index with its settings indexes the
 * documents once; settings after documents re-index them), then NDJSON payloads enqueued
 * without waiting on each, so Meilisearch indexes on its own core while the caller goes on.
 */
export async function startIndexBuild(options: IndexBuildOptions): Promise<IndexBuild> {
  const { db, meili } = options
  const payloadSize = options.payloadSize ?? 5000
  const maxQueued = options.maxQueued ?? 8
  const temp = meili.withIndex(`${meili.indexUid}_tmp_${Date.now()}`)
  try {
    await temp.ensureIndex()
  } catch (error) {
    await temp.client.deleteIndexIfExists(temp.indexUid).catch(() => false)
    throw error
  }

  let buffer: SearchDocument[] = []
  let sent = 0
  let indexed = 0
  let failure: unknown = null
  // Payloads in the order sent, each followed until indexed (one index's tasks run in order).
  const queue: { done: Promise<void> }[] = []
  let last: Promise<void> = Promise.resolve()

  const send = () => {
    if (buffer.length === 0) return
    const documents = buffer
    buffer = []
    const task = temp.enqueueDocuments(documents)
    task.catch(() => undefined) // its failure is kept by the follower below
    sent += documents.length
    const entry = {
      done: last.then(async () => {
        try {
          if (failure) return
          const settled = await temp.settle(task, 250)
          if (settled.status !== 'succeeded') {
            throw new Error(
              `Meilisearch task ${settled.uid} ${settled.status}: ${settled.error?.message ?? ''}`,
            )
          }
          indexed += documents.length
          options.onIndexed?.(indexed)
        } catch (error) {
          failure ??= error
        } finally {
          queue.shift()
        }
      }),
    }
    queue.push(entry)
    last = entry.done
  }
  const check = () => {
    if (failure) throw failure
  }

  return {
    indexUid: temp.indexUid,
    async add(documents) {
      check()
      for (const doc of documents) {
        buffer.push(doc)
        if (buffer.length >= payloadSize) send()
      }
      while (queue.length > maxQueued && !failure) await queue[0]!.done
      check()
    },
    async finish(coveredOutboxId) {
      send()
      await last
      check()
      if (!(await meili.indexExists())) await meili.ensureIndex()
      await meili.wait(
        meili.client.swapIndexes([{ indexes: [meili.indexUid, temp.indexUid], rename: false }]),
      )
      await meili.wait(meili.client.deleteIndex(temp.indexUid))
      // Rows queued up to the mark are covered by the new index; those queued since go again.
      db.run(
        sql`UPDATE search_outbox SET processed_at = ${Date.now()}, last_error = NULL
            WHERE processed_at IS NULL AND id <= ${coveredOutboxId}`,
      )
      const requeued = db.run(
        sql`INSERT INTO search_outbox (question_id, created_at, available_at)
            SELECT DISTINCT question_id, ${Date.now()}, ${Date.now()} FROM search_outbox WHERE id > ${coveredOutboxId}`,
      ).changes
      return { documents: sent, requeued }
    },
    async abort() {
      failure ??= new Error('index build aborted')
      await last
      await temp.client.deleteIndexIfExists(temp.indexUid).catch(() => false)
    },
  }
}

export interface CheckReport {
  threads: number
  meilisearch: { missing: number[]; stale: number[]; extra: number[] } | null
  fts: { missing: number[]; stale: number[]; extra: number[] }
  pendingOutbox: number
}

function compare(expected: Map<number, string>, actual: Map<number, string>) {
  const missing: number[] = []
  const stale: number[] = []
  for (const [id, fingerprint] of expected) {
    const found = actual.get(id)
    if (found === undefined) missing.push(id)
    else if (found !== fingerprint) stale.push(id)
  }
  const extra = [...actual.keys()].filter((id) => !expected.has(id))
  return { missing, stale, extra: extra.sort((a, b) => a - b) }
}

const ftsFingerprint = (c: ReturnType<typeof ftsColumns>) =>
  JSON.stringify([c.title, c.body, c.answers, c.tags])

/** What the indexes hold against what the database says they should. */
export async function checkSearchIndex(options: {
  db: Db
  meili: MeilisearchBackend | null
}): Promise<CheckReport> {
  const { db, meili } = options
  const expected = new Map<number, string>()
  const expectedFts = new Map<number, string>()
  for (const batch of allSearchDocuments(db, 1000)) {
    for (const doc of batch) {
      expected.set(doc.id, documentFingerprint(doc))
      expectedFts.set(doc.id, ftsFingerprint(ftsColumns(doc)))
    }
  }
  const ftsRows = db.all<{
    id: number
    title: string
    body: string
    answers: string
    tags: string
  }>(sql`SELECT rowid AS id, title, body, answers, tags FROM search_fts`)
  const actualFts = new Map(ftsRows.map((row) => [row.id, ftsFingerprint(row)]))

  let meiliReport: CheckReport['meilisearch'] = null
  if (meili) {
    const actual = new Map<number, string>()
    for await (const page of meili.allDocuments()) {
      for (const doc of page) actual.set(doc.id, documentFingerprint(doc as SearchDocument))
    }
    meiliReport = compare(expected, actual)
  }
  return {
    threads: expected.size,
    meilisearch: meiliReport,
    fts: compare(expectedFts, actualFts),
    pendingOutbox: outboxLag(db).pending,
  }
}

export function checkFailed(report: CheckReport) {
  const problems = (r: { missing: number[]; stale: number[]; extra: number[] } | null) =>
    r ? r.missing.length + r.stale.length + r.extra.length : 0
  return problems(report.meilisearch) + problems(report.fts) > 0
}

// ---------------------------------------------------------------- the command line

function describeIds(ids: number[]) {
  return ids.length > 20 ? `${ids.slice(0, 20).join(', ')} … (+${ids.length - 20})` : ids.join(', ')
}

async function main(argv: string[]) {
  const check = argv.includes('--check')
  if (argv.includes('--help')) {
    console.log('Usage: npm run search:reindex [-- --check]')
    console.log(
      '  Rebuilds the Meilisearch index (through a swap) and the FTS5 table from the database.',
    )
    console.log('  --check  reports threads missing from or stale in the indexes; exits 1 if any.')
    return 0
  }
  const { db, closeDatabase } = await import('#db/client.server.ts')
  const { runMigrations } = await import('#db/migrate.ts')
  const { resolveMeiliSetup } = await import('./sidecar.server.ts')
  const { MeilisearchBackend } = await import('./meilisearch.server.ts')
  runMigrations(db)

  const setup = await resolveMeiliSetup(process.env)
  let meili: MeilisearchBackend | null = null
  let stopSidecar = async () => {}
  if (setup.kind === 'external') {
    meili = new MeilisearchBackend({ host: setup.host, apiKey: setup.apiKey })
  } else if (setup.kind === 'managed') {
    await setup.sidecar.start() // attaches to the server's sidecar when one runs on this data
    const sidecar = setup.sidecar
    meili = new MeilisearchBackend(() => ({ host: sidecar.host, apiKey: sidecar.masterKey }))
    stopSidecar = () => sidecar.stop()
  } else {
    console.warn(`Meilisearch not available (${setup.reason}): FTS5 only.`)
  }

  try {
    if (check) {
      const report = await checkSearchIndex({ db, meili })
      console.log(`${report.threads} live threads; ${report.pendingOutbox} outbox rows pending.`)
      for (const [name, r] of [
        ['Meilisearch', report.meilisearch],
        ['FTS5', report.fts],
      ] as const) {
        if (!r) continue
        console.log(
          `${name}: ${r.missing.length} missing, ${r.stale.length} stale, ${r.extra.length} extra`,
        )
        if (r.missing.length) console.log(`  missing: ${describeIds(r.missing)}`)
        if (r.stale.length) console.log(`  stale:   ${describeIds(r.stale)}`)
        if (r.extra.length) console.log(`  extra:   ${describeIds(r.extra)}`)
      }
      if (checkFailed(report)) {
        console.log(
          'Run `npm run search:reindex` to rebuild (pending outbox rows may explain some).',
        )
        return 1
      }
      console.log('The indexes match the database.')
      return 0
    }

    const bar = new cliProgress.SingleBar(
      {
        format: 'Indexing |{bar}| {percentage}% | {value}/{total} threads | {eta_formatted} left',
        noTTYOutput: true,
        notTTYSchedule: 2000,
      },
      cliProgress.Presets.shades_classic,
    )
    const result = await rebuildSearchIndex({
      db,
      meili,
      onStart: (total) => bar.start(total, 0),
      onProgress: (done) => bar.update(done),
    })
    bar.stop()
    console.log(
      `Indexed ${result.documents} threads in ${(result.durationMs / 1000).toFixed(1)} s` +
        (result.index ? ` into "${result.index}" (swapped in)` : ' (FTS5 only)') +
        (result.requeued ? `; ${result.requeued} threads written meanwhile queued again.` : '.'),
    )
    return 0
  } finally {
    await stopSidecar()
    closeDatabase()
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`search:reindex failed: ${error instanceof Error ? error.message : error}`)
      process.exit(1)
    },
  )
}
