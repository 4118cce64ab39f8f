import { getFormProps, getInputProps, getSelectProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { ErrorList, Field, SelectField, useZodForm } from '#app/components/forms.tsx'
import { requireRole } from '#app/lib/auth.server.ts'
import { submitForm } from '#app/lib/form-action.server.ts'
import { changeRole, findUsersForAdmin, type AdminUserRow } from '#app/models/roles.server.ts'
import { parseQuery } from '#app/validation/lists.ts'
import { ROLE_LABELS, roleChangeSchema, userSearchSchema } from '#app/validation/roles.ts'

export const meta: MetaFunction = () => [
  { title: 'Members and roles — Peerdesk' },
  { name: 'robots', content: 'noindex' },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(context.user, request, 'admin')
  const { q } = parseQuery(userSearchSchema.catch({ q: '' }), new URL(request.url))
  return { q, people: findUsersForAdmin(q) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = requireRole(context.user, request, 'admin')
  const formData = await request.formData()
  const userId = Number(formData.get('userId'))
  return submitForm(
    formData,
    roleChangeSchema,
    (value) => ({ userId, changed: changeRole(admin, value), result: undefined }),
    { extra: { userId, changed: null } },
  )
}

const ROLE_OPTIONS = Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }))

function RoleForm({ person }: { person: AdminUserRow }) {
  const actionData = useActionData<typeof action>()
  const mine = actionData?.userId === person.id
  const [form, fields] = useZodForm(roleChangeSchema, {
    id: `role-${person.id}`,
    lastResult: mine ? actionData?.result : undefined,
    defaultValue: { userId: String(person.id), role: person.role, reason: '' },
  })
  return (
    <Form method="post" {...getFormProps(form)} className="role-form">
      <input {...getInputProps(fields.userId, { type: 'hidden' })} />
      <ErrorList id={form.errorId} errors={form.errors} />
      <SelectField
        labelProps={{ children: `Role of ${person.handle}` }}
        selectProps={getSelectProps(fields.role)}
        options={ROLE_OPTIONS}
        errors={fields.role.errors}
      />
      <Field
        labelProps={{ children: 'Reason (optional)' }}
        inputProps={getInputProps(fields.reason, { type: 'text' })}
        errors={fields.reason.errors}
      />
      <button type="submit" className="btn">
        Change role
      </button>
      {mine && actionData?.changed ? (
        <p role="status" className="muted">
          {person.handle} is now {ROLE_LABELS[actionData.changed.after].toLowerCase()} (was{' '}
          {ROLE_LABELS[actionData.changed.before].toLowerCase()}).
        </p>
      ) : null}
    </Form>
  )
}

export default function AdminUsers() {
  const { q, people } = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  return (
    <div className="narrow">
      <h1>Members and roles</h1>
      <p className="muted">
        Staff mark official answers and see the staff console; moderators also act on flags, lock,
        delete and suspend; admins also grant roles. Every change is on the{' '}
        <Link to="/mod/log">moderation log</Link>. The staff console&apos;s targets, routing and
        e-mail are in the <Link to="/admin/settings">site settings</Link>.
      </p>
      <Form method="get" role="search" className="search-form">
        <label htmlFor="member-search">Find a member by handle or e-mail</label>
        <input id="member-search" type="search" name="q" defaultValue={q} maxLength={100} />
        <button type="submit" className="btn" disabled={navigation.state === 'loading'}>
          Find
        </button>
      </Form>
      <h2>{q ? `Members matching “${q}”` : 'Everyone who holds a role'}</h2>
      {people.length === 0 ? <p className="muted">Nobody matches.</p> : null}
      <ul className="admin-users">
        {people.map((person) => (
          <li key={person.id} aria-label={person.handle}>
            <p>
              <Link to={`/users/${person.handle}`}>{person.displayName}</Link>{' '}
              <span className="muted">
                @{person.handle} · {person.email} · {ROLE_LABELS[person.role]}
                {person.status === 'active' ? '' : ` · ${person.status}`}
              </span>
            </p>
            <RoleForm person={person} />
          </li>
        ))}
      </ul>
    </div>
  )
}
