// The profile edit page's privacy part: the download of the member's data, and the deletion of
// their account behind their handle and password.
import { getFormProps, getInputProps, type SubmissionResult } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { ErrorList, Field, useZodForm } from './forms.tsx'
import { deleteAccountSchema } from '#app/validation/account.ts'

export function AccountPrivacy({
  handle,
  lastResult,
}: {
  handle: string
  lastResult: SubmissionResult<string[]> | null | undefined
}) {
  const [form, fields] = useZodForm(deleteAccountSchema, {
    id: 'delete-account',
    lastResult,
    validate: 'onSubmit',
  })
  return (
    <>
      <section aria-labelledby="your-data" className="stack">
        <h2 id="your-data">Your data</h2>
        <p>
          A JSON file of your profile, e-mail address and choice, questions, answers and comments
          (deleted ones too), votes, notifications and reputation history.
        </p>
        <p>
          {/* A plain link: the file comes as a download, with or without JavaScript. */}
          <a href={`/users/${handle}/data`} download className="btn">
            Download my data
          </a>
        </p>
      </section>
      <section aria-labelledby="delete-account-heading" className="stack">
        <h2 id="delete-account-heading">Delete your account</h2>
        <p>
          Your questions, answers and comments stay for others to read, shown as from “deleted
          user”. Your e-mail address, password, profile, notifications and badges are deleted, you
          are logged out everywhere, and your handle becomes free. This cannot be undone.
        </p>
        <Form method="post" {...getFormProps(form)} className="stack">
          <input type="hidden" name="intent" value="delete-account" />
          <ErrorList id={form.errorId} errors={form.errors} />
          <Field
            labelProps={{ children: 'Your handle' }}
            hint={`Type ${handle} to confirm.`}
            inputProps={{
              ...getInputProps(fields.confirmHandle, { type: 'text' }),
              autoComplete: 'off',
            }}
            errors={fields.confirmHandle.errors}
          />
          <Field
            labelProps={{ children: 'Your password' }}
            inputProps={{
              ...getInputProps(fields.password, { type: 'password' }),
              autoComplete: 'current-password',
            }}
            errors={fields.password.errors}
          />
          <div className="form-actions">
            <button type="submit" className="btn btn-danger">
              Delete my account
            </button>
          </div>
        </Form>
      </section>
    </>
  )
}
