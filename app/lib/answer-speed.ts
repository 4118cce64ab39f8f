// How fast a thread was answered, as the thread page and a profile say it in public:
// "first answer in 7 min", "official answer in 2 h", "median first answer in 3 days".
// Pure, so the server and the browser render the same words.
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/**
 * A duration rounded to its largest sensible unit: "under 1 min", "7 min", "2 h", "3 days".
 * Each step rounds to the nearest unit, and a value that rounds up to the next unit is said in
 * it (59.6 min is "1 h", not "60 min"; 23.7 h is "1 day").
 */
export function formatAnswerSpeed(ms: number) {
  const minutes = Math.round(Math.max(0, ms) / MINUTE)
  if (minutes < 1) return 'under 1 min'
  if (minutes < 60) return `${minutes} min`
  const hours = Math.round(ms / HOUR)
  if (hours < 24) return `${hours} h`
  const days = Math.round(ms / DAY)
  return `${days} ${days === 1 ? 'day' : 'days'}`
}

/** The thread's speed lines: its first answer and its official answer, each from the asking. */
export function answerSpeedLines(thread: {
  askedAt: number
  firstAnswerAt: number | null
  officialAnswerAt: number | null
}) {
  const lines: string[] = []
  if (thread.firstAnswerAt != null) {
    lines.push(`first answer in ${formatAnswerSpeed(thread.firstAnswerAt - thread.askedAt)}`)
  }
  if (thread.officialAnswerAt != null) {
    lines.push(`official answer in ${formatAnswerSpeed(thread.officialAnswerAt - thread.askedAt)}`)
  }
  return lines
}
