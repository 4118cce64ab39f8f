// Online backups: SQLite's backup API (through better-sqlite3) copies the live database page by
// page while the site goes on serving writes, and the copy is one consistent moment of it.
//
// A write from another connection (the server, while `npm run db:backup` runs beside it) makes
// SQLite start the copy over at its next step. Steps of a few thousand pages keep each read
// short; after a few restarts the rest is copied in one step, which holds a single read
// snapshot (WAL lets writers go on meanwhile), so a busy site cannot starve the backup.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'

export interface BackupProgress {
  totalPages: number
  remainingPages: number
  /** How often a write elsewhere made SQLite start the copy over. */
  restarts: number
}

export interface BackupOptions {
  /** Pages a step copies until the restarts run out (4 KiB pages: 16 MiB). */
  pagesPerStep?: number
  /** Restarts tolerated before the rest is copied in one step. */
  restartsBeforeOneStep?: number
  onProgress?: (progress: BackupProgress) => void
  /** Check the copy with PRAGMA integrity_check before it takes its name (default true). */
  verify?: boolean
}

export interface BackupResult {
  file: string
  bytes: number
  pages: number
  restarts: number
  integrity: 'ok' | 'not checked'
}

/** Thrown when the copy fails its integrity check; the partial file is removed. */
export class BackupIntegrityError extends Error {}

/**
 * Copies `source` (an open connection) to `destination`. The copy is written beside it under a
 * `.partial` name and renamed only once it is complete (and verified), so a file of that name is
 * always a whole backup.
 */
export async function backupDatabase(
  source: Database.Database,
  destination: string,
  options: BackupOptions = {},
): Promise<BackupResult> {
  const pagesPerStep = options.pagesPerStep ?? 4096
  const restartsBeforeOneStep = options.restartsBeforeOneStep ?? 3
  const file = path.resolve(destination)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const partial = `${file}.partial`
  fs.rmSync(partial, { force: true })

  let restarts = 0
  let lastRemaining = Infinity
  try {
    const { totalPages } = await source.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        if (remainingPages > lastRemaining) restarts++
        lastRemaining = remainingPages
        options.onProgress?.({ totalPages, remainingPages, restarts })
        return restarts >= restartsBeforeOneStep ? 0x7fffffff : pagesPerStep
      },
    })
    options.onProgress?.({ totalPages, remainingPages: 0, restarts })
    const integrity = options.verify === false ? 'not checked' : checkIntegrity(partial)
    fs.renameSync(partial, file)
    return { file, bytes: fs.statSync(file).size, pages: totalPages, restarts, integrity }
  } catch (error) {
    fs.rmSync(partial, { force: true })
    throw error
  }
}

function checkIntegrity(file: string): 'ok' {
  const copy = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const problems = copy.pragma('integrity_check', { simple: false }) as {
      integrity_check: string
    }[]
    const messages = problems.map((row) => row.integrity_check)
    if (messages.length !== 1 || messages[0] !== 'ok') {
      throw new BackupIntegrityError(
        `The copy failed its integrity check: ${messages.slice(0, 5).join('; ')}`,
      )
    }
    return 'ok'
  } finally {
    copy.close()
  }
}

/** The default name of a backup: beside the database, in backups/, stamped with the UTC time. */
export function defaultBackupFile(databasePath: string, now = new Date()) {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
  const base = path.basename(databasePath, path.extname(databasePath))
  return path.join(path.dirname(path.resolve(databasePath)), 'backups', `${base}-${stamp}.db`)
}
