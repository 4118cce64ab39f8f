// GET /staff/figures.csv?figure=summary|per-day|experts|deflection&days=…|from=…&to=… — one staff
// figure as a CSV download, for the same people and period as /staff/figures.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireRole } from '#app/lib/auth.server.ts'
import { isoDay, DAY_MS, parsePeriod } from '#app/lib/figures-period.ts'
import { FIGURE_NAMES, figureCsv, type FigureName } from '#app/models/staff-figures.server.ts'

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(context.user, request, 'staff')
  const params = new URL(request.url).searchParams
  const figure = FIGURE_NAMES.find((name) => name === params.get('figure'))
  if (!figure) {
    return new Response(`figure: one of ${FIGURE_NAMES.join(', ')}\n`, { status: 400 })
  }
  const now = Date.now()
  const { period, errors } = parsePeriod(params, now)
  if (errors.from || errors.to) {
    const lines = Object.entries(errors).map(([field, message]) => `${field}: ${message}`)
    return new Response(`${lines.join('\n')}\n`, { status: 400 })
  }
  const name: `${FigureName}-${string}` = `${figure}-${isoDay(period.from)}-to-${isoDay(period.to - DAY_MS)}`
  return new Response(figureCsv(figure, period, now), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="peerdesk-${name}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
