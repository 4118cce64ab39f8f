// npm run user:reset-link -- --handle NAME [--origin https://community.example.com]
// Prints a one-time link with which a member chooses a new password: for a site that sends no
// e-mail yet, where "Forgot your password?" cannot mail one (app/models/account-links.server.ts).
// A new link replaces one not used yet; it works once, for RESET_LINK_MINUTES.
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: { handle: { type: 'string' }, origin: { type: 'string' } },
})
if (!values.handle) {
  console.error('Usage: npm run user:reset-link -- --handle NAME [--origin URL]')
  process.exit(1)
}
const origin = values.origin ?? process.env.PUBLIC_URL ?? 'http://localhost:3000'
try {
  new URL(origin)
} catch {
  console.error(`--origin: not a URL: ${origin}`)
  process.exit(1)
}

const { db } = await import('#db/client.server.ts')
const { runMigrations } = await import('#db/migrate.ts')
const { resetLinkForHandle } = await import('#app/models/account-links.server.ts')
const { RESET_LINK_MINUTES } = await import('#app/validation/auth.ts')
const { NotFoundError, PermissionError } = await import('#app/models/errors.server.ts')
runMigrations(db)
try {
  const link = resetLinkForHandle(values.handle)
  console.log(
    `Password reset link for @${link.handle} (works once, for ${RESET_LINK_MINUTES} minutes):`,
  )
  console.log(new URL(link.path, origin).toString())
} catch (error) {
  if (error instanceof NotFoundError || error instanceof PermissionError) {
    console.error(error.message)
    process.exit(1)
  }
  throw error
}
