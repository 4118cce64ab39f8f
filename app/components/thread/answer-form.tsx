import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { answerSchema } from '#app/validation/posts.ts'
import { ErrorList } from '../forms.tsx'

/** The "Your answer" box at the foot of a thread. */
export function AnswerForm({ lastResult }: { lastResult?: SubmissionResult<string[]> }) {
  const [form, fields] = useForm({
    id: 'answer-form',
    lastResult,
    constraint: getZodConstraint(answerSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: answerSchema }),
  })
  return (
    <section aria-labelledby="your-answer-title" className="answer-form">
      <h2 id="your-answer-title">Answer this question</h2>
      <Form method="post" {...getFormProps(form)} className="stack">
        <input type="hidden" name="intent" value="answer" />
        <ErrorList id={form.errorId} errors={form.errors} />
        <label htmlFor={fields.body.id} className="sr-only">
          Your answer
        </label>
        <textarea {...getTextareaProps(fields.body)} key={fields.body.key} rows={10} />
        <ErrorList id={fields.body.errorId} errors={fields.body.errors} />
        <button type="submit" className="btn">
          Post your answer
        </button>
      </Form>
    </section>
  )
}
