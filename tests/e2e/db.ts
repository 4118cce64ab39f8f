// Arranging state straight through the models, against the database the e2e server uses.
// Only for set-ups that would take a person hundreds of clicks (e.g. 1 000 reputation).
import path from 'node:path'
import { expect } from '@playwright/test'
import Database from 'better-sqlite3'

export async function models() {
  if (!process.env.E2E_DIR) throw new Error('E2E_DIR is not set: run through playwright.config.ts')
  process.env.DATABASE_PATH = path.join(process.env.E2E_DIR, 'peerdesk.db')
  const [users, questions, answers, imports, claims] = await Promise.all([
    import('#app/models/users.server.ts'),
    import('#app/models/questions.server.ts'),
    import('#app/models/answers.server.ts'),
    import('#app/models/import.server.ts'),
    import('#app/models/claims.server.ts'),
  ])
  return { ...users, ...questions, ...answers, ...imports, ...claims }
}

/**
 * Waits until a thread's related list is stored. A new thread's first view asks for it, and
 * storing it drops the thread's cached page once (app/lib/process.server.ts): a test of the page
 * cache waits for that first, or it would drop the page in the middle of the test.
 */
export async function relatedListSettled(
  threadPath: string,
  databasePath = path.join(process.env.E2E_DIR ?? '', 'peerdesk.db'),
) {
  const questionId = Number(threadPath.split('/')[2])
  const db = new Database(databasePath, { readonly: true })
  try {
    await expect
      .poll(() =>
        db
          .prepare(
            `SELECT computed_at IS NOT NULL AND due_at IS NULL AS settled
               FROM related_lists WHERE question_id = ?`,
          )
          .pluck()
          .get(questionId),
      )
      .toBe(1)
  } finally {
    db.close()
  }
}

/**
 * The path of the sign-up link mailed to an address, read from the e2e server's e-mail outbox
 * (the token is only in the mail): for the sign-up fixture while e-mail is on.
 */
export async function signupLinkFor(
  email: string,
  databasePath = path.join(process.env.E2E_DIR ?? '', 'peerdesk.db'),
) {
  const db = new Database(databasePath, { readonly: true })
  try {
    const text = db
      .prepare(
        `SELECT text FROM email_outbox WHERE to_address = ? AND kind = 'signup-confirm'
          ORDER BY id DESC LIMIT 1`,
      )
      .pluck()
      .get(email.toLowerCase()) as string | undefined
    const link = text?.match(/\/signup\/confirm\/[\w-]{43}/)?.[0]
    if (!link) throw new Error(`No sign-up link was mailed to ${email}`)
    return link
  } finally {
    db.close()
  }
}
