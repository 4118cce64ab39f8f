import { z } from 'zod'
import { pageSchema } from './lists.ts'

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)

export const notificationsQuery = z.object({ page: pageSchema })

/** The buttons of /notifications: one notification read, or all of them. */
export const notificationActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('read'), id }),
  z.object({ intent: z.literal('read-all') }),
])

export const notificationIdParams = z.object({ id })

/** GET /resources/events?thread=ID&since=MS — which thread to watch, and from when. */
export const liveEventsQuery = z.object({
  thread: id.optional(),
  since: z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
})
