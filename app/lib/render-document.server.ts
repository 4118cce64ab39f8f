// Renders a page to HTML for one request. The whole page is ready before its status goes out:
// with the status sent first, a render cut off by the timeout (a busy event loop, a stuck
// boundary) would reach the reader as a 200 with half its data and no sign of the failure.
// A page that misses its time is answered 503 with a short page that says so, and logged.
import { PassThrough } from 'node:stream'
import { createReadableStreamFromReadable } from '@remix-run/node'
import type { ReactNode } from 'react'
import { renderToPipeableStream } from 'react-dom/server'

export interface RenderOptions {
  status: number
  headers: Headers
  nonce?: string
  timeoutMs: number
  /** What the log line names (the request's method and path). */
  label: string
}

const TIMED_OUT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Try again — Peerdesk</title></head><body><h1>This page took too long</h1><p>Please try again in a moment.</p></body></html>`

export function renderDocument(element: ReactNode, options: RenderOptions): Promise<Response> {
  let status = options.status
  return new Promise<Response>((resolve, reject) => {
    let timedOut = false
    const timedOutResponse = () => {
      console.error(`[render] ${options.label} took over ${options.timeoutMs} ms: answered 503.`)
      return new Response(TIMED_OUT_PAGE, {
        status: 503,
        headers: { 'Content-Type': 'text/html; charset=utf-8', 'Retry-After': '5' },
      })
    }
    const { pipe, abort } = renderToPipeableStream(element, {
      nonce: options.nonce,
      onAllReady() {
        clearTimeout(timer)
        if (timedOut) return resolve(timedOutResponse())
        const body = new PassThrough()
        options.headers.set('Content-Type', 'text/html; charset=utf-8')
        resolve(
          new Response(createReadableStreamFromReadable(body), {
            headers: options.headers,
            status,
          }),
        )
        pipe(body)
      },
      onShellError(error: unknown) {
        clearTimeout(timer)
        if (timedOut) resolve(timedOutResponse())
        else reject(error)
      },
      onError(error: unknown) {
        status = 500
        if (!timedOut) console.error(error)
      },
    })
    const timer = setTimeout(() => {
      timedOut = true
      abort()
    }, options.timeoutMs)
  })
}
