import { describe, expect, it } from 'vitest'
import {
  bodySizeProblem,
  bodyTypeProblem,
  isAllowedOrigin,
  MAX_BODY_BYTES,
} from '#app/lib/request-guards.server.ts'

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

describe('body type', () => {
  const unsubscribe = `/email/unsubscribe/12.${'a'.repeat(32)}`
  it('lets url-encoded forms and bodiless requests through', () => {
    expect(
      bodyTypeProblem('POST', 'application/x-www-form-urlencoded;charset=UTF-8', '12', undefined),
    ).toBeNull()
    expect(bodyTypeProblem('POST', 'application/json', '0', undefined)).toBeNull()
    expect(bodyTypeProblem('POST', undefined, undefined, undefined)).toBeNull()
    expect(bodyTypeProblem('GET', 'application/json', '10', undefined)).toBeNull()
  })

  it('refuses JSON, text and multipart bodies with 415 (no form of the site sends them)', () => {
    for (const type of ['application/json', 'text/plain', 'multipart/form-data; boundary=b', '']) {
      expect(bodyTypeProblem('POST', type, '10', undefined)?.status).toBe(415)
    }
    expect(bodyTypeProblem('POST', 'application/json', undefined, 'chunked')?.status).toBe(415)
  })

  it('takes a mail provider’s multipart one-click unsubscribe (RFC 8058), on that path only', () => {
    expect(
      bodyTypeProblem('POST', 'multipart/form-data; boundary=b', '40', undefined, unsubscribe),
    ).toBeNull()
    expect(
      bodyTypeProblem(
        'POST',
        'multipart/form-data; boundary=b',
        '40',
        undefined,
        `${unsubscribe}?x`,
      ),
    ).not.toBeNull()
  })
})
