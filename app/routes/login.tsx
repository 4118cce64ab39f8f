import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, Link, useActionData, useSearchParams } from '@remix-run/react'
import { ErrorList, Field } from '#app/components/forms.tsx'
import { startSession } from '#app/lib/auth.server.ts'
import { formFailure, invalidSubmission } from '#app/lib/form-action.server.ts'
import { consumeRateLimit, resetRateLimit } from '#app/lib/rate-limit.server.ts'
import { PermissionError } from '#app/models/errors.server.ts'
import { verifyLogin } from '#app/models/users.server.ts'
import { loginSchema, safeRedirect } from '#app/validation/auth.ts'

export const meta: MetaFunction = () => [
  { title: 'Log in — Peerdesk' },
  { name: 'robots', content: 'noindex' },
]

// One message for an unknown e-mail and a wrong password: the form must not reveal who has an account.
export const BAD_CREDENTIALS = 'That email and password do not match an account.'

export async function loader({ context }: LoaderFunctionArgs) {
  if (context.user) throw redirect('/')
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: loginSchema })
  const hideFields = ['password']
  if (submission.status !== 'success') return invalidSubmission(submission, { hideFields })
  const { email, password, redirectTo } = submission.value
  try {
    await consumeRateLimit('login', { ip: context.ip, account: email })
    const user = await verifyLogin(email, password)
    if (!user) throw new PermissionError(BAD_CREDENTIALS)
    await resetRateLimit('login', email)
    const cookie = await startSession(user.id, request, context.session)
    return redirect(safeRedirect(redirectTo), { headers: { 'Set-Cookie': cookie } })
  } catch (error) {
    return formFailure(submission, error, { hideFields })
  }
}

export default function Login() {
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(loginSchema),
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: loginSchema }),
  })
  return (
    <div className="narrow auth-page">
      <h1>Log in</h1>
      <Form method="post" {...getFormProps(form)} className="stack">
        <ErrorList id={form.errorId} errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
        <Field
          label="Email"
          htmlFor={fields.email.id}
          errorId={fields.email.errorId}
          errors={fields.email.errors}
        >
          <input
            {...getInputProps(fields.email, { type: 'email' })}
            key={fields.email.key}
            autoComplete="email"
          />
        </Field>
        <Field
          label="Password"
          htmlFor={fields.password.id}
          errorId={fields.password.errorId}
          errors={fields.password.errors}
        >
          <input
            {...getInputProps(fields.password, { type: 'password' })}
            key={fields.password.key}
            autoComplete="current-password"
          />
        </Field>
        <button type="submit" className="btn">
          Log in
        </button>
      </Form>
      <p>
        New here? <Link to={`/signup${searchParams.size ? `?${searchParams}` : ''}`}>Sign up</Link>
      </p>
    </div>
  )
}
