// Similar questions: the list beside the ask form and under an open question. The default,
// 'learned', re-ranks the top BM25 (FTS5) candidates by a learned linear combination of keyword
// features and the sentence-encoder cosine (similar-ranker.ts); the FTS5 look-up and the
// encoding of the asker's text run at once, so the wait is the longer of the two (the look-up's
// alone when none of its candidates has a stored vector to compare with). Meilisearch,
// typo-tolerant, only fills the list when BM25 finds too few. `npm run eval:similar` measures
// each strategy on real duplicate links; `npm run train:similar` fits the weights.
import { clampInt } from './query.ts'
import {
  looksEnglish,
  rankCandidates,
  SHIPPED_MODEL,
  type SimilarCandidate,
} from './similar-ranker.ts'
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
  /** The top `pool` BM25 candidates with their features and stored vectors. */
  candidates: (query: SimilarQuery, pool: number) => Promise<SimilarCandidate[]>
  /** The asker's sentence vector, or null (no encoder, or it cannot answer). */
  encode: (text: string) => Promise<Float32Array | null>
  /** Meilisearch's answer, or null when it is down or not configured. */
  meilisearch: (query: SimilarQuery) => Promise<SimilarHit[] | null>
}

/** `hits`, then as many of Meilisearch's as the list lacks (typos BM25 cannot match). */
async function filled(
  hits: SimilarHit[],
  query: SimilarQuery,
  limit: number,
  from: SimilarSources,
) {
  if (hits.length >= limit) return hits.slice(0, limit)
  const extra = (await from.meilisearch({ ...query, limit })) ?? []
  const seen = new Set(hits.map((h) => h.id))
  return [...hits, ...extra.filter((h) => !seen.has(h.id))].slice(0, limit)
}

export async function rankSimilar(query: SimilarQuery, from: SimilarSources) {
  const limit = clampInt(query.limit, 1, 50, 5)
  const strategy = query.strategy ?? 'learned'
  if (strategy === 'baseline') return from.bm25({ ...query, limit, wholeIndex: true }, true)
  if (strategy === 'learned') {
    if (!looksEnglish(query.text)) {
      // The encoder and the weights are English: another language gets BM25, which knows none.
      return filled(await from.bm25({ ...query, limit }, true), query, limit, from)
    }
    // Both at once: the wait is the longer of the two, or only the look-up's when no candidate
    // has a stored vector (history not yet encoded), as the asker's vector would change nothing.
    const asked = from.encode(query.text).catch(() => null) // a failed encoder leaves the keywords
    const candidates = await from.candidates(
      { ...query, limit },
      Math.max(limit, SHIPPED_MODEL.pool),
    )
    const vector = candidates.some((c) => c.vector) ? await asked : null
    return filled(rankCandidates(candidates, vector), query, limit, from)
  }
  const pool = Math.max(limit, 20)
  const bm25 = await from.bm25({ ...query, limit: strategy === 'bm25' ? limit : pool }, false)
  if (strategy === 'bm25') return filled(bm25, query, limit, from)
  const meili = await from.meilisearch({ ...query, limit: pool })
  if (!meili) return bm25.slice(0, limit)
  if (strategy === 'meilisearch') return meili.slice(0, limit)
  return fuseRankings([bm25, meili]).slice(0, limit)
}
