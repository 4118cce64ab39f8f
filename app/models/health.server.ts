import { sql } from 'drizzle-orm'
import { db } from '#db/client.server.ts'

export function checkDatabase() {
  const started = performance.now()
  try {
    db.get(sql`select 1`)
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 100) / 100 }
  } catch (error) {
    return { ok: false, error: (error as Error).message }
  }
}
