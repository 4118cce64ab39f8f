// npm run db:seed: migrate, seed the demo community into an empty database, print the logins.
import { closeDatabase, db } from '#db/client.server.ts'
import { runMigrations } from '#db/migrate.ts'
import { formatLogins, isDatabaseEmpty, seedDemo } from './demo.ts'

runMigrations(db)

if (!isDatabaseEmpty()) {
  console.log('Database already has data; not seeding.')
} else {
  const logins = await seedDemo({ log: (line) => console.log(line) })
  console.log('\nDemo logins:\n')
  console.log(formatLogins(logins))
}

closeDatabase()
