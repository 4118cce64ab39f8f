// How a deleted account shows: its row stays (posts, votes and the ledger point at it), but as a
// tombstone with a placeholder handle that no sign-up can take (HANDLE_PATTERN has no "~"), so
// pages can tell it apart without asking for the account's status.

/** The name every page shows for a deleted account's posts. */
export const DELETED_USER_NAME = 'deleted user'

const DELETED_HANDLE = /^~deleted-\d+$/

/** The handle a deleted account keeps: unique, neutral, and impossible to sign up with. */
export function deletedHandle(userId: number) {
  return `~deleted-${userId}`
}

export function isDeletedHandle(handle: string) {
  return DELETED_HANDLE.test(handle)
}

/** The profile address of a person, or null for a deleted account (it has no profile). */
export function profilePath(handle: string): string | null {
  return isDeletedHandle(handle) ? null : `/users/${handle}`
}
