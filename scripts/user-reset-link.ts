// npm run user:reset-link -- --handle NAME [--origin https://community.example.com]
// Prints a one-time link with which a member chooses a new password: for a site that sends no
// e-mail yet, where "Forgot your password?" cannot mail one (app/models/account-links.server.ts).
// A new link replaces one not used yet; it works once, for RESET_LINK_MINUTES.
import { handleLinkArgs } from './lib/handle-link-args.ts'

const { handle, origin } = handleLinkArgs('user:reset-link')

const { db } = await import('#db/client.server.ts')
const { runMigrations } = await import('#db/migrate.ts')
const { resetLinkForHandle } = await import('#app/models/account-links.server.ts')
const { RESET_LINK_MINUTES } = await import('#app/validation/auth.ts')
const { NotFoundError, PermissionError } = await import('#app/models/errors.server.ts')
runMigrations(db)
try {
  const link = resetLinkForHandle(handle)
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
