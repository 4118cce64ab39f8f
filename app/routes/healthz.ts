import { processInfo } from '#app/lib/cluster.server.ts'
import { checkDatabase } from '#app/models/health.server.ts'
import { searchHealth } from '#search/index.server.ts'

/**
 * Liveness and dependencies as JSON. 200 while the database answers, even when search runs
 * degraded on FTS5 (the site still works); 503 only when the database does not. `process` says
 * which worker answered and whether it is the one draining the search outbox (the leader).
 */
export async function loader() {
  const database = checkDatabase()
  const search = await searchHealth()
  const status = !database.ok ? 'down' : search.status === 'ok' ? 'ok' : 'degraded'
  return Response.json(
    { status, database, search, process: processInfo() },
    { status: database.ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  )
}
