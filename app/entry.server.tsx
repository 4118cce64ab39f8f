import type { AppLoadContext, EntryContext } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { renderDocument } from './lib/render-document.server.ts'
import { NonceProvider } from './lib/nonce.tsx'

// The process helpers server.ts takes from this build (one module graph; see process.server.ts).
export * as serverProcess from './lib/process.server.ts'

/** How long Remix streams loader data; the render as a whole gets a second more. */
export const streamTimeout = 5_000

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce
  return renderDocument(
    <NonceProvider value={nonce}>
      <RemixServer context={remixContext} url={request.url} nonce={nonce} />
    </NonceProvider>,
    {
      status: responseStatusCode,
      headers: responseHeaders,
      nonce,
      timeoutMs: streamTimeout + 1_000,
      label: `${request.method} ${new URL(request.url).pathname}`,
    },
  )
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return
  console.error(`Unexpected error for ${request.method} ${new URL(request.url).pathname}:`, error)
}
