// Granting and revoking roles: admins only, every change on the moderation log with the role
// before it, the last admin never left without their role; the member search reads indexes.
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { moderationLog, users, type Role } from '#db/schema.ts'
import { FieldError, NotFoundError, PermissionError } from '#app/models/errors.server.ts'
import { moderationLogPage } from '#app/models/moderation-log.server.ts'
import { changeRole, findUsersForAdmin } from '#app/models/roles.server.ts'
import { makeUser, reload } from '#tests/fixtures/factories.ts'
import { plansOf, scansIn } from '#tests/fixtures/query-plans.ts'

type ActorKind = 'member' | 'member at 3 000' | 'staff' | 'moderator' | 'admin' | 'suspended admin'

function actorOf(kind: ActorKind) {
  if (kind === 'member') return makeUser()
  if (kind === 'member at 3 000') return makeUser({ reputation: 3_000 })
  if (kind === 'suspended admin') {
    const admin = makeUser({ role: 'admin' })
    db.update(users).set({ status: 'suspended' }).where(eq(users.id, admin.id)).run()
    return reload(admin)
  }
  return makeUser({ role: kind })
}

const roleOf = (id: number) =>
  db.select({ role: users.role }).from(users).where(eq(users.id, id)).get()!.role

describe('changeRole', () => {
  const cases: [ActorKind, Role, boolean][] = [
    ['member', 'moderator', false],
    ['member at 3 000', 'staff', false],
    ['staff', 'staff', false],
    ['moderator', 'moderator', false],
    ['suspended admin', 'staff', false],
    ['admin', 'staff', true],
    ['admin', 'moderator', true],
    ['admin', 'admin', true],
  ]
  it.each(cases)('%s making a member %s: allowed %s', (kind, role, allowed) => {
    const actor = actorOf(kind)
    const target = makeUser()
    const change = () => changeRole(actor, { userId: target.id, role, reason: 'Helps in #router' })
    if (!allowed) {
      expect(change).toThrow(PermissionError)
      expect(roleOf(target.id)).toBe('member')
      expect(moderationLogPage({ target: { type: 'user', id: target.id } }).entries).toEqual([])
      return
    }
    expect(change()).toEqual({ userId: target.id, before: 'member', after: role })
    expect(roleOf(target.id)).toBe(role)
    const [entry] = moderationLogPage({ target: { type: 'user', id: target.id } }).entries
    expect(entry).toMatchObject({
      action: 'role-change',
      actorHandle: actor.handle,
      reason: 'Helps in #router',
      before: { role: 'member' },
      after: { role },
      target: { label: `@${target.handle}`, href: `/users/${target.handle}` },
    })
  })

  it('revokes a role back to member, logged with the role it had', () => {
    const admin = makeUser({ role: 'admin' })
    const moderator = makeUser({ role: 'moderator' })
    changeRole(admin, { userId: moderator.id, role: 'member' })
    expect(roleOf(moderator.id)).toBe('member')
    const [entry] = moderationLogPage({ target: { type: 'user', id: moderator.id } }).entries
    expect(entry).toMatchObject({ before: { role: 'moderator' }, after: { role: 'member' } })
  })

  it('refuses the role someone already has as a field error, and an unknown member as not found', () => {
    const admin = makeUser({ role: 'admin' })
    const staff = makeUser({ role: 'staff' })
    expect(() => changeRole(admin, { userId: staff.id, role: 'staff' })).toThrow(FieldError)
    expect(() => changeRole(admin, { userId: 999_999_999, role: 'staff' })).toThrow(NotFoundError)
  })

  it('never takes the last admin’s own role; with a second admin it may go', () => {
    // Only this test's admins may be active admins: earlier tests' admins step aside first.
    db.update(users).set({ role: 'member' }).where(eq(users.role, 'admin')).run()
    const last = makeUser({ role: 'admin' })
    expect(() => changeRole(last, { userId: last.id, role: 'moderator' })).toThrow(/last admin/)
    expect(roleOf(last.id)).toBe('admin')
    const second = makeUser({ role: 'admin' })
    changeRole(last, { userId: last.id, role: 'moderator' })
    expect(roleOf(last.id)).toBe('moderator')
    // The second admin is now the last one; they may still demote others, never themselves.
    expect(() => changeRole(second, { userId: second.id, role: 'member' })).toThrow(/last admin/)
  })
})

describe('the member search of /admin/users', () => {
  it('finds by the start of a handle in any case, or of an e-mail, and lists who holds a role', () => {
    const zed = makeUser({ handle: `zed_${Date.now().toString(36)}` })
    const staff = makeUser({ role: 'staff' })
    expect(findUsersForAdmin(zed.handle.slice(0, 8).toUpperCase()).map((u) => u.id)).toContain(
      zed.id,
    )
    expect(findUsersForAdmin(`${zed.handle.toLowerCase()}@`).map((u) => u.id)).toEqual([zed.id])
    const holders = findUsersForAdmin('')
    expect(holders.map((u) => u.id)).toContain(staff.id)
    expect(holders.every((u) => u.role !== 'member')).toBe(true)
  })

  it('reads index ranges, never a scan of users, and the log reads by id', () => {
    const plans = plansOf(() => {
      findUsersForAdmin('ze')
      findUsersForAdmin('ze@example')
      findUsersForAdmin('')
      const { nextBefore } = moderationLogPage()
      moderationLogPage({ before: nextBefore ?? 1_000 })
    })
    expect(plans.length).toBeGreaterThanOrEqual(4)
    for (const { sql, plan } of plans) {
      // The partial index holds only those with a role: reading it all is bounded by them.
      // The log is read in id order under a LIMIT (a SCAN that stops): no sort of it all.
      expect({ sql, plan }).not.toMatchObject({ plan: expect.stringMatching(/TEMP B-TREE/) })
      const scans = scansIn(plan).filter((step) => step !== 'SCAN users USING INDEX users_role_idx')
      expect({ sql, scans }).toEqual({ sql, scans: [] })
    }
    expect(plans.map((p) => p.plan).join('\n')).toContain('users_role_idx')
  })
})

describe('the moderation log', () => {
  it('pages newest first by id', () => {
    const admin = makeUser({ role: 'admin' })
    const targets = Array.from({ length: 3 }, () => makeUser())
    for (const t of targets) changeRole(admin, { userId: t.id, role: 'staff' })
    const ours = (ids: number[]) => ids.filter((id) => targets.some((t) => t.id === id))
    const first = moderationLogPage()
    expect(ours(first.entries.map((e) => e.targetId))).toEqual(targets.map((t) => t.id).reverse())
    expect(db.select().from(moderationLog).all().length).toBeGreaterThanOrEqual(3)
  })
})
