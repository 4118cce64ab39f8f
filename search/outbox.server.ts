// The search outbox. Writes that change what a thread's search document holds add a row in
// their own transaction; the sync worker (search issue) drains the rows to the index.
import type { Tx } from '#db/client.server.ts'
import { searchOutbox } from '#db/schema.ts'

export function enqueueThreadReindex(tx: Tx, questionId: number, now = Date.now()) {
  tx.insert(searchOutbox).values({ questionId, createdAt: now, availableAt: now }).run()
}
