import { z } from 'zod'

/** The reason a moderator gives for an act (the log and the member show it): at most 500 chars. */
export const REASON_MAX = 500
const reasonText = () =>
  z.string().trim().max(REASON_MAX, `Reason must be at most ${REASON_MAX} characters`)

/** A reason that may be left empty. */
export const optionalReason = () => reasonText().optional().default('')

/** A reason that must be given; `missing` says what to write. */
export const requiredReason = (missing: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .max(REASON_MAX, `Reason must be at most ${REASON_MAX} characters`)
