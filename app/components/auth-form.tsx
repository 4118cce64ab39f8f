// Log in and sign up: one page shape, one form; sign-up adds the handle and the hints.
import { getFormProps, getInputProps, type SubmissionResult } from '@conform-to/react'
import { Form, Link, useSearchParams } from '@remix-run/react'
import type { z } from 'zod'
import { loginSchema, signupSchema } from '#app/validation/auth.ts'
import { HandleField, NewPasswordField } from './account-fields.tsx'
import { BotGuardFields } from './bot-guard.tsx'
import { ErrorList, Field, useZodForm } from './forms.tsx'

type AuthFields = { handle?: string; email: string; password: string; redirectTo?: string }

const PAGES = {
  login: {
    title: 'Log in',
    intro: null,
    submit: 'Log in',
    emailHint: undefined,
    other: { prompt: 'New here?', label: 'Sign up', path: '/signup' },
  },
  signup: {
    title: 'Join the community',
    intro: 'Ask questions, help other customers and earn reputation.',
    submit: 'Sign up',
    emailHint: 'Never shown to others.',
    other: { prompt: 'Already a member?', label: 'Log in', path: '/login' },
  },
} as const

export function AuthForm({
  mode,
  lastResult,
  formStarted,
}: {
  mode: keyof typeof PAGES
  lastResult?: SubmissionResult<string[]> | null
  /** The sign-up form's bot-guard stamp (its loader makes it); log-in has none. */
  formStarted?: string
}) {
  const page = PAGES[mode]
  const [searchParams] = useSearchParams()
  const schema: z.ZodType<unknown, AuthFields> = mode === 'signup' ? signupSchema : loginSchema
  // A log-in is checked when sent; a new account's fields as they are left.
  const [form, fields] = useZodForm(schema, {
    lastResult,
    validate: mode === 'signup' ? 'onBlur' : 'onSubmit',
  })
  // Where the person was going survives the switch between the two pages.
  const query = searchParams.size ? `?${searchParams}` : ''
  return (
    <div className="narrow auth-page">
      <h1>{page.title}</h1>
      {page.intro ? <p className="muted">{page.intro}</p> : null}
      <Form method="post" {...getFormProps(form)} className="stack">
        <ErrorList id={form.errorId} errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
        {formStarted ? <BotGuardFields formStarted={formStarted} /> : null}
        {mode === 'signup' ? <HandleField field={fields.handle} /> : null}
        <Field
          labelProps={{ children: 'Email' }}
          hint={page.emailHint}
          inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email' }}
          errors={fields.email.errors}
        />
        {mode === 'signup' ? (
          <NewPasswordField field={fields.password} />
        ) : (
          <>
            <Field
              labelProps={{ children: 'Password' }}
              inputProps={{
                ...getInputProps(fields.password, { type: 'password' }),
                autoComplete: 'current-password',
              }}
              errors={fields.password.errors}
            />
            <p className="hint">
              <Link to="/password-reset">Forgot your password?</Link>
            </p>
          </>
        )}
        <button type="submit" className="btn">
          {page.submit}
        </button>
      </Form>
      <p>
        {page.other.prompt} <Link to={`${page.other.path}${query}`}>{page.other.label}</Link>
      </p>
    </div>
  )
}
