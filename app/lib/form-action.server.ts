// Turns a domain error raised while handling a form into the response the form shows:
// field errors (400), a permission message (403), a rate-limit wait (429), or a 404 page.
import type { Submission } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type AppLoadContext, type LoaderFunctionArgs } from '@remix-run/node'
import type { z } from 'zod'
import { safeRedirect } from '#app/validation/auth.ts'
import { startSession } from './auth.server.ts'
import { FieldError, NotFoundError, PermissionError } from '#app/models/errors.server.ts'
import { RateLimitedError, rateLimitHeaders } from './rate-limit.server.ts'

type AnySubmission = Pick<Submission<unknown>, 'reply'>
type FailureOptions<Extra> = { hideFields?: string[]; extra?: Extra }

/**
 * A form's whole action after the user check: parse the fields with the form's schema, run the
 * change with the parsed value, and turn bad input or a refused change into the reply the form
 * shows (see formFailure). `run` returns the redirect (or data) that follows success.
 */
export async function submitForm<Output, Result, Extra extends object = Record<never, never>>(
  formData: FormData,
  schema: z.ZodType<Output>,
  run: (value: Output) => Result | Promise<Result>,
  options: FailureOptions<Extra> = {},
) {
  const submission = parseWithZod(formData, { schema })
  if (submission.status !== 'success') return invalidSubmission(submission, options)
  try {
    return await run(submission.value)
  } catch (error) {
    return formFailure(submission, error, options)
  }
}

export function formFailure<Extra extends object = Record<never, never>>(
  submission: AnySubmission,
  error: unknown,
  options: FailureOptions<Extra> = {},
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
  options: FailureOptions<Extra> = {},
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

/** The log-in and sign-up pages are for visitors: someone signed in goes to the home page. */
export function guestsOnly({ context }: Pick<LoaderFunctionArgs, 'context'>) {
  if (context.user) throw redirect('/')
  return null
}

/** The end of a log-in or a sign-up: a new session (the old one ends), then where they were going. */
export async function redirectSignedIn(
  userId: number,
  redirectTo: string | undefined,
  { request, context }: { request: Request; context: AppLoadContext },
) {
  const cookie = await startSession(userId, request, context.session)
  return redirect(safeRedirect(redirectTo), { headers: { 'Set-Cookie': cookie } })
}
