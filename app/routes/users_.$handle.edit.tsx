import { getFormProps, getInputProps, getTextareaProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { AccountPrivacy } from '#app/components/account-privacy.tsx'
import { ErrorList, FormActions, Field, TextareaField, useZodForm } from '#app/components/forms.tsx'
import { endSession, requireUser, type SessionUser } from '#app/lib/auth.server.ts'
import { submitForm } from '#app/lib/form-action.server.ts'
import { consumeRateLimit, keepRetryAfter } from '#app/lib/rate-limit.server.ts'
import { deleteAccount } from '#app/models/account-privacy.server.ts'
import { updateProfile } from '#app/models/profiles.server.ts'
import {
  canOptInAsExpert,
  expertTagNames,
  parseExpertTags,
  setExpertTags,
} from '#app/models/routing.server.ts'
import { getUserByHandle } from '#app/models/users.server.ts'
import { deleteAccountSchema } from '#app/validation/account.ts'
import { EXPERT_TAGS_MAX, expertProfileSchema } from '#app/validation/profile.ts'

export const headers = keepRetryAfter

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
  return {
    profile: { handle: profile.handle, displayName: profile.displayName, bio: profile.bio },
    // Citizen experts and staff choose the tags new questions are routed to them for.
    expertTags: canOptInAsExpert(user) ? expertTagNames(user.id).join(' ') : null,
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(context.user, request)
  const profile = ownProfile(params.handle, user)
  const formData = await request.formData()
  if (formData.get('intent') === 'delete-account') {
    return submitForm(
      formData,
      deleteAccountSchema,
      async (value) => {
        // The form checks a password: guesses count as log-in attempts do (429 when too many).
        await consumeRateLimit('login', { ip: context.ip, account: `account:${profile.id}` })
        await deleteAccount(profile.id, value)
        // Every session of the account is gone already; this clears the browser's cookie.
        const cookie = await endSession(null, request)
        return redirect('/', { headers: { 'Set-Cookie': cookie } })
      },
      { hideFields: ['password'], extra: { intent: 'delete-account' as const } },
    )
  }
  return submitForm(formData, expertProfileSchema, (value) => {
    const expert = canOptInAsExpert(user)
    // Checked before anything is written: a bad tag list stores nothing.
    if (expert) parseExpertTags(user, value.expertTags)
    updateProfile(profile.id, value)
    if (expert) setExpertTags(user, value.expertTags)
    return redirect(`/users/${profile.handle}`)
  })
}

export default function EditProfile() {
  const { profile, expertTags } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const deleting = actionData != null && 'intent' in actionData
  const [form, fields] = useZodForm(expertProfileSchema, {
    id: 'profile',
    lastResult: deleting ? null : actionData?.result,
    defaultValue: { displayName: profile.displayName, bio: profile.bio, expertTags },
  })
  return (
    <div className="narrow">
      <h1>Edit your profile</h1>
      <Form method="post" {...getFormProps(form)} className="stack">
        <ErrorList id={form.errorId} errors={form.errors} />
        <Field
          labelProps={{ children: 'Display name' }}
          inputProps={{
            ...getInputProps(fields.displayName, { type: 'text' }),
            autoComplete: 'name',
          }}
          errors={fields.displayName.errors}
        />
        <TextareaField
          labelProps={{ children: 'Bio' }}
          hint="A line or two about you and your setup (up to 500 characters)."
          textareaProps={{ ...getTextareaProps(fields.bio), rows: 4 }}
          errors={fields.bio.errors}
        />
        {expertTags != null ? (
          <Field
            labelProps={{ children: 'Tags I answer' }}
            hint={`As a citizen expert, new questions in these tags come to you first. Up to ${EXPERT_TAGS_MAX} existing tags, separated by spaces or commas.`}
            inputProps={{
              ...getInputProps(fields.expertTags, { type: 'text' }),
              autoComplete: 'off',
            }}
            errors={fields.expertTags.errors}
          />
        ) : null}
        <FormActions submit="Save profile" cancelHref={`/users/${profile.handle}`} />
      </Form>
      <AccountPrivacy handle={profile.handle} lastResult={deleting ? actionData.result : null} />
    </div>
  )
}
