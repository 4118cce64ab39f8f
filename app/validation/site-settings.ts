// The /admin/settings form: every site setting (app/models/site-settings.server.ts) as plain
// fields that work without JavaScript. Redaction patterns are a textarea of `name | pattern`
// lines; the SMTP password is never sent back to the page, and left blank keeps the stored one.
import { z } from 'zod'

const whole = (what: string, min: number, max: number) =>
  z
    .number({ error: `Enter ${what} as a whole number` })
    .int(`Enter ${what} as a whole number`)
    .min(min, `Enter at least ${min}`)
    .max(max, `Enter at most ${max}`)

const checkbox = () => z.boolean().optional().default(false)

export interface RedactionLine {
  label: string
  pattern: string
}

/** The textarea's text for stored patterns: one `name | pattern` a line. */
export const redactionLines = (patterns: RedactionLine[]) =>
  patterns.map((p) => `${p.label} | ${p.pattern}`).join('\n')

const MAX_PATTERNS = 30

/** `name | pattern` lines (the pattern may itself hold `|`), each checked, errors by line. */
const redactionText = z
  .string()
  .max(30_000, 'Keep the patterns under 30 000 characters')
  .optional()
  .default('')
  .transform((text, ctx) => {
    const rows: RedactionLine[] = []
    const problems: string[] = []
    text.split(/\r?\n/).forEach((line, index) => {
      if (!line.trim()) return
      const at = `Line ${index + 1}`
      const bar = line.indexOf('|')
      const label = bar < 0 ? '' : line.slice(0, bar).trim()
      const pattern = bar < 0 ? '' : line.slice(bar + 1).trim()
      if (bar < 0) problems.push(`${at}: write a name, then |, then the pattern`)
      else if (!label) problems.push(`${at}: name the pattern before the |`)
      else if (label.length > 60) problems.push(`${at}: keep the name under 60 characters`)
      else if (!pattern) problems.push(`${at}: enter a regular expression after the |`)
      else if (pattern.length > 300) problems.push(`${at}: keep the pattern under 300 characters`)
      else {
        try {
          new RegExp(pattern, 'gu')
          rows.push({ label, pattern })
        } catch {
          problems.push(`${at}: “${pattern}” is not a valid regular expression`)
        }
      }
    })
    if (rows.length > MAX_PATTERNS) problems.push(`Keep to at most ${MAX_PATTERNS} patterns`)
    for (const message of problems) ctx.addIssue({ code: 'custom', message })
    return problems.length > 0 ? z.NEVER : rows
  })

// A bare address or "Name <address>": enough to catch a typo, the SMTP server judges the rest.
const FROM_ADDRESS = /^(?:[^<>]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/

export const siteSettingsFormSchema = z
  .object({
    intent: z.literal('save').optional(),
    firstResponseTargetMinutes: whole('the target in minutes', 1, 7 * 24 * 60),
    reverifyAfterDays: whole('the age in days', 1, 3650),
    routingEnabled: checkbox(),
    expertsPerRound: whole('how many experts', 1, 20),
    redactionPatterns: redactionText,
    emailEnabled: checkbox(),
    smtpHost: z.string().trim().max(253, 'Keep the host under 253 characters').optional(),
    smtpPort: z
      .number({ error: 'Enter the port as a number' })
      .int('Enter the port as a whole number')
      .min(1, 'Enter a port from 1 to 65535')
      .max(65535, 'Enter a port from 1 to 65535')
      .optional(),
    smtpSecure: checkbox(),
    smtpUser: z.string().trim().max(320, 'Keep the user under 320 characters').optional(),
    smtpPassword: z.string().max(1000, 'Keep the password under 1 000 characters').optional(),
    smtpFrom: z.string().trim().max(320, 'Keep the address under 320 characters').optional(),
  })
  .superRefine((value, ctx) => {
    if (!value.emailEnabled) return
    const missing = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message })
    if (!value.smtpHost) missing('smtpHost', 'Enter the SMTP host to send e-mail')
    if (value.smtpPort === undefined) missing('smtpPort', 'Enter the SMTP port (587, or 465)')
    if (!value.smtpFrom) missing('smtpFrom', 'Enter the From address of the e-mail')
    else if (!FROM_ADDRESS.test(value.smtpFrom)) {
      missing('smtpFrom', 'Write an address, e.g. Peerdesk <help@example.com>')
    }
  })
export type SiteSettingsForm = z.infer<typeof siteSettingsFormSchema>

export const testMessageSchema = z.object({ intent: z.literal('test') })
