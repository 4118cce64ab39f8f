import { z } from 'zod'

// The same choices as db/schema.ts EMAIL_CHOICES (schemas may not import db/).
type EmailChoice = 'immediate' | 'digest' | 'none'

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
