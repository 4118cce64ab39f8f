import type { SubmissionResult } from '@conform-to/react'
import { AnswerEditor } from '../post-editor.tsx'

/** The "Your answer" box at the foot of a thread. */
export function AnswerForm({ lastResult }: { lastResult?: SubmissionResult<string[]> }) {
  return (
    <section aria-labelledby="your-answer-title" className="answer-form">
      <h2 id="your-answer-title">Answer this question</h2>
      <AnswerEditor id="answer-form" lastResult={lastResult}>
        <input type="hidden" name="intent" value="answer" />
      </AnswerEditor>
    </section>
  )
}
