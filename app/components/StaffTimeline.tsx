// The question's staff timeline on the thread (staff only): each routing round and who it went
// to, the escalation, claims, private cases and official-answer steps, oldest first.
import { formatMoment } from '#app/lib/dates.ts'

export interface StaffTimelineStepView {
  id: number
  /** A TIMELINE_KINDS value (db/schema.ts). */
  kind: string
  at: number
  actorHandle: string | null
  notified: string[] | null
  round: number | null
}

const handles = (list: string[]) => list.map((h) => `@${h}`).join(', ')

/** One step in words. */
export function describeStep(step: StaffTimelineStepView): string {
  const who = step.actorHandle ? `@${step.actorHandle}` : 'Someone'
  switch (step.kind) {
    case 'routed': {
      const round = step.round != null ? `Round ${step.round}: ` : ''
      return step.notified?.length
        ? `${round}routed to ${handles(step.notified)}`
        : `${round}no opted-in expert left to route to`
    }
    case 'escalated':
      return step.notified?.length
        ? `Escalated to staff: still unanswered at the target (told ${handles(step.notified)})`
        : 'Escalated to staff: still unanswered at the target'
    case 'claimed':
      return `${who} said “I’m on it”`
    case 'private-case-opened':
      return `${who} opened a private case`
    case 'private-case-solved':
      return `${who} solved the private case`
    case 'redacted':
      return `${who} redacted personal data`
    case 'official-marked':
      return `${who} marked an official answer`
    case 'official-verified':
      return `${who} verified the official answer`
    case 'official-withdrawn':
      return `${who} withdrew the official answer`
    default:
      return step.kind
  }
}

export function StaffTimeline({ steps }: { steps: StaffTimelineStepView[] }) {
  return (
    <section className="staff-timeline" aria-labelledby="staff-timeline-title">
      <h2 id="staff-timeline-title">Staff timeline</h2>
      <p className="muted">Only staff see this.</p>
      {steps.length === 0 ? (
        <p className="muted">No steps yet.</p>
      ) : (
        <ol>
          {steps.map((step) => (
            <li key={step.id}>
              <time dateTime={new Date(step.at).toISOString()}>{formatMoment(step.at)}</time>
              {' · '}
              {describeStep(step)}
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
