import type { LoaderFunctionArgs } from '@remix-run/node'
import { checkDatabase } from '#app/models/health.server.ts'

/** Liveness and dependencies, as JSON for load balancers and people. */
export async function loader(_: LoaderFunctionArgs) {
  const database = checkDatabase()
  const ok = database.ok
  return Response.json(
    {
      status: ok ? 'ok' : 'down',
      database,
      search: { backend: 'none', status: 'not configured' },
    },
    { status: ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  )
}
