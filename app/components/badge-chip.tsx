import { Link } from '@remix-run/react'
import type { BadgeSummary } from '#app/lib/badge-rules.ts'

/** A badge's name with its tier's medal, linking to the badge's page (who holds it). */
export function BadgeChip({ badge }: { badge: Pick<BadgeSummary, 'slug' | 'name' | 'tier'> }) {
  return (
    <Link to={`/badges/${badge.slug}`} className={`badge-chip badge-tier-${badge.tier}`}>
      <span className="badge-medal" aria-hidden="true" />
      {badge.name}
      <span className="sr-only"> ({badge.tier} badge)</span>
    </Link>
  )
}
