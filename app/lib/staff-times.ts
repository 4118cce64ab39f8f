// How the staff console says durations and clock times: "3 h 12 min" waited, "since 10:42 UTC".
// Pure and in UTC, so the server and the browser render the same text.
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** A waiting time as people say it: "under 1 min", "12 min", "3 h 12 min", "2 d 4 h". */
export function formatWaited(ms: number) {
  if (ms < MINUTE) return 'under 1 min'
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`
  if (ms < DAY) {
    const minutes = Math.floor((ms % HOUR) / MINUTE)
    return `${Math.floor(ms / HOUR)} h${minutes ? ` ${minutes} min` : ''}`
  }
  const hours = Math.floor((ms % DAY) / HOUR)
  return `${Math.floor(ms / DAY)} d${hours ? ` ${hours} h` : ''}`
}

/** A target in minutes as people say it: "60 min", "2 h", "1 d 12 h". */
export const formatTarget = (minutes: number) => formatWaited(minutes * MINUTE)

const CLOCK = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
})
const DAY_AND_CLOCK = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
})

/** "10:42 UTC" when `ms` is on the same UTC day as `now`, else "1 Dec, 10:42 UTC". */
export function formatClockTime(ms: number, now: number) {
  const sameDay = Math.floor(ms / DAY) === Math.floor(now / DAY)
  return `${(sameDay ? CLOCK : DAY_AND_CLOCK).format(ms)} UTC`
}
