import { getFormProps, getInputProps, getTextareaProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { ErrorList, Field } from '#app/components/forms.tsx'
import { requireUser, type SessionUser } from '#app/lib/auth.server.ts'
import { formFailure, invalidSubmission } from '#app/lib/form-action.server.ts'
import { updateProfile } from '#app/models/profiles.server.ts'
import { getUserByHandle } from '#app/models/users.server.ts'
import { profileSchema } from '#app/validation/profile.ts'

export const meta: MetaFunction = () => [
  { title: 'Edit profile — Peerdesk' },
  { name: 'robots', content: 'noindex' },
]

/** Only the owner edits a profile: anyone else gets a 403. */
function ownProfile(handle: string | undefined, user: SessionUser) {
  const profile = getUserByHandle(String(handle))
  if (!profile) throw new Response('User not found', { status: 404 })
  if (profile.id !== user.id)
    throw new Response('You can only edit your own profile.', { status: 403 })
  return profile
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(context.user, request)
  const profile = ownProfile(params.handle, user)
  return { profile: { handle: profile.handle, displayName: profile.displayName, bio: profile.bio } }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(context.user, request)
  const profile = ownProfile(params.handle, user)
  const submission = parseWithZod(await request.formData(), { schema: profileSchema })
  if (submission.status !== 'success') return invalidSubmission(submission)
  try {
    updateProfile(profile.id, submission.value)
    return redirect(`/users/${profile.handle}`)
  } catch (error) {
    return formFailure(submission, error)
  }
}

export default function EditProfile() {
  const { profile } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: { displayName: profile.displayName, bio: profile.bio },
    constraint: getZodConstraint(profileSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: profileSchema }),
  })
  return (
    <div className="narrow">
      <h1>Edit your profile</h1>
      <Form method="post" {...getFormProps(form)} className="stack">
        <ErrorList id={form.errorId} errors={form.errors} />
        <Field
          label="Display name"
          htmlFor={fields.displayName.id}
          errorId={fields.displayName.errorId}
          errors={fields.displayName.errors}
        >
          <input
            {...getInputProps(fields.displayName, { type: 'text' })}
            key={fields.displayName.key}
          />
        </Field>
        <Field
          label="Bio"
          htmlFor={fields.bio.id}
          hint="A line or two about you and your setup (up to 500 characters)."
          errorId={fields.bio.errorId}
          errors={fields.bio.errors}
        >
          <textarea {...getTextareaProps(fields.bio)} key={fields.bio.key} rows={4} />
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn">
            Save profile
          </button>
          <Link to={`/users/${profile.handle}`}>Cancel</Link>
        </div>
      </Form>
    </div>
  )
}
