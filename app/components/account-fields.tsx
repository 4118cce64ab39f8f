// The fields every account form shares (sign-up, finishing a sign-up, claiming an imported
// account, a new password): one label, hint and autocomplete for each, wherever it appears.
import { getInputProps, type FieldMetadata } from '@conform-to/react'
import { PASSWORD_MIN } from '#app/validation/auth.ts'
import { Field } from './forms.tsx'

type TextField = FieldMetadata<string | undefined>

export function HandleField({ field }: { field: TextField }) {
  return (
    <Field
      labelProps={{ children: 'Handle' }}
      hint="Shown beside your posts. Letters, digits, _ and -."
      inputProps={{ ...getInputProps(field, { type: 'text' }), autoComplete: 'username' }}
      errors={field.errors}
    />
  )
}

/** A password being chosen (not typed to log in): the browser may suggest a strong one. */
export function NewPasswordField({
  field,
  label = 'Password',
}: {
  field: TextField
  label?: string
}) {
  return (
    <Field
      labelProps={{ children: label }}
      hint={`At least ${PASSWORD_MIN} characters.`}
      inputProps={{ ...getInputProps(field, { type: 'password' }), autoComplete: 'new-password' }}
      errors={field.errors}
    />
  )
}
