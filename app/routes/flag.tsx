import { getFormProps, getTextareaProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { ErrorList, FormActions, TextareaField, useZodForm } from '#app/components/forms.tsx'
import { requireUser } from '#app/lib/auth.server.ts'
import { submitForm } from '#app/lib/form-action.server.ts'
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
  return submitForm(await request.formData(), flagSchema, ({ post, reason, details }) => {
    const [type, idText] = post.split(':') as ['question' | 'answer', string]
    const { questionId } = flagPost(user, type, Number(idText), reason, details)
    return redirect(`/questions/${questionId}/${getQuestionSlug(questionId) ?? ''}?flagged=1`)
  })
}

export default function FlagPage() {
  const { post } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useZodForm(flagSchema, {
    lastResult: actionData?.result,
    validate: 'onSubmit',
  })
  return (
    <div className="narrow">
      <h1>Flag this {post.startsWith('answer') ? 'answer' : 'question'}</h1>
      <p className="muted">Moderators review every flag. Flags are private.</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <input type="hidden" name="post" value={post} />
        <ErrorList id={form.errorId} errors={form.errors} />
        <fieldset aria-describedby={fields.reason.errors ? fields.reason.errorId : undefined}>
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
        <TextareaField
          labelProps={{ children: 'Details (optional)' }}
          textareaProps={{ ...getTextareaProps(fields.details), rows: 3 }}
          errors={fields.details.errors}
        />
        <FormActions submit="Submit flag" cancelHref="/" />
      </Form>
    </div>
  )
}
