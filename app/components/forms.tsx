// Form pieces every page shares (the Epic Stack's pattern): a field takes the props Conform
// derives for its control, so a route never writes label, control and error markup itself.
import type {
  InputHTMLAttributes,
  LabelHTMLAttributes,
  ReactNode,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from 'react'
import { useId } from 'react'
import { Link } from '@remix-run/react'
import { useForm, type DefaultValue, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import type { z } from 'zod'

/**
 * Conform's form state for a Zod schema: the same schema gives the browser its constraints and
 * checks, and the server's reply (`lastResult`) shows its errors with the typed text kept.
 */
export function useZodForm<Output, Input extends Record<string, unknown>>(
  schema: z.ZodType<Output, Input>,
  {
    validate = 'onBlur',
    ...options
  }: {
    id?: string
    lastResult?: SubmissionResult<string[]> | null
    defaultValue?: DefaultValue<Input>
    /** When to check first; once shown, errors update as the person types. */
    validate?: 'onBlur' | 'onSubmit'
  },
) {
  return useForm({
    ...options,
    constraint: getZodConstraint(schema),
    shouldValidate: validate,
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  })
}

export type ListOfErrors = Array<string | null | undefined> | null | undefined

/** Error messages for a field or a form, announced to screen readers. */
export function ErrorList({ id, errors }: { id?: string; errors?: ListOfErrors }) {
  const messages = errors?.filter(Boolean) as string[] | undefined
  if (!messages?.length) return null
  return (
    <ul id={id} className="field-errors" role="alert">
      {messages.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  )
}

interface FieldProps {
  labelProps: LabelHTMLAttributes<HTMLLabelElement>
  errors?: ListOfErrors
  /** A line under the label that says what to type; the control is described by it. */
  hint?: ReactNode
  className?: string
}

interface ControlAria {
  id: string
  'aria-invalid'?: true
  'aria-describedby'?: string
}

/** Label, hint, control and errors; the control gets the ids that tie them together. */
function FieldFrame({
  controlId,
  labelProps,
  errors,
  hint,
  className,
  control,
}: FieldProps & { controlId?: string; control: (aria: ControlAria) => ReactNode }) {
  const fallbackId = useId()
  const id = controlId ?? fallbackId
  const errorId = errors?.some(Boolean) ? `${id}-error` : undefined
  const hintId = hint ? `${id}-hint` : undefined
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined
  return (
    <div className={errorId ? `${className ?? 'field'} field-invalid` : (className ?? 'field')}>
      <label htmlFor={id} {...labelProps} />
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      {control({
        id,
        'aria-invalid': errorId ? true : undefined,
        'aria-describedby': describedBy,
      })}
      <ErrorList id={errorId} errors={errors} />
    </div>
  )
}

type InputFieldProps = FieldProps & { inputProps: InputHTMLAttributes<HTMLInputElement> }
type SelectFieldProps = FieldProps & {
  selectProps: SelectHTMLAttributes<HTMLSelectElement>
  options: readonly { value: string; label: string }[]
}
type TextareaFieldProps = FieldProps & {
  textareaProps: TextareaHTMLAttributes<HTMLTextAreaElement>
}

/** A labelled `<input>` with its hint and errors: `inputProps={getInputProps(fields.x, …)}`. */
export const Field = ({ inputProps: props, ...field }: InputFieldProps) => (
  <FieldFrame {...field} controlId={props.id} control={(aria) => <input {...props} {...aria} />} />
)

/** A labelled `<textarea>`: `textareaProps={getTextareaProps(fields.body)}`. */
export const TextareaField = ({ textareaProps: props, ...field }: TextareaFieldProps) => (
  <FieldFrame
    {...field}
    controlId={props.id}
    control={(aria) => <textarea {...props} {...aria} />}
  />
)

/** A labelled `<select>`: `selectProps={getSelectProps(fields.x)}` and its options. */
export const SelectField = ({ selectProps: props, options, ...field }: SelectFieldProps) => (
  <FieldFrame
    {...field}
    controlId={props.id}
    control={(aria) => (
      <select {...props} {...aria}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    )}
  />
)

/** The submit button of a page's form, and Cancel back to where the person came from. */
export function FormActions({ submit, cancelHref }: { submit: string; cancelHref: string }) {
  return (
    <div className="form-actions">
      <button type="submit" className="btn">
        {submit}
      </button>
      <Link to={cancelHref}>Cancel</Link>
    </div>
  )
}

/** Why a small control (a vote, Accept, Close) was refused, shown beside it. */
export function ControlMessage({ message }: { message?: string | null }) {
  if (!message) return null
  return (
    <p className="vote-error" role="alert">
      {message}
    </p>
  )
}
