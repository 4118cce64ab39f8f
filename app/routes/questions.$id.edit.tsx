import { getFormProps, getInputProps, getTextareaProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { ErrorList, Field } from '#app/components/forms.tsx'
import { requireUser } from '#app/lib/auth.server.ts'
import { formFailure, invalidSubmission } from '#app/lib/form-action.server.ts'
import { editQuestion, getLiveQuestion, questionTagNames } from '#app/models/questions.server.ts'
import { canEditPost } from '#app/models/permissions.server.ts'
import { NotFoundError } from '#app/models/errors.server.ts'
import { hasPrivilege, privilegeMessage } from '#app/lib/privileges.ts'
import { editSummarySchema, questionSchema } from '#app/validation/posts.ts'

const editSchema = questionSchema.extend({ summary: editSummarySchema })

export const meta: MetaFunction = () => [
  { title: 'Edit question — Peerdesk' },
  { name: 'robots', content: 'noindex' },
]

function loadEditable(
  params: LoaderFunctionArgs['params'],
  user: Parameters<typeof canEditPost>[0],
) {
  try {
    const question = getLiveQuestion(Number(params.id))
    if (!canEditPost(user, question.authorId)) {
      throw new Response(privilegeMessage('editAny'), { status: 403 })
    }
    return question
  } catch (error) {
    if (error instanceof NotFoundError) throw new Response('Question not found', { status: 404 })
    throw error
  }
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(context.user, request)
  const q = loadEditable(params, user)
  return {
    question: {
      id: q.id,
      slug: q.slug,
      title: q.title,
      body: q.bodyMd,
      tags: questionTagNames(q.id).join(' '),
    },
    editingOthers: q.authorId !== user.id && hasPrivilege(user, 'editAny'),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(context.user, request)
  const q = loadEditable(params, user)
  const submission = parseWithZod(await request.formData(), { schema: editSchema })
  if (submission.status !== 'success') return invalidSubmission(submission)
  try {
    const edited = editQuestion(user, q.id, submission.value)
    return redirect(`/questions/${edited.id}/${edited.slug}`)
  } catch (error) {
    return formFailure(submission, error)
  }
}

export default function EditQuestion() {
  const { question, editingOthers } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: { title: question.title, body: question.body, tags: question.tags, summary: '' },
    constraint: getZodConstraint(editSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: editSchema }),
  })
  return (
    <div className="narrow">
      <h1>Edit question</h1>
      {editingOthers ? (
        <p className="notice">
          You are editing someone else's post. The edit is kept in its history.
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="stack">
        <ErrorList id={form.errorId} errors={form.errors} />
        <Field
          label="Title"
          htmlFor={fields.title.id}
          errorId={fields.title.errorId}
          errors={fields.title.errors}
        >
          <input {...getInputProps(fields.title, { type: 'text' })} key={fields.title.key} />
        </Field>
        <Field
          label="Body"
          htmlFor={fields.body.id}
          errorId={fields.body.errorId}
          errors={fields.body.errors}
        >
          <textarea {...getTextareaProps(fields.body)} key={fields.body.key} rows={14} />
        </Field>
        <Field
          label="Tags"
          htmlFor={fields.tags.id}
          errorId={fields.tags.errorId}
          errors={fields.tags.errors}
        >
          <input {...getInputProps(fields.tags, { type: 'text' })} key={fields.tags.key} />
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
          <Link to={`/questions/${question.id}/${question.slug}`}>Cancel</Link>
        </div>
      </Form>
    </div>
  )
}
