// `npm run db:backup`: an online, consistent copy of DATABASE_PATH through SQLite's backup API,
// safe while the site serves writes, with a progress bar; the copy is checked with
// PRAGMA integrity_check before it takes its name. Restore: stop the site, put the copy in
// place of the database file (removing its -wal and -shm files), start the site.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import cliProgress from 'cli-progress'
import { DEFAULT_DATABASE_PATH } from '#db/client.server.ts'
import { backupDatabase, defaultBackupFile } from '#db/backup.server.ts'

const USAGE = `Usage: npm run db:backup -- [--out FILE] [--no-verify]
  Copies DATABASE_PATH (${DEFAULT_DATABASE_PATH}) while the site runs, to FILE
  (default: backups/NAME-UTCSTAMP.db beside the database), and checks the copy.`

export async function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      'no-verify': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  const databasePath = process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH
  if (!fs.existsSync(databasePath)) {
    console.error(`No database at ${databasePath} (set DATABASE_PATH).`)
    return 1
  }
  const destination = values.out ?? defaultBackupFile(databasePath)
  const source = new Database(databasePath, { readonly: true, fileMustExist: true })
  source.pragma('busy_timeout = 5000')
  const bar = new cliProgress.SingleBar(
    {
      format: 'Backing up |{bar}| {percentage}% | page {value}/{total} | {restarts} restarts',
      noTTYOutput: true,
      notTTYSchedule: 2000,
    },
    cliProgress.Presets.shades_classic,
  )
  let started = false
  const began = performance.now()
  try {
    const result = await backupDatabase(source, destination, {
      verify: !values['no-verify'],
      onProgress: ({ totalPages, remainingPages, restarts }) => {
        if (!started) bar.start(totalPages, 0, { restarts })
        started = true
        bar.setTotal(totalPages)
        bar.update(totalPages - remainingPages, { restarts })
      },
    })
    bar.stop()
    const seconds = (performance.now() - began) / 1000
    console.log(
      `Backed up ${databasePath} to ${result.file}: ${(result.bytes / 1024 / 1024).toFixed(1)} MiB, ` +
        `${result.pages} pages in ${seconds.toFixed(1)} s` +
        `${result.restarts ? ` (${result.restarts} restarts: the site was writing)` : ''}; ` +
        `integrity ${result.integrity}.`,
    )
    return 0
  } catch (error) {
    bar.stop() // the terminal gets its cursor back before the error is printed
    throw error
  } finally {
    source.close()
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`db:backup failed: ${error instanceof Error ? error.message : error}`)
      process.exit(1)
    },
  )
}
