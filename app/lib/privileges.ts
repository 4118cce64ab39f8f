// Who may do what: roles first, then reputation (the SPEC's thresholds). Pure, so the UI can
// explain a locked action and the server can refuse it with the same rule.
import type { Role } from '#db/schema.ts'

export const PRIVILEGES = {
  upvote: 15,
  commentAnywhere: 50,
  downvote: 125,
  citizenExpert: 1_000,
  editAny: 2_000,
  voteToClose: 3_000,
} as const
export type Privilege = keyof typeof PRIVILEGES

const PRIVILEGE_LABELS: Record<Privilege, string> = {
  upvote: 'upvote',
  commentAnywhere: "comment on other people's posts",
  downvote: 'downvote',
  citizenExpert: 'be a citizen expert',
  editAny: "edit other people's posts",
  voteToClose: 'vote to close',
}

export interface Actor {
  id: number
  role: Role
  reputation: number
}

const ROLE_RANK: Record<Role, number> = { member: 0, staff: 1, moderator: 2, admin: 3 }

export function hasRole(actor: Pick<Actor, 'role'>, role: Role): boolean {
  return ROLE_RANK[actor.role] >= ROLE_RANK[role]
}

export const isStaff = (actor: Pick<Actor, 'role'>) => hasRole(actor, 'staff')

/** Reputation as people see it: the ledger's sum, never below 1. */
export const displayReputation = (sum: number) => Math.max(1, sum)

export function hasPrivilege(actor: Actor, privilege: Privilege): boolean {
  // Staff, moderators and admins have what their role needs whatever their reputation.
  if (isStaff(actor) && privilege !== 'citizenExpert') return true
  return displayReputation(actor.reputation) >= PRIVILEGES[privilege]
}

export function privilegeMessage(privilege: Privilege): string {
  return `You need ${PRIVILEGES[privilege].toLocaleString('en-US')} reputation to ${PRIVILEGE_LABELS[privilege]}.`
}

export const isCitizenExpert = (reputation: number) =>
  displayReputation(reputation) >= PRIVILEGES.citizenExpert
