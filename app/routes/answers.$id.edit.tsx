import { getFormProps, getInputProps, getTextareaProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { ErrorList, Field } from '#app/components/forms.tsx'
import { requireUser } from '#app/lib/auth.server.ts'
import { formFailure, invalidSubmission } from '#app/lib/form-action.server.ts'
import { privilegeMessage } from '#app/lib/privileges.ts'
import { editAnswer, getLiveAnswer } from '#app/models/answers.server.ts'
import { NotFoundError } from '#app/models/errors.server.ts'
import { canEditPost } from '#app/models/permissions.server.ts'
import { getQuestionSlug } from '#app/models/questions.server.ts'
import { answerSchema, editSummarySchema } from '#app/validation/posts.ts'

const editSchema = answerSchema.extend({ summary: editSummarySchema })

export const meta: MetaFunction = () => [
  { title: 'Edit answer — Peerdesk' },
  { name: 'robots', content: 'noindex' },
]

function loadEditable(
  params: LoaderFunctionArgs['params'],
  user: Parameters<typeof canEditPost>[0],
) {
  try {
    const answer = getLiveAnswer(Number(params.id))
    if (!canEditPost(user, answer.authorId))
      throw new Response(privilegeMessage('editAny'), { status: 403 })
    return {
      ...answer,
      threadUrl: `/questions/${answer.questionId}/${getQuestionSlug(answer.questionId) ?? ''}`,
    }
  } catch (error) {
    if (error instanceof NotFoundError) throw new Response('Answer not found', { status: 404 })
    throw error
  }
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(context.user, request)
  const answer = loadEditable(params, user)
  return { answer: { id: answer.id, body: answer.bodyMd, threadUrl: answer.threadUrl } }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(context.user, request)
  const answer = loadEditable(params, user)
  const submission = parseWithZod(await request.formData(), { schema: editSchema })
  if (submission.status !== 'success') return invalidSubmission(submission)
  try {
    editAnswer(user, answer.id, submission.value)
    return redirect(`${answer.threadUrl}#answer-${answer.id}`)
  } catch (error) {
    return formFailure(submission, error)
  }
}

export default function EditAnswer() {
  const { answer } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: { body: answer.body, summary: '' },
    constraint: getZodConstraint(editSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: editSchema }),
  })
  return (
    <div className="narrow">
      <h1>Edit answer</h1>
      <Form method="post" {...getFormProps(form)} className="stack">
        <ErrorList id={form.errorId} errors={form.errors} />
        <Field
          label="Your answer"
          htmlFor={fields.body.id}
          errorId={fields.body.errorId}
          errors={fields.body.errors}
        >
          <textarea {...getTextareaProps(fields.body)} key={fields.body.key} rows={14} />
        </Field>
        <Field
          label="Edit summary"
          htmlFor={fields.summary.id}
          hint="What did you change? (optional)"
          errorId={fields.summary.errorId}
          errors={fields.summary.errors}
        >
          <input {...getInputProps(fields.summary, { type: 'text' })} key={fields.summary.key} />
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn">
            Save edits
          </button>
          <Link to={answer.threadUrl}>Cancel</Link>
        </div>
      </Form>
    </div>
  )
}
