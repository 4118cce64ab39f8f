// A page goes out whole or not at all: a render that misses its time is a visible 503, never a
// 200 with half the page.
import { createElement, Suspense } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { renderDocument } from '#app/lib/render-document.server.ts'

/** A part of the page that waits for data that never comes. */
function NeverReady(): never {
  throw new Promise(() => {})
}

let resolveLate: () => void = () => {}
const late = new Promise<void>((resolve) => (resolveLate = resolve))
let lateDone = false
void late.then(() => (lateDone = true))
/** A part of the page that is ready once the test says so. */
function ReadyLater() {
  if (!lateDone) throw late
  return createElement('p', null, 'the late part')
}

const page = (child: ReturnType<typeof createElement>) =>
  createElement(
    'html',
    null,
    createElement(
      'body',
      null,
      createElement('h1', null, 'Thread'),
      createElement(Suspense, { fallback: createElement('p', null, 'loading') }, child),
    ),
  )

const options = (timeoutMs: number) => ({
  status: 200,
  headers: new Headers({ 'X-Kept': 'yes' }),
  nonce: 'n0nce',
  timeoutMs,
  label: 'GET /questions/1/x',
})

afterEach(() => vi.restoreAllMocks())

describe('renderDocument', () => {
  it('answers with the whole page once every part is ready', async () => {
    const rendering = renderDocument(page(createElement(ReadyLater)), options(5_000))
    resolveLate()
    const response = await rendering
    expect(response.status).toBe(200)
    expect(response.headers.get('X-Kept')).toBe('yes')
    const html = await response.text()
    expect(html).toContain('the late part')
    expect(html).not.toContain('loading')
  })

  it('answers 503 and logs when a part misses the time, never a 200 with half the page', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    const response = await renderDocument(page(createElement(NeverReady)), options(30))
    expect(response.status).toBe(503)
    expect(response.headers.get('Retry-After')).toBe('5')
    const html = await response.text()
    expect(html).toContain('This page took too long')
    expect(html).not.toContain('Thread')
    expect(logged.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(
      /GET \/questions\/1\/x took over 30 ms: answered 503/,
    )
  })
})
