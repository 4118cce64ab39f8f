import { getFormProps, getTextareaProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { ErrorList } from '#app/components/forms.tsx'
import { requireUser } from '#app/lib/auth.server.ts'
import { formFailure, invalidSubmission } from '#app/lib/form-action.server.ts'
import { flagPost } from '#app/models/flags.server.ts'
import { getQuestionSlug } from '#app/models/questions.server.ts'
import { flagSchema } from '#app/validation/thread.ts'

export const meta: MetaFunction = () => [
  { title: 'Flag a post — Peerdesk' },
  { name: 'robots', content: 'noindex' },
]

const REASONS = [
  ['spam', 'Spam or advertising'],
  ['rude', 'Rude or abusive'],
  ['off_topic', 'Not about Nimbus products'],
  ['needs_moderator', 'Something else needs a moderator'],
] as const

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireUser(context.user, request)
  const post = new URL(request.url).searchParams.get('post') ?? ''
  if (!/^(question|answer):\d+$/.test(post)) throw new Response('Nothing to flag', { status: 404 })
  return { post }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context.user, request)
  const submission = parseWithZod(await request.formData(), { schema: flagSchema })
  if (submission.status !== 'success') return invalidSubmission(submission)
  const [type, idText] = submission.value.post.split(':') as ['question' | 'answer', string]
  try {
    const { questionId } = flagPost(
      user,
      type,
      Number(idText),
      submission.value.reason,
      submission.value.details,
    )
    return redirect(`/questions/${questionId}/${getQuestionSlug(questionId) ?? ''}?flagged=1`)
  } catch (error) {
    return formFailure(submission, error)
  }
}

export default function FlagPage() {
  const { post } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(flagSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: flagSchema }),
  })
  return (
    <div className="narrow">
      <h1>Flag this {post.startsWith('answer') ? 'answer' : 'question'}</h1>
      <p className="muted">Moderators review every flag. Flags are private.</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <input type="hidden" name="post" value={post} />
        <ErrorList id={form.errorId} errors={form.errors} />
        <fieldset>
          <legend>Why does it need attention?</legend>
          {REASONS.map(([value, label]) => (
            <label key={value} className="radio">
              <input
                type="radio"
                name={fields.reason.name}
                value={value}
                defaultChecked={fields.reason.initialValue === value}
              />{' '}
              {label}
            </label>
          ))}
          <ErrorList id={fields.reason.errorId} errors={fields.reason.errors} />
        </fieldset>
        <label htmlFor={fields.details.id}>Details (optional)</label>
        <textarea {...getTextareaProps(fields.details)} key={fields.details.key} rows={3} />
        <ErrorList id={fields.details.errorId} errors={fields.details.errors} />
        <div className="form-actions">
          <button type="submit" className="btn">
            Submit flag
          </button>
          <Link to="/">Cancel</Link>
        </div>
      </Form>
    </div>
  )
}
