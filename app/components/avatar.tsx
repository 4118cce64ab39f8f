// A generated avatar: initials on a colour picked from the handle (no external service).

const PALETTE = [
  '#1d4ed8',
  '#0f766e',
  '#7c3aed',
  '#b45309',
  '#be123c',
  '#15803d',
  '#4338ca',
  '#9d174d',
]

function hash(text: string) {
  let h = 0
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) >>> 0
  return h
}

export function initials(name: string) {
  const words = name
    .trim()
    .split(/[\s_.-]+/)
    .filter(Boolean)
  const letters =
    words.length > 1 ? `${words[0]![0]}${words[1]![0]}` : (words[0] ?? '?').slice(0, 2)
  return letters.toUpperCase()
}

export function Avatar({
  handle,
  name,
  size = 48,
}: {
  handle: string
  name: string
  size?: number
}) {
  const colour = PALETTE[hash(handle.toLowerCase()) % PALETTE.length]
  return (
    <svg
      className="avatar"
      width={size}
      height={size}
      viewBox="0 0 48 48"
      role="img"
      aria-label={`${name}'s avatar`}
    >
      <rect width="48" height="48" rx="10" fill={colour} />
      <text
        x="24"
        y="30.5"
        textAnchor="middle"
        fontSize="18"
        fontWeight="700"
        fill="#fff"
        fontFamily="system-ui, sans-serif"
      >
        {initials(name)}
      </text>
    </svg>
  )
}
