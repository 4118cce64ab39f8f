import { Link } from '@remix-run/react'
import type { Role } from '#db/schema.ts'
import { DELETED_USER_NAME, isDeletedHandle } from '#app/lib/deleted-user.ts'
import { displayReputation, isCitizenExpert } from '#app/lib/privileges.ts'

export interface UserSummary {
  handle: string
  displayName: string
  role: Role
  reputation: number
}

export function UserBadges({ role, reputation }: { role: Role; reputation: number }) {
  return (
    <>
      {role === 'staff' || role === 'admin' ? (
        <span className="badge badge-staff">Staff</span>
      ) : null}
      {role === 'moderator' ? <span className="badge badge-staff">Moderator</span> : null}
      {role === 'member' && isCitizenExpert(reputation) ? (
        <span className="badge badge-expert" title="Citizen expert: 1,000+ reputation">
          Citizen expert
        </span>
      ) : null}
    </>
  )
}

/** A person's name with their reputation and badges, linking to their profile. */
export function UserLink({ user }: { user: UserSummary }) {
  // A deleted account has no profile, reputation or badges to show: only that it was someone.
  if (isDeletedHandle(user.handle)) {
    return <span className="user-link user-deleted">{DELETED_USER_NAME}</span>
  }
  return (
    <span className="user-link">
      <Link to={`/users/${user.handle}`}>{user.displayName}</Link>{' '}
      <span
        className="rep"
        title="reputation"
        aria-label={`reputation ${displayReputation(user.reputation)}`}
      >
        {displayReputation(user.reputation).toLocaleString('en-US')}
      </span>{' '}
      <UserBadges role={user.role} reputation={user.reputation} />
    </span>
  )
}

/** "@handle" linking to the profile, as the staff and moderation lists name people. */
export function HandleLink({ handle }: { handle: string }) {
  if (isDeletedHandle(handle)) return <span className="user-deleted">{DELETED_USER_NAME}</span>
  return <Link to={`/users/${handle}`}>@{handle}</Link>
}
