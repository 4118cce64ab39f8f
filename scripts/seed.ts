// npm run seed [-- --questions N [--seed S] [--users U] [--batch B] [--now ISO] [--no-index]]
//
// Without --questions: the demo community (the same as `npm run db:seed`). With it: a
// deterministic synthetic community of N questions (db/seed/scale.ts makes it,
// app/models/scale-seed.server.ts writes it through the unit of work in batched transactions),
// then the search index built in the managed Meilisearch (MEILI_DATA_DIR) or MEILI_HOST, so
// `npm start` with the same DATABASE_PATH and MEILI_DATA_DIR serves it at once.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import cliProgress from 'cli-progress'

const USAGE = `Usage: npm run seed [-- --questions N [options]]
  (no flags)        seed the demo community (as npm run db:seed)
  --questions N     a synthetic community of N questions (≈1.5 answers each, votes, comments)
  --seed S          PRNG seed (1); the same flags make the same community
  --users U         members (N/4, at least 20)
  --batch B         threads per transaction (1000)
  --now ISO         the moment the community is "as of" (2026-01-01T00:00:00Z)
  --no-index        leave the search outbox for the server's worker instead of indexing now
Writes to DATABASE_PATH (data/peerdesk.db), which must have no users yet; the managed
Meilisearch keeps its data in MEILI_DATA_DIR (data/meili/).`

