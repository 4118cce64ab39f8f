// The two post editors: one for a question (ask and edit), one for an answer (post and edit).
// Editing adds the "Edit summary" field and Save/Cancel; everything else is the same form.
import {
  getFormProps,
  getInputProps,
  getTextareaProps,
  type FieldMetadata,
} from '@conform-to/react'
import type { SubmissionResult } from '@conform-to/react'
import { Form, useNavigation } from '@remix-run/react'
import type { FormEventHandler, ReactNode } from 'react'
import type { z } from 'zod'
import {
  answerEditSchema,
  answerSchema,
  questionEditSchema,
  questionSchema,
  TAGS_MAX,
} from '#app/validation/posts.ts'
import { BotGuardFields } from './bot-guard.tsx'
import { ErrorList, Field, FormActions, TextareaField, useZodForm } from './forms.tsx'

interface EditorProps<Value> {
  lastResult?: SubmissionResult<string[]> | null
  defaultValue?: Partial<Value>
  /** Editing an existing post: where Cancel goes. Without it the editor posts a new one. */
  editing?: { cancelHref: string }
  /** Hidden fields (e.g. the thread action's intent), first in the form. */
  children?: ReactNode
}

type QuestionFields = { title: string; body: string; tags: string; summary?: string }
type AnswerFields = { body: string; summary?: string }

/** What the editor says they changed, and Save / Cancel. */
function EditActions({
  summary,
  cancelHref,
}: {
  summary: FieldMetadata<string | undefined>
  cancelHref: string
}) {
  return (
    <>
      <Field
        labelProps={{ children: 'Edit summary' }}
        hint="What did you change? (optional)"
        inputProps={getInputProps(summary, { type: 'text' })}
        errors={summary.errors}
      />
      <FormActions submit="Save edits" cancelHref={cancelHref} />
    </>
  )
}

function SubmitButton({ children }: { children: ReactNode }) {
  const submitting = useNavigation().state === 'submitting'
  return (
    <button type="submit" className="btn" disabled={submitting}>
      {children}
    </button>
  )
}

/** Title, body and tags: "Ask the community", and editing a question. */
export function QuestionEditor({
  lastResult,
  defaultValue,
  editing,
  afterTitle,
  onInput,
  formStarted,
}: EditorProps<QuestionFields> & {
  /** Shown between the title and the body (the similar threads while asking). */
  afterTitle?: ReactNode
  onInput?: FormEventHandler<HTMLFormElement>
  /** Asking: the bot-guard stamp its loader made (editing has none). */
  formStarted?: string
}) {
  const schema: z.ZodType<unknown, QuestionFields> = editing ? questionEditSchema : questionSchema
  const [form, fields] = useZodForm(schema, { lastResult, defaultValue })
  return (
    <Form method="post" {...getFormProps(form)} className="stack" onInput={onInput}>
      {formStarted ? <BotGuardFields formStarted={formStarted} /> : null}
      <ErrorList id={form.errorId} errors={form.errors} />
      <Field
        labelProps={{ children: 'Title' }}
        hint="Say what goes wrong, as you would to a friend: “Doorbell goes offline every night”."
        inputProps={getInputProps(fields.title, { type: 'text' })}
        errors={fields.title.errors}
      />
      {afterTitle}
      <TextareaField
        labelProps={{ children: 'Body' }}
        hint="Markdown works: **bold**, `code`, lists, links. Include model, firmware and what you tried."
        textareaProps={{ ...getTextareaProps(fields.body), rows: editing ? 14 : 12 }}
        errors={fields.body.errors}
      />
      <Field
        labelProps={{ children: 'Tags' }}
        hint={`1 to ${TAGS_MAX} tags separated by spaces or commas, e.g. doorbell setup`}
        inputProps={getInputProps(fields.tags, { type: 'text' })}
        errors={fields.tags.errors}
      />
      {editing ? (
        <EditActions summary={fields.summary} cancelHref={editing.cancelHref} />
      ) : (
        <SubmitButton>Post your question</SubmitButton>
      )}
    </Form>
  )
}

/** The "Your answer" box: at the foot of a thread, and editing an answer. */
export function AnswerEditor({
  lastResult,
  defaultValue,
  editing,
  id,
  children,
}: EditorProps<AnswerFields> & { id?: string }) {
  const schema: z.ZodType<unknown, AnswerFields> = editing ? answerEditSchema : answerSchema
  const [form, fields] = useZodForm(schema, { id, lastResult, defaultValue })
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      {children}
      <ErrorList id={form.errorId} errors={form.errors} />
      <TextareaField
        // Under a thread the section's heading says what the box is for.
        labelProps={{ children: 'Your answer', className: editing ? undefined : 'sr-only' }}
        textareaProps={{ ...getTextareaProps(fields.body), rows: editing ? 14 : 10 }}
        errors={fields.body.errors}
      />
      {editing ? (
        <EditActions summary={fields.summary} cancelHref={editing.cancelHref} />
      ) : (
        <SubmitButton>Post your answer</SubmitButton>
      )}
    </Form>
  )
}
