// How fast the thread was answered, in its header: "first answer in 7 min · official answer in
// 2 h". Fixed once the answers are in (no clock), so it is safe in cached pages. The official
// answer counts from when it became official: its mark, or its posting if that came later.
import { answerSpeedLines } from '#app/lib/answer-speed.ts'

export function AnswerSpeed(props: {
  question: {
    createdAt: number
    firstAnswerAt: number | null
    officialMark: { markedAt: number } | null
  }
  answers: { isOfficial: boolean; createdAt: number; deletedAt: number | null }[]
}) {
  const live = props.answers.filter((answer) => answer.deletedAt == null)
  const official = live.find((answer) => answer.isOfficial)
  const lines = answerSpeedLines({
    askedAt: props.question.createdAt,
    // Said only while an answer is there to read (the time is kept when the first is deleted).
    firstAnswerAt: live.length ? props.question.firstAnswerAt : null,
    officialAnswerAt: official
      ? Math.max(official.createdAt, props.question.officialMark?.markedAt ?? 0)
      : null,
  })
  if (lines.length === 0) return null
  return <span className="answer-speed"> · {lines.join(' · ')}</span>
}
