// The similar-questions ranking thread: FTS5 BM25 (and its proximity re-ranking) over its own
// read-only connection to the database file, so a costly look-up never holds the server's event
// loop. Requests and answers are messages (ranking-pool.server.ts); WAL lets it read committed
// data while the server writes.
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import type { Db } from '#db/client.server.ts'
import * as schema from '#db/schema.ts'
import type { RankingReply, RankingRequest, RankingThreadData } from './ranking-pool.server.ts'
import { SqliteFtsBackend } from './sqlite-fts.server.ts'

const { file } = workerData as RankingThreadData
const connection = new Database(file, { readonly: true, fileMustExist: true })
connection.pragma('busy_timeout = 5000')
const fts = new SqliteFtsBackend(drizzle({ client: connection, schema }) as Db)

parentPort?.on('message', ({ id, query, plain }: RankingRequest) => {
  let reply: RankingReply
  try {
    reply = { id, hits: fts.similarSync(query, { plain }) }
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) }
  }
  parentPort?.postMessage(reply)
})
