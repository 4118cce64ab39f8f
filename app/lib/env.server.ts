// Configuration comes only from environment variables, checked once at start-up.
import crypto from 'node:crypto'
import os from 'node:os'
import { z } from 'zod'

const port = z
  .string()
  .trim()
  .regex(/^-?\d+(\.\d+)?$/, 'must be a number')
  .transform(Number)
  .pipe(
    z
      .number()
      .int('must be a whole number')
      .min(0, 'must be between 0 and 65535')
      .max(65535, 'must be between 0 and 65535'),
  )

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], {
    error: 'must be true or false',
  })
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v))

const envSchema = z.object({
  NODE_ENV: z.enum(['production', 'development', 'test']).default('production'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: port.default(3000),
  DATABASE_PATH: z.string().min(1, 'must not be empty').default('data/peerdesk.db'),
  PUBLIC_URL: z
    .url({ error: 'must be an absolute URL such as https://help.example.com' })
    .optional(),
  SEED_DEMO: z.enum(['auto', 'never'], { error: "must be 'auto' or 'never'" }).default('auto'),
  TRUST_PROXY: flag.default(false),
  RATE_LIMIT: flag.default(true),
  PAGE_CACHE_MB: z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number of megabytes (0 turns the cache off)')
    .transform(Number)
    .default(64),
  MEILI_HOST: z
    .url({ protocol: /^https?$/, error: 'must be a URL such as http://127.0.0.1:7700' })
    .optional(),
  MEILI_MASTER_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  MEILI_BIN: z.string().min(1).optional(),
  // The managed Meilisearch's data dir (its key beside it); by default meili/ beside the database.
  MEILI_DATA_DIR: z.string().min(1, 'must not be empty').optional(),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
  // Worker processes serving the site; unset: one per core (workerCount()).
  WEB_CONCURRENCY: z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number of worker processes (1 or more)')
    .transform(Number)
    .pipe(z.number().min(1, 'must be at least 1').max(64, 'must be at most 64'))
    .optional(),
  // The shortest time, in seconds, between a form being served and a person sending it (the ask,
  // answer and sign-up forms; app/lib/bot-guard.server.ts). 0 keeps only the honeypot.
  FORM_MIN_FILL_SECONDS: z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, 'must be a number of seconds (0 turns the minimum off)')
    .transform(Number)
    .pipe(z.number().max(600, 'must be at most 600 seconds'))
    .default(3),
  // Signs the form-start stamps. Unset: one is made at start-up and kept in memory (and handed
  // to the cluster's workers); forms served before a restart are then refused once.
  FORM_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
})

export type Env = z.infer<typeof envSchema>

/** Parses the environment; on bad values, one line per variable says what is wrong. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''))
  const result = envSchema.safeParse(cleaned)
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) =>
        `  ${issue.path.join('.')}=${JSON.stringify(source[String(issue.path[0])])}: ${issue.message}`,
    )
    throw new Error(`Invalid environment configuration:\n${lines.join('\n')}`)
  }
  // At start-up (server.ts parses the process's own environment before forking any worker).
  if (source === process.env) formSecret(result.data)
  return result.data
}

/** How many processes serve the site: WEB_CONCURRENCY, else every core of the machine. */
export function workerCount(config: Pick<Env, 'WEB_CONCURRENCY'>): number {
  return config.WEB_CONCURRENCY ?? os.availableParallelism()
}

let cached: Env | undefined
export function env(): Env {
  return (cached ??= parseEnv())
}

// A generated secret travels to forked workers in their inherited environment.
const GENERATED_FORM_SECRET = 'PEERDESK_GENERATED_FORM_SECRET'

/**
 * The key that signs form-start stamps: FORM_SECRET, else one made at start-up (parseEnv, which
 * a cluster's primary runs before forking, so every worker signs and checks with the same key).
 * It lives only in memory: a restart makes a new one.
 */
export function formSecret(config: Pick<Env, 'FORM_SECRET'> = env()): string {
  if (config.FORM_SECRET) return config.FORM_SECRET
  return (process.env[GENERATED_FORM_SECRET] ??= crypto.randomBytes(32).toString('base64url'))
}
