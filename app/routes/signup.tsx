import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, Link, useActionData, useSearchParams } from '@remix-run/react'
import { ErrorList, Field } from '#app/components/forms.tsx'
import { startSession } from '#app/lib/auth.server.ts'
import { formFailure, invalidSubmission } from '#app/lib/form-action.server.ts'
import { consumeRateLimit } from '#app/lib/rate-limit.server.ts'
import { createUser } from '#app/models/users.server.ts'
import { PASSWORD_MIN, safeRedirect, signupSchema } from '#app/validation/auth.ts'

export const meta: MetaFunction = () => [
  { title: 'Sign up — Peerdesk' },
  { name: 'robots', content: 'noindex' },
]

export async function loader({ context }: LoaderFunctionArgs) {
  if (context.user) throw redirect('/')
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: signupSchema })
  const hideFields = ['password']
  if (submission.status !== 'success') return invalidSubmission(submission, { hideFields })
  try {
    await consumeRateLimit('signup', { ip: context.ip })
    const { handle, email, password, redirectTo } = submission.value
    const user = await createUser({ handle, email, password })
    const cookie = await startSession(user.id, request, context.session)
    return redirect(safeRedirect(redirectTo), { headers: { 'Set-Cookie': cookie } })
  } catch (error) {
    return formFailure(submission, error, { hideFields })
  }
}

export default function Signup() {
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(signupSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signupSchema }),
  })
  return (
    <div className="narrow auth-page">
      <h1>Join the community</h1>
      <p className="muted">Ask questions, help other customers and earn reputation.</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <ErrorList id={form.errorId} errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
        <Field
          label="Handle"
          htmlFor={fields.handle.id}
          hint="Shown beside your posts. Letters, digits, _ and -."
          errorId={fields.handle.errorId}
          errors={fields.handle.errors}
        >
          <input
            {...getInputProps(fields.handle, { type: 'text' })}
            key={fields.handle.key}
            autoComplete="username"
          />
        </Field>
        <Field
          label="Email"
          htmlFor={fields.email.id}
          hint="Never shown to others."
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
          hint={`At least ${PASSWORD_MIN} characters.`}
          errorId={fields.password.errorId}
          errors={fields.password.errors}
        >
          <input
            {...getInputProps(fields.password, { type: 'password' })}
            key={fields.password.key}
            autoComplete="new-password"
          />
        </Field>
        <button type="submit" className="btn">
          Sign up
        </button>
      </Form>
      <p>
        Already a member?{' '}
        <Link to={`/login${searchParams.size ? `?${searchParams}` : ''}`}>Log in</Link>
      </p>
    </div>
  )
}
