import { z } from 'zod'

export const HANDLE_PATTERN = /^[a-zA-Z0-9_-]+$/
export const PASSWORD_MIN = 10
/** How long a sign-up's confirmation link and a password-reset link work. */
export const SIGNUP_LINK_HOURS = 24
export const RESET_LINK_MINUTES = 60

export const handleSchema = z
  .string({ error: 'Handle is required' })
  .trim()
  .min(3, 'Handle must be at least 3 characters')
  .max(30, 'Handle must be at most 30 characters')
  .regex(HANDLE_PATTERN, 'Handle may use only letters, digits, _ and -')

export const emailSchema = z
  .string({ error: 'Email is required' })
  .trim()
  .max(254, 'Email is too long')
  .pipe(z.email({ error: 'Enter a valid email address' }))
  .transform((e) => e.toLowerCase())

export const passwordSchema = z
  .string({ error: 'Password is required' })
  .min(PASSWORD_MIN, `Password must be at least ${PASSWORD_MIN} characters`)
  .max(200, 'Password must be at most 200 characters')

export const signupSchema = z.object({
  handle: handleSchema,
  email: emailSchema,
  password: passwordSchema,
  redirectTo: z.string().optional(),
})

export const loginSchema = z.object({
  email: emailSchema,
  password: z.string({ error: 'Password is required' }).min(1, 'Password is required'),
  redirectTo: z.string().optional(),
})

/** Only same-site paths are followed after log-in, never another origin. */
export function safeRedirect(to: string | null | undefined, fallback = '/'): string {
  if (!to) return fallback
  // Browsers drop tabs and newlines inside URLs ("/\t/evil.test" becomes "//evil.test"), so
  // anything with control characters or backslashes is refused before the path check.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(to)) return fallback
  if (!to.startsWith('/') || to.startsWith('//')) return fallback
  const base = 'http://peerdesk.invalid'
  const resolved = new URL(to, base)
  return resolved.origin === base ? resolved.pathname + resolved.search + resolved.hash : fallback
}

/** Claiming an imported account: the e-mail to log in with and a new password. */
export const claimSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
})

/** A confirmed sign-up: the handle, which may be changed if someone took it meanwhile. */
export const signupConfirmSchema = z.object({ handle: handleSchema })

/** "Forgot your password?": the address to send a link to. */
export const passwordResetRequestSchema = z.object({ email: emailSchema })

/** A reset link's form: the new password. */
export const newPasswordSchema = z.object({ password: passwordSchema })
