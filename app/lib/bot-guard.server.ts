// Keeps simple bots off the ask, answer and sign-up forms: a honeypot field people never see
// (a bot fills every input) and a signed stamp of when the form was served (a bot posts at once,
// or without loading the form). A refusal says nothing of why: it reads like any failure.
import crypto from 'node:crypto'
import type { Submission } from '@conform-to/react'
import { data } from '@remix-run/node'
import { env, formSecret } from './env.server.ts'

/** The names of the two fields BotGuardFields (app/components/bot-guard.tsx) renders. */
export const HONEYPOT_FIELD = 'website'
export const FORM_START_FIELD = 'formStarted'

export const BOT_REFUSAL_MESSAGE = 'We could not accept this. Please try again.'

function signature(issuedAt: number, secret: string) {
  return crypto.createHmac('sha256', secret).update(`form-start:${issuedAt}`).digest('base64url')
}

/** The stamp a loader renders into a guarded form: when it was served, signed. */
export function formStartToken(now = Date.now(), secret = formSecret()): string {
  return `${now}.${signature(now, secret)}`
}

export interface BotGuardOptions {
  now?: number
  /** Shortest fill time accepted; FORM_MIN_FILL_SECONDS by default. */
  minimumMs?: number
  secret?: string
}

/** True when the submission looks like a person's: honeypot empty, stamp genuine and old enough. */
export function looksHuman(formData: FormData, options: BotGuardOptions = {}): boolean {
  const now = options.now ?? Date.now()
  const minimumMs = options.minimumMs ?? env().FORM_MIN_FILL_SECONDS * 1000
  const honeypot = formData.get(HONEYPOT_FIELD)
  if (honeypot != null && honeypot !== '') return false
  const token = formData.get(FORM_START_FIELD)
  if (typeof token !== 'string') return false
  const match = /^(\d{1,15})\.([\w-]{43})$/.exec(token)
  if (!match) return false
  const issuedAt = Number(match[1])
  const expected = Buffer.from(signature(issuedAt, options.secret ?? formSecret()))
  const given = Buffer.from(match[2]!)
  if (!crypto.timingSafeEqual(expected, given)) return false
  return now - issuedAt >= minimumMs
}

type AnySubmission = Pick<Submission<unknown>, 'reply'>

/**
 * The reply to a submission that does not look human, or null to go on: a 400 with a generic
 * form error and the text kept (hidden fields stay hidden), plus what the form's page expects.
 */
export function botRefusal<Extra extends object = Record<never, never>>(
  formData: FormData,
  submission: AnySubmission,
  options: BotGuardOptions & { hideFields?: string[]; extra?: Extra } = {},
) {
  if (looksHuman(formData, options)) return null
  const result = submission.reply({
    formErrors: [BOT_REFUSAL_MESSAGE],
    hideFields: options.hideFields,
  })
  return data({ ...(options.extra ?? ({} as Extra)), result }, { status: 400 })
}
