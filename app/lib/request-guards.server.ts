// Checks every request passes before Remix sees it (CSRF, oversized and mistyped bodies).

export const MAX_BODY_BYTES = 1024 * 1024

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

// RFC 8058 one-click unsubscribe: a mail provider POSTs the List-Unsubscribe URL from its own
// servers (no Origin of ours). The signed token in the path is what authorizes it, and all it
// can do is stop e-mail (app/routes/email.unsubscribe.$token.tsx): exactly this path, no query.
const ONE_CLICK_UNSUBSCRIBE = /^\/email\/unsubscribe\/\d{1,15}\.[\w-]{32}$/

/**
 * Cross-site request forgery guard: a state-changing request must carry an Origin header
 * naming this host (browsers send it on every cross- and same-origin POST). The one exception
 * is a POST to a one-click unsubscribe link (`url`: the request's path and query).
 */
export function isAllowedOrigin(
  method: string,
  origin: string | undefined,
  host: string | undefined,
  url?: string,
) {
  if (SAFE_METHODS.has(method.toUpperCase())) return true
  if (method.toUpperCase() === 'POST' && url !== undefined && ONE_CLICK_UNSUBSCRIBE.test(url)) {
    return true
  }
  if (!origin || !host) return false
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase()
  } catch {
    return false
  }
}

/** Bodies are refused before parsing when they announce more than 1 MB or no length at all. */
export function bodySizeProblem(
  method: string,
  contentLength: string | undefined,
  transferEncoding: string | undefined,
): { status: 411 | 413; message: string } | null {
  if (SAFE_METHODS.has(method.toUpperCase())) return null
  if (contentLength === undefined) {
    return transferEncoding
      ? { status: 411, message: 'A Content-Length header is required.' }
      : null
  }
  const length = Number(contentLength)
  if (!Number.isFinite(length) || length > MAX_BODY_BYTES) {
    return { status: 413, message: 'The request is larger than 1 MB.' }
  }
  return null
}

const FORM_BODY = 'application/x-www-form-urlencoded'

/**
 * Every form of the site posts url-encoded fields (none uploads a file) and no endpoint takes
 * JSON: any other body would only reach an action's formData() to fail there as a 500. A mail
 * provider's one-click unsubscribe may come as multipart/form-data, which RFC 8058 recommends.
 * Bodiless requests pass, whatever they say their type is.
 */
export function bodyTypeProblem(
  method: string,
  contentType: string | undefined,
  contentLength: string | undefined,
  transferEncoding: string | undefined,
  url?: string,
): { status: 415; message: string } | null {
  if (SAFE_METHODS.has(method.toUpperCase())) return null
  if (!transferEncoding && (contentLength === undefined || Number(contentLength) === 0)) return null
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
  if (type === FORM_BODY) return null
  if (type === 'multipart/form-data' && url !== undefined && ONE_CLICK_UNSUBSCRIBE.test(url)) {
    return null
  }
  return { status: 415, message: `Send the form's fields as ${FORM_BODY}.` }
}
