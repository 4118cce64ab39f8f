import { z } from 'zod'
import type { EmailChoice } from '#db/schema.ts'

export const EMAIL_CHOICE_LABELS: Record<EmailChoice, string> = {
  immediate: 'Each time something happens',
  digest: 'Once a day, a digest of what I have not read',
  none: 'Never',
}
const CHOICES = Object.keys(EMAIL_CHOICE_LABELS) as [EmailChoice, ...EmailChoice[]]

/** The e-mail form of /notifications. */
export const emailChoiceSchema = z.object({
  intent: z.literal('email-choice'),
  choice: z.enum(CHOICES, { error: 'Choose how often to get e-mail' }),
})
