import type { MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { BadgeChip } from '#app/components/badge-chip.tsx'
import { BADGE_TIERS, type BadgeTier } from '#app/lib/badge-rules.ts'
import { badgeCounts } from '#app/models/badges.server.ts'

export const meta: MetaFunction = () => [
  { title: 'Badges — Peerdesk' },
  {
    name: 'description',
    content:
      'The badges the Nimbus Home community earns for helping each other, and who holds them.',
  },
]

const TIER_TITLES: Record<BadgeTier, string> = {
  gold: 'Gold badges',
  silver: 'Silver badges',
  bronze: 'Bronze badges',
}

export async function loader() {
  return { badges: badgeCounts() }
}

export default function Badges() {
  const { badges } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>Badges</h1>
      <p className="muted">
        Badges recognise the ways people help the community. Each is earned once, the moment it is
        deserved, and kept.
      </p>
      {BADGE_TIERS.map((tier) => (
        <section key={tier} aria-labelledby={`badges-${tier}`}>
          <h2 id={`badges-${tier}`}>{TIER_TITLES[tier]}</h2>
          <ul className="badges-list">
            {badges
              .filter((b) => b.tier === tier)
              .map((b) => (
                <li key={b.slug}>
                  <BadgeChip badge={b} />
                  <p>{b.description}</p>
                  <span className="badges-holders muted">
                    {b.holders.toLocaleString('en-US')} {b.holders === 1 ? 'holder' : 'holders'}
                  </span>
                </li>
              ))}
          </ul>
        </section>
      ))}
    </>
  )
}
