// Site settings an admin changes at /admin/settings (issue 13): the staff console's first-response
// target, the re-verify age of official answers, expert routing, redaction patterns and SMTP.
// Stored as JSON values in site_settings (one row a key); a key never written reads as its
// default. Every change is written to the moderation log in the same transaction.
import { eq, inArray } from 'drizzle-orm'
import { z } from 'zod'
import { db, type Tx } from '#db/client.server.ts'
import { siteSettings } from '#db/schema.ts'
import { hasRole } from '#app/lib/privileges.ts'
import { FieldError, PermissionError } from './errors.server.ts'
import { recordModeration } from './moderation-log.server.ts'
import { assertCanWrite, type WriteActor } from './permissions.server.ts'
import { writeTransaction } from './transaction.server.ts'

/** A pattern the redaction helper looks for in public posts (a JavaScript regular expression). */
export const redactionPatternSchema = z.object({
  label: z.string().trim().min(1, 'Name the pattern').max(60),
  pattern: z
    .string()
    .min(1, 'Enter a regular expression')
    .max(300)
    .refine((source) => {
      try {
        new RegExp(source, 'gu')
        return true
      } catch {
        return false
      }
    }, 'Not a valid regular expression'),
})
export type RedactionPattern = z.infer<typeof redactionPatternSchema>

/** The patterns the helper starts with: e-mail addresses, phone numbers, order numbers. */
export const DEFAULT_REDACTION_PATTERNS: RedactionPattern[] = [
  { label: 'E-mail address', pattern: '[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}.-]+\\.\\p{L}{2,}' },
  { label: 'Phone number', pattern: '\\+?\\d[\\d ()./-]{7,}\\d' },
  { label: 'Order number', pattern: '\\b(?:order|ord)[ #:-]*[A-Z0-9-]{5,}\\b' },
]

export const smtpSettingsSchema = z.object({
  host: z.string().trim().min(1, 'Enter the SMTP host').max(253),
  port: z.number().int().min(1).max(65535),
  /** true: TLS from the start (port 465); false: STARTTLS when the server offers it. */
  secure: z.boolean(),
  user: z.string().max(320),
  password: z.string().max(1000),
  /** The From address of every message, e.g. "Peerdesk <help@example.com>". */
  from: z.string().trim().min(3, 'Enter the From address').max(320),
})
export type SmtpSettings = z.infer<typeof smtpSettingsSchema>

/** Every setting: its schema and the value it has until an admin changes it. */
const SETTINGS = {
  /** Minutes a question may wait for its first answer before it is a breach. */
  firstResponseTargetMinutes: {
    schema: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60),
    default: 60,
  },
  /** Days after which an official answer goes on the re-verify list. */
  reverifyAfterDays: { schema: z.number().int().min(1).max(3650), default: 180 },
  /** Whether new questions are routed to opted-in experts and escalated to staff. */
  routingEnabled: { schema: z.boolean(), default: true },
  /** How many experts each routing round notifies. */
  expertsPerRound: { schema: z.number().int().min(1).max(20), default: 3 },
  redactionPatterns: {
    schema: z.array(redactionPatternSchema).max(30),
    default: DEFAULT_REDACTION_PATTERNS,
  },
  /** null: no e-mail is sent at all. */
  smtp: { schema: smtpSettingsSchema.nullable(), default: null },
} as const

type Definitions = typeof SETTINGS
export type SettingKey = keyof Definitions
export type SiteSettings = { [K in SettingKey]: z.infer<Definitions[K]['schema']> }

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[]

function parseStored<K extends SettingKey>(key: K, raw: string | undefined): SiteSettings[K] {
  const definition = SETTINGS[key]
  if (raw === undefined) return definition.default as SiteSettings[K]
  try {
    const parsed = definition.schema.safeParse(JSON.parse(raw))
    // A value stored by an older version that no longer validates reads as the default.
    if (parsed.success) return parsed.data as SiteSettings[K]
  } catch {
    // not JSON: the same
  }
  return definition.default as SiteSettings[K]
}

/** One setting (its default when never set). */
export function getSetting<K extends SettingKey>(
  key: K,
  from: Tx | typeof db = db,
): SiteSettings[K] {
  const row = from
    .select({ value: siteSettings.value })
    .from(siteSettings)
    .where(eq(siteSettings.key, key))
    .get()
  return parseStored(key, row?.value)
}

/** Every setting at once (the settings page, the routing job). */
export function getSiteSettings(from: Tx | typeof db = db): SiteSettings {
  const rows = from
    .select({ key: siteSettings.key, value: siteSettings.value })
    .from(siteSettings)
    .where(inArray(siteSettings.key, SETTING_KEYS))
    .all()
  const stored = new Map(rows.map((row) => [row.key, row.value]))
  const settings = {} as Record<SettingKey, unknown>
  for (const key of SETTING_KEYS) settings[key] = parseStored(key, stored.get(key))
  return settings as SiteSettings
}

/** The SMTP password never leaves the server in a log entry. */
function forLog(key: SettingKey, value: unknown): unknown {
  if (key === 'smtp' && value && typeof value === 'object') return { ...value, password: '•••' }
  return value
}

/**
 * Changes the given settings (admins only; validated: a bad value throws a FieldError naming the
 * setting before anything is written) and logs
 * each that changed in the moderation log, with its value before and after. Returns the keys that
 * changed.
 */
export function updateSiteSettings(
  actor: WriteActor,
  changes: Partial<SiteSettings>,
  now = Date.now(),
): SettingKey[] {
  assertCanWrite(actor, now)
  if (!hasRole(actor, 'admin')) throw new PermissionError('Only admins can change site settings.')
  const keys = (Object.keys(changes) as SettingKey[]).filter((key) => key in SETTINGS)
  const values = new Map<SettingKey, unknown>()
  const errors: Record<string, string[]> = {}
  for (const key of keys) {
    const parsed = SETTINGS[key].schema.safeParse(changes[key])
    if (parsed.success) values.set(key, parsed.data)
    else errors[key] = parsed.error.issues.map((issue) => issue.message)
  }
  if (Object.keys(errors).length > 0) throw new FieldError(errors)
  return writeTransaction((tx) => {
    const before = getSiteSettings(tx)
    const changed: SettingKey[] = []
    for (const key of keys) {
      const value = values.get(key)
      if (JSON.stringify(value) === JSON.stringify(before[key])) continue
      const json = JSON.stringify(value)
      tx.insert(siteSettings)
        .values({ key, value: json, updatedAt: now })
        .onConflictDoUpdate({ target: siteSettings.key, set: { value: json, updatedAt: now } })
        .run()
      recordModeration(tx, {
        actorId: actor.id,
        action: 'settings-change',
        targetType: 'site',
        targetId: 0,
        reason: key,
        before: { [key]: forLog(key, before[key]) },
        after: { [key]: forLog(key, value) },
        createdAt: now,
      })
      changed.push(key)
    }
    return changed
  })
}
