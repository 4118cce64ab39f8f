// /admin/settings: the site settings an admin changes (first-response target, re-verify age,
// expert routing, redaction patterns, SMTP). One server-rendered form that works without
// JavaScript; bad input comes back by field with the text kept (never the SMTP password);
// every change is on the moderation log (updateSiteSettings).
import { getFormProps, getInputProps, getTextareaProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { ErrorList, Field, TextareaField, useZodForm } from '#app/components/forms.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { requireRole } from '#app/lib/auth.server.ts'
import { env } from '#app/lib/env.server.ts'
import { submitForm } from '#app/lib/form-action.server.ts'
import { emailOutboxSummary, mailOrigin, sendTestMessage } from '#app/models/email.server.ts'
import { FieldError } from '#app/models/errors.server.ts'
import {
  getSiteSettings,
  SETTING_KEYS,
  updateSiteSettings,
  type SettingKey,
  type SiteSettings,
} from '#app/models/site-settings.server.ts'
import {
  redactionLines,
  siteSettingsFormSchema,
  type SiteSettingsForm,
} from '#app/validation/site-settings.ts'

export const meta: MetaFunction = () => [
  { title: 'Site settings — Peerdesk' },
  { name: 'robots', content: 'noindex' },
]

export function headers() {
  return { 'X-Robots-Tag': 'noindex', 'Cache-Control': 'private, no-store' }
}

const LABELS: Record<SettingKey, string> = {
  firstResponseTargetMinutes: 'first-response target',
  reverifyAfterDays: 're-verify age',
  routingEnabled: 'expert routing',
  expertsPerRound: 'experts per round',
  redactionPatterns: 'redaction patterns',
  smtp: 'e-mail (SMTP)',
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(context.user, request, 'admin')
  const { smtp, ...settings } = getSiteSettings()
  const saved = new URL(request.url).searchParams.get('saved')
  return {
    settings,
    // The password stays on the server: the page only knows whether one is stored.
    smtp: smtp ? { ...smtp, password: undefined, hasPassword: smtp.password !== '' } : null,
    saved:
      saved == null
        ? null
        : saved
            .split(',')
            .filter((key): key is SettingKey => (SETTING_KEYS as string[]).includes(key))
            .map((key) => LABELS[key]),
    outbox: emailOutboxSummary(),
    publicUrlSet: Boolean(env().PUBLIC_URL),
    origin: mailOrigin(),
  }
}

/** The settings a valid form asks for; a blank password keeps the stored one. */
function changesFrom(form: SiteSettingsForm, stored: SiteSettings['smtp']): Partial<SiteSettings> {
  const user = form.smtpUser ?? ''
  return {
    firstResponseTargetMinutes: form.firstResponseTargetMinutes,
    reverifyAfterDays: form.reverifyAfterDays,
    routingEnabled: form.routingEnabled,
    expertsPerRound: form.expertsPerRound,
    redactionPatterns: form.redactionPatterns,
    smtp: form.emailEnabled
      ? {
          host: form.smtpHost ?? '',
          port: form.smtpPort ?? 0,
          secure: form.smtpSecure,
          user,
          // No user: no log-in at all, so no password either.
          password: user ? form.smtpPassword || stored?.password || '' : '',
          from: form.smtpFrom ?? '',
        }
      : null,
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = requireRole(context.user, request, 'admin')
  const formData = await request.formData()
  if (formData.get('intent') === 'test') {
    const { to, error } = await sendTestMessage(admin)
    return data({ result: undefined, test: { error, to } }, { status: error ? 400 : 200 })
  }
  return submitForm(
    formData,
    siteSettingsFormSchema,
    (value) => {
      try {
        const changed = updateSiteSettings(admin, changesFrom(value, getSiteSettings().smtp))
        return redirect(`/admin/settings?saved=${changed.join(',')}`)
      } catch (error) {
        // The model names the whole SMTP setting; the form shows it at the host.
        if (error instanceof FieldError && error.fieldErrors.smtp) {
          const { smtp, ...rest } = error.fieldErrors
          throw new FieldError({ ...rest, smtpHost: smtp })
        }
        throw error
      }
    },
    { hideFields: ['smtpPassword'], extra: { test: null } },
  )
}

function SavedNotice({ saved }: { saved: string[] | null }) {
  if (saved == null) return null
  return (
    <p role="status" className="notice">
      {saved.length === 0
        ? 'Nothing changed.'
        : `Saved: ${saved.join(', ')}. The change is on the moderation log.`}
    </p>
  )
}

export default function AdminSettings() {
  const { settings, smtp, saved, outbox, publicUrlSet, origin } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useZodForm(siteSettingsFormSchema, {
    id: 'site-settings',
    lastResult: actionData?.result,
    validate: 'onSubmit',
    defaultValue: {
      firstResponseTargetMinutes: String(settings.firstResponseTargetMinutes),
      reverifyAfterDays: String(settings.reverifyAfterDays),
      routingEnabled: settings.routingEnabled ? 'on' : '',
      expertsPerRound: String(settings.expertsPerRound),
      redactionPatterns: redactionLines(settings.redactionPatterns),
      emailEnabled: smtp ? 'on' : '',
      smtpHost: smtp?.host ?? '',
      smtpPort: smtp ? String(smtp.port) : '587',
      smtpSecure: smtp?.secure ? 'on' : '',
      smtpUser: smtp?.user ?? '',
      smtpFrom: smtp?.from ?? '',
    },
  })
  const test = actionData?.test
  return (
    <div className="narrow">
      <h1>Site settings</h1>
      <p className="muted">
        For the staff console, expert routing, private cases and e-mail. Every change is on the{' '}
        <Link to="/mod/log">moderation log</Link>.
      </p>
      <SavedNotice saved={saved} />
      <Form method="post" {...getFormProps(form)} className="settings-form">
        <input type="hidden" name="intent" value="save" />
        <ErrorList id={form.errorId} errors={form.errors} />
        <fieldset>
          <legend>Staff console</legend>
          <Field
            labelProps={{ children: 'First-response target (minutes)' }}
            hint="A question waiting longer for its first answer is a breach on /staff."
            inputProps={{
              ...getInputProps(fields.firstResponseTargetMinutes, { type: 'text' }),
              inputMode: 'numeric',
            }}
            errors={fields.firstResponseTargetMinutes.errors}
          />
          <Field
            labelProps={{ children: 'Re-verify official answers after (days)' }}
            inputProps={{
              ...getInputProps(fields.reverifyAfterDays, { type: 'text' }),
              inputMode: 'numeric',
            }}
            errors={fields.reverifyAfterDays.errors}
          />
        </fieldset>
        <fieldset>
          <legend>Expert routing</legend>
          <Field
            className="field field-checkbox"
            labelProps={{ children: 'Route new questions to opted-in experts' }}
            inputProps={getInputProps(fields.routingEnabled, { type: 'checkbox' })}
            errors={fields.routingEnabled.errors}
          />
          <Field
            labelProps={{ children: 'Experts per round' }}
            inputProps={{
              ...getInputProps(fields.expertsPerRound, { type: 'text' }),
              inputMode: 'numeric',
            }}
            errors={fields.expertsPerRound.errors}
          />
        </fieldset>
        <fieldset>
          <legend>Private cases</legend>
          <TextareaField
            labelProps={{ children: 'Redaction patterns' }}
            hint={
              <>
                One a line: a name, then <code>|</code>, then a JavaScript regular expression, e.g.{' '}
                <code>Order number | \bORD-\d{'{6}'}\b</code>. Delete a line to remove a pattern.
              </>
            }
            textareaProps={{
              ...getTextareaProps(fields.redactionPatterns),
              rows: 8,
              spellCheck: false,
            }}
            errors={fields.redactionPatterns.errors}
          />
        </fieldset>
        <fieldset>
          <legend>E-mail (SMTP)</legend>
          {publicUrlSet ? null : (
            <p className="notice">
              PUBLIC_URL is not set: links in e-mail point at {origin}. Set PUBLIC_URL to the
              site&apos;s address.
            </p>
          )}
          <Field
            className="field field-checkbox"
            labelProps={{ children: 'Send e-mail notifications' }}
            hint="Off: Peerdesk sends no e-mail at all."
            inputProps={getInputProps(fields.emailEnabled, { type: 'checkbox' })}
            errors={fields.emailEnabled.errors}
          />
          <Field
            labelProps={{ children: 'SMTP host' }}
            inputProps={getInputProps(fields.smtpHost, { type: 'text' })}
            errors={fields.smtpHost.errors}
          />
          <Field
            labelProps={{ children: 'SMTP port' }}
            inputProps={{
              ...getInputProps(fields.smtpPort, { type: 'text' }),
              inputMode: 'numeric',
            }}
            errors={fields.smtpPort.errors}
          />
          <Field
            className="field field-checkbox"
            labelProps={{ children: 'Use TLS from the start (port 465)' }}
            hint="Off: STARTTLS when the server offers it."
            inputProps={getInputProps(fields.smtpSecure, { type: 'checkbox' })}
            errors={fields.smtpSecure.errors}
          />
          <Field
            labelProps={{ children: 'SMTP user' }}
            hint="Blank: send without logging in."
            inputProps={{
              ...getInputProps(fields.smtpUser, { type: 'text' }),
              autoComplete: 'off',
            }}
            errors={fields.smtpUser.errors}
          />
          <Field
            labelProps={{ children: 'SMTP password' }}
            hint={
              smtp?.hasPassword
                ? 'A password is stored. Leave blank to keep it.'
                : 'No password is stored.'
            }
            inputProps={{
              ...getInputProps(fields.smtpPassword, { type: 'password' }),
              defaultValue: undefined,
              autoComplete: 'new-password',
            }}
            errors={fields.smtpPassword.errors}
          />
          <Field
            labelProps={{ children: 'From address' }}
            hint="For example: Peerdesk <help@example.com>"
            inputProps={getInputProps(fields.smtpFrom, { type: 'text' })}
            errors={fields.smtpFrom.errors}
          />
        </fieldset>
        <button type="submit" className="btn">
          Save settings
        </button>
      </Form>

      <h2>E-mail delivery</h2>
      <p className="muted">
        {outbox.sent} sent · {outbox.waiting} waiting ({outbox.retrying} being retried) ·{' '}
        {outbox.givenUp} given up
        {outbox.lastError ? ` · last error: ${outbox.lastError}` : ''}
      </p>
      <Form method="post" className="settings-test">
        <input type="hidden" name="intent" value="test" />
        <button type="submit" className="btn" disabled={!smtp}>
          Send a test message
        </button>
        {test ? (
          <p
            role={test.error ? 'alert' : 'status'}
            className={test.error ? 'field-errors' : 'muted'}
          >
            {test.error
              ? `The test message failed: ${test.error}`
              : `Sent a test message to ${test.to}.`}
          </p>
        ) : null}
      </Form>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
