// The HTTP client the Meilisearch adapter hands to the official client. Measured here (2 000
// documents, loopback): through fetch/undici each keep-alive search took a steady ~44 ms —
// a delayed-ACK stall, since `Connection: close` took 2 ms — while node:http with a keep-alive
// agent took ~1 ms. The client's `httpClient` option is marked deprecated upstream; when it
// goes, this is the place to revisit.
import http from 'node:http'
import https from 'node:https'
import { MeilisearchApiError } from 'meilisearch'

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 16 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 16 }),
}

/** fetch-shaped, returns the parsed JSON body; API errors become MeilisearchApiError. */
export function nodeHttpClient(
  input: Parameters<typeof fetch>[0],
  init: RequestInit = {},
): Promise<unknown> {
  const url = new URL(input instanceof Request ? input.url : String(input))
  const transport = url.protocol === 'https:' ? https : http
  const headers: Record<string, string> = Object.fromEntries(new Headers(init.headers).entries())
  const body = typeof init.body === 'string' ? init.body : undefined
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body))
  const signal = init.signal ?? undefined
  return new Promise((resolvePromise, rejectPromise) => {
    if (signal?.aborted) {
      rejectPromise(signal.reason)
      return
    }
    // The abort listener is removed as soon as the call settles: the client may reuse one
    // signal for many calls (waiting for a task), and listeners must not pile up on it.
    const onAbort = () =>
      request.destroy(signal?.reason instanceof Error ? signal.reason : undefined)
    const settle = () => signal?.removeEventListener('abort', onAbort)
    const resolve = (value: unknown) => {
      settle()
      resolvePromise(value)
    }
    const reject = (error: unknown) => {
      settle()
      rejectPromise(error)
    }
    const request = transport.request(
      url,
      {
        method: init.method ?? 'GET',
        headers,
        agent: agents[url.protocol as keyof typeof agents],
      },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('error', reject)
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let parsed: unknown
          try {
            parsed = text === '' ? undefined : JSON.parse(text)
          } catch (error) {
            reject(error)
            return
          }
          const status = response.statusCode ?? 0
          if (status >= 200 && status < 300) {
            resolve(parsed)
            return
          }
          const headers = new Headers()
          for (const [name, value] of Object.entries(response.headers)) {
            if (typeof value === 'string') headers.set(name, value)
          }
          // The shape the official client gives its own API errors (message, code, link…).
          reject(new MeilisearchApiError(new Response(text, { status, headers }), parsed as never))
        })
      },
    )
    signal?.addEventListener('abort', onAbort, { once: true })
    request.on('error', reject)
    request.end(body)
  })
}

/** The API error behind an error from the client (its request wrapper keeps it as `cause`). */
export function apiErrorOf(error: unknown): MeilisearchApiError | null {
  if (error instanceof MeilisearchApiError) return error
  const cause = (error as { cause?: unknown } | null)?.cause
  return cause instanceof MeilisearchApiError ? cause : null
}
