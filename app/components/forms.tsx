import type { ReactNode } from 'react'

/** Error messages for a field or a form, announced to screen readers. */
export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  if (!errors?.length) return null
  return (
    <ul id={id} className="field-errors" role="alert">
      {errors.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  )
}

export function Field({
  label,
  htmlFor,
  hint,
  errorId,
  errors,
  children,
}: {
  label: string
  htmlFor: string
  hint?: ReactNode
  errorId?: string
  errors?: string[]
  children: ReactNode
}) {
  return (
    <div className={errors?.length ? 'field field-invalid' : 'field'}>
      <label htmlFor={htmlFor}>{label}</label>
      {hint ? <p className="hint">{hint}</p> : null}
      {children}
      <ErrorList id={errorId} errors={errors} />
    </div>
  )
}
