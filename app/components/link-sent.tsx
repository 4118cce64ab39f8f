// The page after a form that e-mails a one-time link (sign-up, password reset): the same words
// whether or not the address has an account, and what to do when nothing arrives.
import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'

export function LinkSent({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="narrow auth-page">
      <h1>{title}</h1>
      <p role="status">{children}</p>
      <p className="muted">
        Nothing there after a few minutes? Look in your spam folder, check the address, or{' '}
        <Link to=".">try again</Link>.
      </p>
    </div>
  )
}
