import { isRouteErrorResponse, Link, useRouteError, type ErrorResponse } from '@remix-run/react'
import type { ReactNode } from 'react'

type StatusHandler = (info: { error: ErrorResponse }) => ReactNode

const defaultHandlers: Record<number, StatusHandler> = {
  403: ({ error }) => (
    <>
      <h1>Not allowed</h1>
      <p>
        {typeof error.data === 'string' && error.data
          ? error.data
          : 'You do not have permission to do that.'}
      </p>
    </>
  ),
  404: () => (
    <>
      <h1>Page not found</h1>
      <p>We could not find that page. It may have been moved or deleted.</p>
      <p>
        <Link to="/questions">Browse questions</Link> or{' '}
        <Link to="/search">search the community</Link>.
      </p>
    </>
  ),
  429: ({ error }) => (
    <>
      <h1>Slow down</h1>
      <p>{typeof error.data === 'string' ? error.data : 'Too many requests. Try again shortly.'}</p>
    </>
  ),
}

/** One error page for every route: a handler per status, and no raw error text for users. */
export function GeneralErrorBoundary({
  statusHandlers = {},
}: {
  statusHandlers?: Record<number, StatusHandler>
}) {
  const error = useRouteError()
  if (typeof document !== 'undefined') console.error(error)
  const handlers = { ...defaultHandlers, ...statusHandlers }
  return (
    <div className="error-page" role="alert">
      {isRouteErrorResponse(error) ? (
        (handlers[error.status]?.({ error }) ?? (
          <>
            <h1>
              {error.status} {error.statusText}
            </h1>
            <p>Something went wrong with this request.</p>
          </>
        ))
      ) : (
        <>
          <h1>Something went wrong</h1>
          <p>An unexpected error happened on our side. It has been logged; please try again.</p>
          <p>
            <Link to="/">Back to the home page</Link>
          </p>
        </>
      )}
    </div>
  )
}
