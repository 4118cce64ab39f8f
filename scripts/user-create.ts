// npm run user:create -- --handle NAME --email E [--role member|staff|moderator|admin] [--password-stdin]
import { parseArgs } from 'node:util'
import readline from 'node:readline'
import { z } from 'zod'
import { ROLES } from '#db/schema.ts'
import { emailSchema, handleSchema, passwordSchema } from '#app/validation/auth.ts'

const { values } = parseArgs({
  options: {
    handle: { type: 'string' },
    email: { type: 'string' },
    role: { type: 'string', default: 'member' },
    name: { type: 'string' },
    'password-stdin': { type: 'boolean', default: false },
  },
})

const argsSchema = z.object({
  handle: handleSchema,
  email: emailSchema,
  role: z.enum(ROLES, { error: `--role must be one of ${ROLES.join(', ')}` }),
})

async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    let input = ''
    for await (const chunk of process.stdin) input += chunk
    return input.replace(/\r?\n$/, '')
  }
  // Ask on the terminal without echoing what is typed.
  const rl = readline.createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: true,
  })
  const output = rl as unknown as { _writeToOutput: (s: string) => void }
  process.stdout.write('Password: ')
  output._writeToOutput = () => {}
  const answer = await new Promise<string>((resolve) => rl.question('', resolve))
  rl.close()
  process.stdout.write('\n')
  return answer
}

const parsed = argsSchema.safeParse(values)
if (!parsed.success) {
  for (const issue of parsed.error.issues)
    console.error(`--${issue.path.join('.')}: ${issue.message}`)
  console.error(
    'Usage: npm run user:create -- --handle NAME --email E [--role admin] [--password-stdin]',
  )
  process.exit(1)
}

const password = passwordSchema.safeParse(await readPassword(values['password-stdin'] ?? false))
if (!password.success) {
  console.error(`Password: ${password.error.issues[0]?.message}`)
  process.exit(1)
}

const { db } = await import('#db/client.server.ts')
const { runMigrations } = await import('#db/migrate.ts')
const { createUser } = await import('#app/models/users.server.ts')
const { FieldError } = await import('#app/models/errors.server.ts')
runMigrations(db)
try {
  const user = await createUser({
    ...parsed.data,
    password: password.data,
    displayName: values.name,
  })
  console.log(`Created ${user.role} @${user.handle} (id ${user.id}).`)
} catch (error) {
  if (error instanceof FieldError) {
    for (const [field, messages] of Object.entries(error.fieldErrors))
      console.error(`--${field}: ${messages.join(', ')}`)
    process.exit(1)
  }
  throw error
}
