// The tokens of one-time links (claim, sign-up confirmation, password reset): 32 random bytes in
// the link, only their SHA-256 in the database, so a copy of the database opens no account.
import crypto from 'node:crypto'

export function newOneTimeToken() {
  return crypto.randomBytes(32).toString('base64url')
}

export function hashOneTimeToken(token: string) {
  return crypto.createHash('sha256').update(token).digest('hex')
}
