// Site settings: defaults until an admin changes them, validated before anything is written,
// admins only, and every change on the moderation log with its value before (SMTP password hidden).
import { desc, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { moderationLog, siteSettings } from '#db/schema.ts'
import { FieldError, PermissionError } from '#app/models/errors.server.ts'
import {
  DEFAULT_REDACTION_PATTERNS,
  getSetting,
  getSiteSettings,
  updateSiteSettings,
} from '#app/models/site-settings.server.ts'
import { makeUser } from '#tests/fixtures/factories.ts'

describe('site settings', () => {
  it('reads the defaults until a setting is changed', () => {
    expect(getSiteSettings()).toEqual({
      firstResponseTargetMinutes: 60,
      reverifyAfterDays: 180,
      routingEnabled: true,
      expertsPerRound: 3,
      redactionPatterns: DEFAULT_REDACTION_PATTERNS,
      smtp: null,
    })
  })

  it('lets an admin change them, logging each change with the value before', () => {
    const admin = makeUser({ role: 'admin' })
    const changed = updateSiteSettings(admin, {
      firstResponseTargetMinutes: 30,
      routingEnabled: true, // unchanged: not logged
      smtp: {
        host: '127.0.0.1',
        port: 2525,
        secure: false,
        user: 'u',
        password: 'secret',
        from: 'Help <help@example.com>',
      },
    })
    expect(changed).toEqual(['firstResponseTargetMinutes', 'smtp'])
    expect(getSetting('firstResponseTargetMinutes')).toBe(30)
    expect(getSetting('smtp')?.password).toBe('secret')
    const entries = db.select().from(moderationLog).orderBy(desc(moderationLog.id)).all()
    expect(entries.map((e) => [e.action, e.targetType, e.reason])).toEqual([
      ['settings-change', 'site', 'smtp'],
      ['settings-change', 'site', 'firstResponseTargetMinutes'],
    ])
    expect(entries[1]!.before).toEqual({ firstResponseTargetMinutes: 60 })
    expect(entries[1]!.after).toEqual({ firstResponseTargetMinutes: 30 })
    expect(JSON.stringify(entries[0]!.after)).not.toContain('secret')
  })

  it('refuses bad values by field and writes nothing of the change', () => {
    const admin = makeUser({ role: 'admin' })
    let error: unknown
    try {
      updateSiteSettings(admin, {
        reverifyAfterDays: 90,
        expertsPerRound: 0,
        redactionPatterns: [{ label: 'Broken', pattern: '(' }],
      })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(FieldError)
    expect(Object.keys((error as FieldError).fieldErrors).sort()).toEqual([
      'expertsPerRound',
      'redactionPatterns',
    ])
    expect(getSetting('reverifyAfterDays')).toBe(180)
    expect(
      db.select().from(siteSettings).where(eq(siteSettings.key, 'reverifyAfterDays')).get(),
    ).toBeUndefined()
  })

  it('is for admins only', () => {
    for (const role of ['member', 'staff', 'moderator'] as const) {
      expect(() => updateSiteSettings(makeUser({ role }), { reverifyAfterDays: 30 })).toThrow(
        PermissionError,
      )
    }
    expect(
      db.select().from(siteSettings).where(eq(siteSettings.key, 'reverifyAfterDays')).get(),
    ).toBeUndefined()
  })
})
