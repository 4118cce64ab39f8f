import './lib/zod-config.ts'
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteLoaderData,
} from '@remix-run/react'
import type { ReactNode } from 'react'
import { GeneralErrorBoundary } from './components/error-boundary.tsx'
import { LiveEventsProvider } from './components/live/live-events.tsx'
import { NotificationsLink } from './components/live/notifications-link.tsx'
import { UserBadges } from './components/user-link.tsx'
import { useNonce } from './lib/nonce.tsx'
import { displayReputation, hasRole } from './lib/privileges.ts'
import { unreadNotificationCount } from './models/notifications.server.ts'
import { suspensionEnd, suspensionMessage } from './models/permissions.server.ts'
import type { SessionUser } from './lib/auth.server.ts'
import appStyles from './styles/app.css?url'
import { publicOrigin } from './lib/urls.server.ts'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: appStyles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
  {
    rel: 'alternate',
    type: 'application/atom+xml',
    title: 'Newest questions',
    href: '/feeds/questions.atom',
  },
]

export const meta: MetaFunction = () => [
  { title: 'Peerdesk — answers from the Nimbus Home community' },
  {
    name: 'description',
    content:
      'Ask the community, find resolved answers, and get help from citizen experts and staff.',
  },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = context.user
  return {
    origin: publicOrigin(request),
    user: user
      ? {
          id: user.id,
          handle: user.handle,
          displayName: user.displayName,
          role: user.role,
          reputation: user.reputation,
        }
      : null,
    unread: user ? unreadNotificationCount(user.id) : 0,
    suspension: user ? suspensionNotice(user) : null,
  }
}

/** What a suspended member reads on every page: why, until when, and what they can still do. */
function suspensionNotice(user: SessionUser) {
  const until = suspensionEnd(user)
  if (until == null) return null
  return `${suspensionMessage(until, user.suspensionReason)} You can read and log in, but not post, vote or flag.`
}

export function useOptionalUser() {
  return useRouteLoaderData<typeof loader>('root')?.user ?? null
}

function Document({ children }: { children: ReactNode }) {
  const nonce = useNonce()
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

function Header() {
  const data = useRouteLoaderData<typeof loader>('root')
  const user = data?.user ?? null
  return (
    <header className="site-header">
      <div className="container header-row">
        <Link to="/" className="brand" aria-label="Peerdesk home">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>{' '}
          Peerdesk
        </Link>
        <nav aria-label="Main" className="main-nav">
          <NavLink to="/questions">Questions</NavLink>
          <NavLink to="/tags">Tags</NavLink>
          <NavLink to="/experts">Experts</NavLink>
          <NavLink to="/badges">Badges</NavLink>
          {user && hasRole(user, 'staff') ? <NavLink to="/staff">Staff</NavLink> : null}
          {user && hasRole(user, 'moderator') ? <NavLink to="/mod">Moderation</NavLink> : null}
          {user && hasRole(user, 'admin') ? <NavLink to="/admin/users">Roles</NavLink> : null}
        </nav>
        <form method="get" action="/search" role="search" className="header-search">
          <label htmlFor="site-search" className="sr-only">
            Search
          </label>
          <input
            id="site-search"
            type="search"
            name="q"
            placeholder="Search resolved answers…"
            aria-label="Search"
          />
        </form>
        <div className="header-user">
          <Link to="/questions/ask" className="btn btn-small btn-ask">
            Ask question
          </Link>
          {user ? (
            <>
              <NotificationsLink unread={data?.unread ?? 0} />
              <Link to={`/users/${user.handle}`} className="me">
                {user.displayName}
                <span className="rep" title="reputation">
                  {displayReputation(user.reputation).toLocaleString('en-US')}
                </span>
                <UserBadges role={user.role} reputation={user.reputation} />
              </Link>
              <Form method="post" action="/logout">
                <button type="submit" className="btn btn-link">
                  Log out
                </button>
              </Form>
            </>
          ) : (
            <>
              <Link to="/login">Log in</Link>
              <Link to="/signup" className="btn btn-small">
                Sign up
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  )
}

export function Layout({ children }: { children: ReactNode }) {
  return <Document>{children}</Document>
}

export default function App() {
  const { user, suspension } = useLoaderData<typeof loader>()
  return (
    <LiveEventsProvider signedIn={user != null}>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <Header />
      <main id="main" className="container">
        {suspension ? (
          <p className="notice suspension-notice" role="alert">
            {suspension}
          </p>
        ) : null}
        <Outlet />
      </main>
      <footer className="site-footer">
        <div className="container">
          Peerdesk — the Nimbus Home community. Answers marked <strong>Official</strong> are
          endorsed by Nimbus staff.
        </div>
      </footer>
    </LiveEventsProvider>
  )
}

export function ErrorBoundary() {
  return (
    <>
      <Header />
      <main id="main" className="container">
        <GeneralErrorBoundary />
      </main>
    </>
  )
}
