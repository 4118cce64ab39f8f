// Arranging state straight through the models, against the database the e2e server uses.
// Only for set-ups that would take a person hundreds of clicks (e.g. 1 000 reputation).
import path from 'node:path'

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
