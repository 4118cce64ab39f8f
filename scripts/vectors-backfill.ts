// `npm run search:vectors`: encodes the sentence vector of every thread that has none of the
// current model (imported or seeded history, all of them after a model change, rows the server's
// vector job has not reached), with a progress bar, on DATABASE_PATH. It can run beside the
// server: a thread edited meanwhile stays due, and the server's job encodes it again.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import cliProgress from 'cli-progress'

const USAGE = `Usage: npm run search:vectors
  Encodes the sentence vector (similar questions' semantic signal) of each indexed thread that
  has none of the current model, in DATABASE_PATH (data/peerdesk.db). Safe beside the server.`

export async function main(argv: string[]) {
  if (argv.includes('--help')) {
    console.log(USAGE)
    return 0
  }
  const { db, closeDatabase } = await import('#db/client.server.ts')
  const { runMigrations } = await import('#db/migrate.ts')
  const { loadSentenceEncoder, VECTOR_MODEL } = await import('#search/sentence-encoder.ts')
  const { backfillVectors } = await import('#search/vector-backfill.server.ts')
  runMigrations(db)
  try {
    const encoder = await loadSentenceEncoder()
    const bar = new cliProgress.SingleBar(
      {
        format:
          'Encoding |{bar}| {percentage}% | thread {value}/{total} | {encoded} encoded | {eta_formatted} left',
        noTTYOutput: true,
        notTTYSchedule: 5000,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    )
    let started = false
    const began = performance.now()
    const { encoded } = await backfillVectors(db.$client, encoder, {
      onProgress: ({ lastId, maxId, encoded }) => {
        if (!started) bar.start(maxId, 0, { encoded: 0 })
        started = true
        bar.update(lastId, { encoded })
      },
    }).catch((error: unknown) => {
      bar.stop() // the terminal gets its cursor back before the error is printed
      throw error
    })
    bar.stop()
    const seconds = (performance.now() - began) / 1000
    console.log(
      encoded === 0
        ? `Every indexed thread has its ${VECTOR_MODEL} vector already.`
        : `Encoded ${encoded} threads (${VECTOR_MODEL}) in ${seconds.toFixed(1)} s ` +
            `(${Math.round(encoded / seconds)} a second).`,
    )
    return 0
  } finally {
    closeDatabase()
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`search:vectors failed: ${error instanceof Error ? error.message : error}`)
      process.exit(1)
    },
  )
}
