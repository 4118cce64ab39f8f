// Turns a domain error raised while handling a form into the response the form shows:
// field errors (400), a permission message (403), a rate-limit wait (429), or a 404 page.
import type { Submission } from '@conform-to/react'
import { data } from '@remix-run/node'
import { FieldError, NotFoundError, PermissionError } from '#app/models/errors.server.ts'
import { RateLimitedError, rateLimitHeaders } from './rate-limit.server.ts'

type AnySubmission = Pick<Submission<unknown>, 'reply'>

export function formFailure<Extra extends object = Record<never, never>>(
  submission: AnySubmission,
  error: unknown,
  options: { hideFields?: string[]; extra?: Extra } = {},
) {
  const reply = (opts: Parameters<AnySubmission['reply']>[0]) =>
    submission.reply({ ...opts, hideFields: options.hideFields })
  const extra = options.extra ?? ({} as Extra)
  if (error instanceof RateLimitedError) {
    return data(
      { ...extra, result: reply({ formErrors: [error.message] }) },
      { status: 429, headers: rateLimitHeaders(error) },
    )
  }
  if (error instanceof FieldError) {
    return data({ ...extra, result: reply({ fieldErrors: error.fieldErrors }) }, { status: 400 })
  }
  if (error instanceof PermissionError) {
    return data({ ...extra, result: reply({ formErrors: [error.message] }) }, { status: 403 })
  }
  if (error instanceof NotFoundError) throw new Response(error.message, { status: 404 })
  throw error
}

export function invalidSubmission<Extra extends object = Record<never, never>>(
  submission: AnySubmission,
  options: { hideFields?: string[]; extra?: Extra } = {},
) {
  return data(
    {
      ...(options.extra ?? ({} as Extra)),
      result: submission.reply({ hideFields: options.hideFields }),
    },
    { status: 400 },
  )
}

/**
 * For the small buttons of a thread (vote, accept, official, close): a refused action comes back
 * as a message shown beside the control that was pressed, with the matching status.
 */
export function buttonFailure<Extra extends object>(error: unknown, extra: Extra) {
  if (error instanceof NotFoundError) throw new Response(error.message, { status: 404 })
  if (error instanceof RateLimitedError) {
    return data(
      { ...extra, error: error.message },
      { status: 429, headers: rateLimitHeaders(error) },
    )
  }
  const status = error instanceof FieldError ? 400 : error instanceof PermissionError ? 403 : null
  if (status == null || !(error instanceof Error)) throw error
  return data({ ...extra, error: error.message }, { status })
}
