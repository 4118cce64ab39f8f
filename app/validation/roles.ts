import { z } from 'zod'
import { optionalReason } from './reasons.ts'
import type { Actor } from '#app/lib/privileges.ts'

type Role = Actor['role']

export const ROLE_LABELS: Record<Role, string> = {
  member: 'Member',
  staff: 'Staff',
  moderator: 'Moderator',
  admin: 'Admin',
}
const ROLE_CHOICES = Object.keys(ROLE_LABELS) as [Role, ...Role[]]

export const roleChangeSchema = z.object({
  userId: z.coerce.number({ error: 'Choose a member' }).int().positive('Choose a member'),
  role: z.enum(ROLE_CHOICES, { error: 'Choose one of the roles' }),
  reason: optionalReason(),
})

export const userSearchSchema = z.object({
  q: z.string().trim().max(100, 'Search at most 100 characters').optional().default(''),
})
