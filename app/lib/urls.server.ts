import { env } from './env.server.ts'

/** The site's public origin: PUBLIC_URL when set (behind proxies, CDNs), else the request's. */
export function publicOrigin(request: Request): string {
  const configured = env().PUBLIC_URL
  return (configured ? new URL(configured) : new URL(request.url)).origin
}

export const threadPath = (q: { id: number; slug: string }) => `/questions/${q.id}/${q.slug}`
