import type { Session, SessionUser } from '#app/lib/auth.server.ts'

declare module '@remix-run/node' {
  interface AppLoadContext {
    user: SessionUser | null
    session: Session | null
    cspNonce: string
    /** The client address (X-Forwarded-For only when TRUST_PROXY is on). */
    ip: string
  }
}

export {}
