// Similar questions: the list beside the ask form and under an open question. BM25 over FTS5
// with a word-proximity re-ranking ranks them (BM25 beats Meilisearch on whole sentences, and
// proximity beats plain BM25); Meilisearch, typo-tolerant, only fills the list when BM25 finds
// too few. `npm run eval:similar` measures each strategy on real duplicate links.
import { clampInt } from './query.ts'
import type { SimilarHit, SimilarQuery } from './types.ts'

/** Reciprocal rank fusion (k = 60) of ranked lists. */
export function fuseRankings(lists: SimilarHit[][], k = 60): SimilarHit[] {
  const scores = new Map<number, { hit: SimilarHit; score: number }>()
  for (const list of lists) {
    list.forEach((hit, rank) => {
      const entry = scores.get(hit.id) ?? { hit, score: 0 }
      entry.score += 1 / (k + rank + 1)
      scores.set(hit.id, entry)
    })
  }
  return [...scores.values()].sort((a, b) => b.score - a.score).map((e) => e.hit)
}

export interface SimilarSources {
  /** FTS5 BM25 with the proximity re-ranking (`plain`: the baseline alone). */
  bm25: (query: SimilarQuery, plain: boolean) => Promise<SimilarHit[]>
  /** Meilisearch's answer, or null when it is down or not configured. */
  meilisearch: (query: SimilarQuery) => Promise<SimilarHit[] | null>
}

export async function rankSimilar(query: SimilarQuery, from: SimilarSources) {
  const limit = clampInt(query.limit, 1, 50, 5)
  const strategy = query.strategy ?? 'bm25'
  if (strategy === 'baseline') return from.bm25({ ...query, limit }, true)
  const pool = Math.max(limit, 20)
  const bm25 = await from.bm25({ ...query, limit: strategy === 'bm25' ? limit : pool }, false)
  if (strategy === 'bm25') {
    if (bm25.length >= limit) return bm25
    const extra = (await from.meilisearch({ ...query, limit })) ?? []
    const seen = new Set(bm25.map((h) => h.id))
    return [...bm25, ...extra.filter((h) => !seen.has(h.id))].slice(0, limit)
  }
  const meili = await from.meilisearch({ ...query, limit: pool })
  if (!meili) return bm25.slice(0, limit)
  if (strategy === 'meilisearch') return meili.slice(0, limit)
  return fuseRankings([bm25, meili]).slice(0, limit)
}
