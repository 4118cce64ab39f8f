// npm run user:claim-link -- --handle NAME [--origin https://community.example.com]
// Prints a one-time link with which an imported person claims their account (sets e-mail and
// password). Once SMTP is configured, the e-mail job also mails each imported account with a
// real address its link, once (queueClaimLinkEmails in app/models/email.server.ts); this command
// still prints one (it replaces a link not used yet).
import { handleLinkArgs } from './lib/handle-link-args.ts'

const { handle, origin } = handleLinkArgs('user:claim-link')

const { db } = await import('#db/client.server.ts')
const { runMigrations } = await import('#db/migrate.ts')
const { claimLinkMessage, createClaimLink, CLAIM_LINK_DAYS } =
  await import('#app/models/claims.server.ts')
const { NotFoundError, PermissionError } = await import('#app/models/errors.server.ts')
runMigrations(db)
try {
  const message = claimLinkMessage(createClaimLink(handle), origin)
  console.log(`Claim link for @${message.handle} (works once, for ${CLAIM_LINK_DAYS} days):`)
  console.log(message.url)
} catch (error) {
  if (error instanceof NotFoundError || error instanceof PermissionError) {
    console.error(error.message)
    process.exit(1)
  }
  throw error
}
