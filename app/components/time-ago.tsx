const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600e3],
  ['month', 30 * 24 * 3600e3],
  ['week', 7 * 24 * 3600e3],
  ['day', 24 * 3600e3],
  ['hour', 3600e3],
  ['minute', 60e3],
]

const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' })

export function timeAgo(ms: number, now = Date.now()) {
  const diff = ms - now
  for (const [unit, size] of UNITS) {
    if (Math.abs(diff) >= size) return rtf.format(Math.round(diff / size), unit)
  }
  return 'just now'
}

/** "3 hours ago", with the exact time on hover and for machines. */
export function TimeAgo({ ms, prefix }: { ms: number; prefix?: string }) {
  const iso = new Date(ms).toISOString()
  return (
    <time
      dateTime={iso}
      title={iso.replace('T', ' ').slice(0, 16) + ' UTC'}
      suppressHydrationWarning
    >
      {prefix ? `${prefix} ` : ''}
      {timeAgo(ms)}
    </time>
  )
}
