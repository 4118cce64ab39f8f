import { Form } from '@remix-run/react'
import { CLOSE_REASON_KEYS, CLOSE_REASON_LABELS } from '#app/lib/close-reasons.ts'
import { privilegeMessage } from '#app/lib/privileges.ts'
import { ControlMessage } from '../forms.tsx'

export interface CloseVoting {
  count: number
  threshold: number
  viewerVoted: boolean
  /** The viewer has the privilege (3 000 reputation, or a staff role). */
  canVote: boolean
  /** The viewer's vote closes the question at once (moderators and admins). */
  binding: boolean
}

/**
 * The "Close" disclosure under an open question: why to close it (and, for a duplicate, which
 * question is the original), "2 of 3 votes to close", and what keeps the viewer from voting.
 * Works without JavaScript; the "Duplicate of" field shows only for the duplicate reason (CSS).
 */
export function CloseForm({
  voting,
  error,
  fields,
  originals = [],
}: {
  voting: CloseVoting
  error?: string
  /** Threads like this one, offered as the original while typing "Duplicate of" (a search). */
  originals?: { id: number; title: string }[]
  /** What the viewer sent last time, kept when the server refused it. */
  fields?: { reason?: string; duplicateOf?: string }
}) {
  const tally = `${voting.count} of ${voting.threshold} votes to close`
  return (
    <details id="close-question" className="close-box" open={error ? true : undefined}>
      <summary>
        Close{voting.count > 0 ? <span className="close-count"> · {tally}</span> : null}
      </summary>
      <div className="close-panel">
        <p className="hint">{tally}</p>
        {!voting.canVote ? (
          <p className="notice">{privilegeMessage('voteToClose')}</p>
        ) : voting.viewerVoted ? (
          <p>You voted to close this question.</p>
        ) : (
          <Form method="post" className="close-form stack">
            <input type="hidden" name="intent" value="close" />
            <fieldset>
              <legend>Why should this question be closed?</legend>
              {CLOSE_REASON_KEYS.map((key) => (
                <div key={key} className="close-reason">
                  <label className="radio">
                    <input
                      type="radio"
                      name="reason"
                      value={key}
                      required
                      defaultChecked={fields?.reason === key}
                      aria-describedby={`close-reason-${key}-hint`}
                    />{' '}
                    {CLOSE_REASON_LABELS[key].label}
                  </label>
                  <p id={`close-reason-${key}-hint`} className="hint">
                    {CLOSE_REASON_LABELS[key].hint}
                  </p>
                </div>
              ))}
            </fieldset>
            <div className="field close-duplicate">
              <label htmlFor="close-duplicate-of">Duplicate of</label>
              <input
                id="close-duplicate-of"
                type="text"
                name="duplicateOf"
                defaultValue={fields?.duplicateOf ?? ''}
                aria-describedby="close-duplicate-of-hint"
                autoComplete="off"
                list={originals.length ? 'close-duplicate-candidates' : undefined}
              />
              {originals.length ? (
                <datalist id="close-duplicate-candidates">
                  {originals.map((o) => (
                    <option key={o.id} value={`#${o.id}`} label={o.title} />
                  ))}
                </datalist>
              ) : null}
              <p id="close-duplicate-of-hint" className="hint">
                The link to the original question, or its number
                {originals.length ? ': the most similar threads are suggested as you type' : ''}.
              </p>
              {originals.length ? (
                <ul className="duplicate-candidates" aria-label="Possible originals">
                  {originals.map((o) => (
                    <li key={o.id}>
                      #{o.id} {o.title}
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
            <p className="hint">
              {voting.binding
                ? 'As a moderator, your vote closes the question at once.'
                : `The question closes when it has ${voting.threshold} votes.`}
            </p>
            <button type="submit" className="btn btn-small">
              Vote to close
            </button>
          </Form>
        )}
        <ControlMessage message={error} />
      </div>
    </details>
  )
}
