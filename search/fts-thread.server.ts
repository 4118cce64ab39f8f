// An FTS5 look-up thread: similar questions (BM25, its proximity re-ranking, the learned
// ranking's candidates with their features and stored vectors) and the search fallback, over its
// own read-only connection to the database file, so a costly look-up never holds the server's
// event loop. Requests and answers are messages (fts-threads.server.ts); WAL lets it read
// committed data while the server writes.
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { sizeForBigCommunities, type Db } from '#db/client.server.ts'
import * as schema from '#db/schema.ts'
import type { FtsReady, FtsReply, FtsRequest, FtsThreadData } from './fts-threads.server.ts'
import { SqliteFtsBackend } from './sqlite-fts.server.ts'

const { file } = workerData as FtsThreadData
const connection = new Database(file, { readonly: true, fileMustExist: true })
connection.pragma('busy_timeout = 5000')
sizeForBigCommunities(connection)
const fts = new SqliteFtsBackend(drizzle({ client: connection, schema }) as Db)

function answer(request: FtsRequest): FtsReply {
  const { id } = request
  try {
    switch (request.kind) {
      case 'similar':
        return {
          id,
          kind: 'similar',
          hits: fts.similarSync(request.query, { plain: request.plain }),
        }
      case 'candidates':
        return {
          id,
          kind: 'candidates',
          candidates: fts.similarCandidatesSync(request.query, request.pool),
        }
      case 'search':
        return { id, kind: 'search', result: fts.searchSync(request.query) }
    }
  } catch (error) {
    return { id, error: error instanceof Error ? error.message : String(error) }
  }
}

parentPort?.on('message', (request: FtsRequest) => parentPort?.postMessage(answer(request)))
parentPort?.postMessage({ ready: true } satisfies FtsReady)
