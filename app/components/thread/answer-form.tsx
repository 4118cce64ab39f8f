import type { SubmissionResult } from '@conform-to/react'
import { BotGuardFields } from '../bot-guard.tsx'
import { AnswerEditor } from '../post-editor.tsx'

/** The "Your answer" box at the foot of a thread; `formStarted` is its bot-guard stamp. */
export function AnswerForm({
  lastResult,
  formStarted,
}: {
  lastResult?: SubmissionResult<string[]>
  formStarted: string
}) {
  return (
    <section aria-labelledby="your-answer-title" className="answer-form">
      <h2 id="your-answer-title">Answer this question</h2>
      <AnswerEditor id="answer-form" lastResult={lastResult}>
        <input type="hidden" name="intent" value="answer" />
        <BotGuardFields formStarted={formStarted} />
      </AnswerEditor>
    </section>
  )
}