function positive(name: string, value: string | undefined) {
  if (value == null) return undefined
  const n = Number(value.replace(/_/g, ''))
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number ≥ 1`)
  return n
}

export async function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      questions: { type: 'string' },
      seed: { type: 'string' },
      users: { type: 'string' },
      batch: { type: 'string' },
      now: { type: 'string' },
      'no-index': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  const { db, closeDatabase } = await import('#db/client.server.ts')
  const { runMigrations } = await import('#db/migrate.ts')
  runMigrations(db)
  try {
    const questions = positive('questions', values.questions)
    if (questions == null) {
      const { formatLogins, isDatabaseEmpty, seedDemo } = await import('#db/seed/demo.ts')
      if (!isDatabaseEmpty()) {
        console.log('Database already has data; not seeding.')
        return 0
      }
      const logins = await seedDemo({ log: (line) => console.log(line) })
      console.log(`\nDemo logins:\n\n${formatLogins(logins)}`)
      return 0
    }

    const now = values.now == null ? undefined : Date.parse(values.now)
    if (now != null && Number.isNaN(now)) throw new Error('--now must be a date such as 2026-01-01')
    const { scaleShape } = await import('#db/seed/scale.ts')
    const { seedScaleCommunity } = await import('#app/models/scale-seed.server.ts')
    const shape = scaleShape(questions, {
      seed: positive('seed', values.seed) ?? 1,
      users: positive('users', values.users),
      now,
    })
    console.log(
      `Seeding ${questions} questions, ${shape.users} members, ${shape.staff} staff, ` +
        `${shape.tags} tags (seed ${shape.seed}) into ${process.env.DATABASE_PATH || 'data/peerdesk.db'}`,
    )
    const started = performance.now()
    // Meilisearch indexes on its own core while the threads are written: each batch's
    // documents go to it as soon as the batch has committed.
    const search = values['no-index'] ? null : await openSearch(db)
    try {
      const bars = new cliProgress.MultiBar(
        { noTTYOutput: true, notTTYSchedule: 5000, etaBuffer: 50, hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
      const seeding = bars.create(questions, 0, undefined, {
        format: 'Seeding  |{bar}| {percentage}% | {value}/{total} questions | {eta_formatted} left',
      })
      const indexing = search
        ? bars.create(questions, 0, undefined, {
            format:
              'Indexing |{bar}| {percentage}% | {value}/{total} threads | {eta_formatted} left',
          })
        : null
      if (search && indexing) search.onIndexed = (done) => indexing.update(done)
      let building: cliProgress.SingleBar | null = null
      const summary = await seedScaleCommunity({
        shape,
        batchSize: positive('batch', values.batch),
        onProgress: (done) => seeding.update(done),
        onIndexBuilt: (built, total) => {
          building ??= bars.create(total, 0, undefined, {
            format: 'Building |{bar}| {percentage}% | {value}/{total} table indexes',
          })
          building.update(built)
        },
        ...(search ? { onSearchDocuments: (documents) => search.build.add(documents) } : {}),
      }).catch((error: unknown) => {
        bars.stop() // the terminal gets its cursor back before the error is printed
        throw error
      })
      seeding.stop()
      const rate = Math.round(summary.questions / summary.seconds.threads)
      const summaryLine =
        `${summary.questions} questions, ${summary.answers} answers, ${summary.comments} comments, ` +
        `${summary.votes} votes (${summary.votesOverLimit} over the daily limit left out), ` +
        `${summary.accepted} accepted, ${summary.official} official, ${summary.tags} tags in ` +
        `${summary.seconds.threads.toFixed(1)} s (${rate} questions/s, ` +
        `CPU ${summary.cpuSeconds.threads.toFixed(1)} s); their table indexes built in ` +
        `${summary.seconds.indexes.toFixed(1)} s (CPU ${summary.cpuSeconds.indexes.toFixed(1)} s); ` +
        `${summary.badges} badges in ` +
        `${summary.seconds.badges.toFixed(1)} s (CPU ${summary.cpuSeconds.badges.toFixed(1)} s).`
      if (!search) {
        bars.stop()
        console.log(summaryLine)
        console.log('Search outbox left for the server: `npm start` sends it to Meilisearch.')
        return 0
      }
      // The indexing bar goes on: the line is printed above it at its next redraw.
      bars.log(`${summaryLine}\n`)
      const writtenAt = performance.now()
      // Every outbox row so far is covered by the documents sent (each thread's last batch).
      const mark = db.$client.prepare('SELECT max(id) FROM search_outbox').pluck().get() as
        number | null
      const result = await search.build.finish(mark ?? 0)
      indexing?.update(result.documents)
      bars.stop()
      const end = performance.now()
      console.log(
        `Indexed ${result.documents} threads into Meilisearch "${search.meili.indexUid}": ` +
          `${((end - writtenAt) / 1000).toFixed(1)} s after the writing and badges; ` +
          `${((end - started) / 1000).toFixed(1)} s in all.`,
      )
      search.done = true
      return 0
    } finally {
      await search?.close()
    }
  } finally {
    closeDatabase()
  }
}

/**
 * The Meilisearch the seed indexes into (the managed sidecar on MEILI_DATA_DIR, or MEILI_HOST)
 * and a bulk index build on it; null when there is none (search answers from FTS5).
 */
async function openSearch(db: import('#db/client.server.ts').Db) {
  const { resolveMeiliSetup } = await import('#search/sidecar.server.ts')
  const { MeilisearchBackend } = await import('#search/meilisearch.server.ts')
  const { startIndexBuild } = await import('#search/reindex.ts')
  const setup = await resolveMeiliSetup(process.env)
  if (setup.kind === 'none') {
    console.warn(`Meilisearch not available (${setup.reason}): search answers from FTS5.`)
    return null
  }
  // A bulk load: Meilisearch may take minutes over a task, and seconds to answer meanwhile.
  const timeouts = { requestMs: 120_000, taskMs: 60 * 60_000 }
  let meili: InstanceType<typeof MeilisearchBackend>
  let stop = async () => {}
  if (setup.kind === 'external') {
    meili = new MeilisearchBackend({ host: setup.host, apiKey: setup.apiKey }, { timeouts })
  } else {
    const sidecar = setup.sidecar
    await sidecar.start()
    stop = () => sidecar.stop()
    meili = new MeilisearchBackend(() => ({ host: sidecar.host, apiKey: sidecar.masterKey }), {
      timeouts,
    })
  }
  const search = {
    meili,
    onIndexed: (_done: number) => {},
    done: false,
    build: await startIndexBuild({
      db,
      meili,
      // Big payloads, many queued: Meilisearch indexes what is queued as one batch.
      payloadSize: 10_000,
      maxQueued: 16,
      onIndexed: (done) => search.onIndexed(done),
    }).catch(async (error: unknown) => {
      await stop()
      throw error
    }),
    async close() {
      if (!search.done) await search.build.abort()
      await stop()
    },
  }
  return search
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : null
      const message = error instanceof Error ? error.message : String(error)
      console.error(`\nseed failed: ${message}${cause ? ` (${cause.message})` : ''}`)
      process.exit(1)
    },
  )
}
