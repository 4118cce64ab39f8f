import { getFormProps, getInputProps, getTextareaProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { SimilarList, useSimilarQuestions } from '#app/components/similar-questions.tsx'
import { ErrorList, Field } from '#app/components/forms.tsx'
import { requireUser } from '#app/lib/auth.server.ts'
import { formFailure, invalidSubmission } from '#app/lib/form-action.server.ts'
import { consumeRateLimit } from '#app/lib/rate-limit.server.ts'
import { createQuestion } from '#app/models/questions.server.ts'
import { questionSchema, TAGS_MAX } from '#app/validation/posts.ts'

export const meta: MetaFunction = () => [
  { title: 'Ask a question — Peerdesk' },
  { name: 'robots', content: 'noindex' },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireUser(context.user, request)
  // "Ask the community" from a search with no answer carries the search text as the title.
  const title = new URL(request.url).searchParams.get('title')?.slice(0, 150) ?? ''
  return { title }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context.user, request)
  const submission = parseWithZod(await request.formData(), { schema: questionSchema })
  if (submission.status !== 'success') return invalidSubmission(submission)
  try {
    await consumeRateLimit('post', { ip: context.ip, account: user.id })
    const question = createQuestion(user, submission.value)
    return redirect(`/questions/${question.id}/${question.slug}`)
  } catch (error) {
    return formFailure(submission, error)
  }
}

export default function Ask() {
  const { title } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [typed, setTyped] = useState(title)
  const similar = useSimilarQuestions(typed)
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: { title },
    constraint: getZodConstraint(questionSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: questionSchema }),
  })
  return (
    <div className="narrow">
      <h1>Ask the community</h1>
      <p className="muted">
        Customers and Nimbus staff answer here. A clear title and the steps you already tried get
        the fastest answers.
      </p>
      <Form
        method="post"
        {...getFormProps(form)}
        className="stack"
        onInput={(event) => {
          const data = new FormData(event.currentTarget)
          setTyped(`${data.get('title') ?? ''}\n${String(data.get('body') ?? '').slice(0, 300)}`)
        }}
      >
        <ErrorList id={form.errorId} errors={form.errors} />
        <Field
          label="Title"
          htmlFor={fields.title.id}
          hint="Say what goes wrong, as you would to a friend: “Doorbell goes offline every night”."
          errorId={fields.title.errorId}
          errors={fields.title.errors}
        >
          <input {...getInputProps(fields.title, { type: 'text' })} key={fields.title.key} />
        </Field>
        <SimilarList hits={similar} title="These threads may already answer it" />
        <Field
          label="Body"
          htmlFor={fields.body.id}
          hint="Markdown works: **bold**, `code`, lists, links. Include model, firmware and what you tried."
          errorId={fields.body.errorId}
          errors={fields.body.errors}
        >
          <textarea {...getTextareaProps(fields.body)} key={fields.body.key} rows={12} />
        </Field>
        <Field
          label="Tags"
          htmlFor={fields.tags.id}
          hint={`1 to ${TAGS_MAX} tags separated by spaces or commas, e.g. doorbell setup`}
          errorId={fields.tags.errorId}
          errors={fields.tags.errors}
        >
          <input {...getInputProps(fields.tags, { type: 'text' })} key={fields.tags.key} />
        </Field>
        <button type="submit" className="btn" disabled={navigation.state === 'submitting'}>
          Post your question
        </button>
      </Form>
    </div>
  )
}
