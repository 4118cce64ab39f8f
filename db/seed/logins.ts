// The demo accounts people (and end-to-end tests) log in with. Free of database imports, so
// a browser test can read it without opening SQLite.
import {
  DEMO_EMAIL_DOMAIN,
  DEMO_MEMBERS,
  EXPERT_USERS,
  POOL_USERS,
  STAFF_USERS,
} from './content.ts'

export interface DemoLogin {
  role: string
  handle: string
  email: string
  password: string
}

/** Every seeded account's e-mail: the handle with `_` turned into `.`, at the demo domain. */
export const demoEmail = (handle: string) => `${handle.replace(/_/g, '.')}@${DEMO_EMAIL_DOMAIN}`

const LOGIN_ORDER = ['staff', 'moderator', 'admin', 'member', 'expert']

/** staff `maya`, moderator `omar`, admin `admin`, members `alex` and `sam`, expert `priya_k`. */
export const DEMO_LOGINS: readonly DemoLogin[] = [
  ...STAFF_USERS,
  ...EXPERT_USERS,
  ...DEMO_MEMBERS,
  ...POOL_USERS,
]
  .flatMap((u) =>
    u.login
      ? [{ role: u.login, handle: u.handle, email: demoEmail(u.handle), password: u.password }]
      : [],
  )
  .sort((a, b) => LOGIN_ORDER.indexOf(a.role) - LOGIN_ORDER.indexOf(b.role))
