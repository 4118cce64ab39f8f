// The arguments of the commands that print a one-time link for a member (user:claim-link,
// user:reset-link): --handle NAME and the site's --origin for the link (PUBLIC_URL by default).
import { parseArgs } from 'node:util'

export function handleLinkArgs(command: string): { handle: string; origin: string } {
  const { values } = parseArgs({
    options: { handle: { type: 'string' }, origin: { type: 'string' } },
  })
  if (!values.handle) {
    console.error(`Usage: npm run ${command} -- --handle NAME [--origin URL]`)
    process.exit(1)
  }
  const origin = values.origin ?? process.env.PUBLIC_URL ?? 'http://localhost:3000'
  try {
    new URL(origin)
  } catch {
    console.error(`--origin: not a URL: ${origin}`)
    process.exit(1)
  }
  return { handle: values.handle, origin }
}
