import { describe, expect, it } from 'vitest'
import { bodySizeProblem, isAllowedOrigin, MAX_BODY_BYTES } from '#app/lib/request-guards.server.ts'

describe('Origin check on non-GET requests', () => {
  it('lets reads through without an Origin', () => {
    expect(isAllowedOrigin('GET', undefined, 'peerdesk.test')).toBe(true)
    expect(isAllowedOrigin('HEAD', undefined, 'peerdesk.test')).toBe(true)
  })
  it('accepts a same-origin POST and refuses cross-site or missing origins', () => {
    expect(isAllowedOrigin('POST', 'https://peerdesk.test', 'peerdesk.test')).toBe(true)
    expect(isAllowedOrigin('POST', 'http://localhost:3000', 'localhost:3000')).toBe(true)
    expect(isAllowedOrigin('POST', 'https://evil.test', 'peerdesk.test')).toBe(false)
    expect(isAllowedOrigin('POST', 'https://peerdesk.test.evil.test', 'peerdesk.test')).toBe(false)
    expect(isAllowedOrigin('POST', undefined, 'peerdesk.test')).toBe(false)
    expect(isAllowedOrigin('DELETE', 'null', 'peerdesk.test')).toBe(false)
  })
  it('lets a mail provider POST a one-click unsubscribe link, and only that exact path', () => {
    const token = `42.${'a'.repeat(32)}`
    expect(isAllowedOrigin('POST', undefined, 'peerdesk.test', `/email/unsubscribe/${token}`)).toBe(
      true,
    )
    for (const url of [
      `/email/unsubscribe/${token}?next=/logout`,
      `/email/unsubscribe/${token}/x`,
      '/email/unsubscribe/42.short',
      `/logout?/email/unsubscribe/${token}`,
      '/questions/1/x',
    ]) {
      expect(isAllowedOrigin('POST', undefined, 'peerdesk.test', url), url).toBe(false)
    }
    expect(
      isAllowedOrigin('DELETE', undefined, 'peerdesk.test', `/email/unsubscribe/${token}`),
    ).toBe(false)
  })
})

describe('body size limit', () => {
  it('refuses bodies over 1 MB before parsing', () => {
    expect(bodySizeProblem('POST', String(MAX_BODY_BYTES), undefined)).toBeNull()
    expect(bodySizeProblem('POST', String(MAX_BODY_BYTES + 1), undefined)?.status).toBe(413)
    expect(bodySizeProblem('POST', 'abc', undefined)?.status).toBe(413)
  })
  it('requires a length for streamed bodies', () => {
    expect(bodySizeProblem('POST', undefined, 'chunked')?.status).toBe(411)
    expect(bodySizeProblem('GET', undefined, 'chunked')).toBeNull()
  })
})
