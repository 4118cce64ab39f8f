// Similar questions: the list beside the ask form and under an open question. BM25 over FTS5
// with a word-proximity re-ranking ranks them (BM25 beats Meilisearch on whole sentences, and
// proximity beats plain BM25); Meilisearch, typo-tolerant, only fills the list when BM25 finds
// too few. `npm run eval:similar` measures each strategy on real duplicate links.
import { LRUCache } from 'lru-cache'
import { clampInt } from './query.ts'
import type { SqliteFtsBackend } from './sqlite-fts.server.ts'
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
  fts: SqliteFtsBackend
  /** Meilisearch's answer, or null when it is down or not configured. */
  meilisearch: (query: SimilarQuery) => Promise<SimilarHit[] | null>
}

export async function rankSimilar(query: SimilarQuery, from: SimilarSources) {
  const limit = clampInt(query.limit, 1, 50, 5)
  const strategy = query.strategy ?? 'bm25'
  if (strategy === 'baseline') return from.fts.similarSync({ ...query, limit }, { plain: true })
  const pool = Math.max(limit, 20)
  const bm25 = from.fts.similarSync({ ...query, limit: strategy === 'bm25' ? limit : pool })
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

/**
 * The related-threads list of each open question, kept until a thread on it (or the question
 * itself) changes status or title: measured at 100 000 threads, one BM25 look-up cost ~0.4 s of
 * CPU, and every view of the page would otherwise pay it again. Lists also expire after a while
 * so that newly resolved threads can join them.
 */
export class RelatedThreadsCache {
  readonly #lists: LRUCache<number, { title: string; limit: number; hits: SimilarHit[] }>
  /** Thread id → the questions whose cached list names it. */
  readonly #namedIn = new Map<number, Set<number>>()

  constructor({ max = 20_000, ttlMs = 15 * 60_000 } = {}) {
    this.#lists = new LRUCache({
      max,
      ttl: ttlMs,
      dispose: (list, questionId) => {
        for (const hit of list.hits) {
          const owners = this.#namedIn.get(hit.id)
          owners?.delete(questionId)
          if (owners?.size === 0) this.#namedIn.delete(hit.id)
        }
      },
    })
  }

  async get(
    question: { id: number; title: string },
    limit: number,
    compute: () => Promise<SimilarHit[]>,
  ): Promise<SimilarHit[]> {
    const cached = this.#lists.get(question.id)
    if (cached && cached.title === question.title && cached.limit === limit) return cached.hits
    const hits = await compute()
    this.#lists.set(question.id, { title: question.title, limit, hits })
    for (const hit of hits) {
      const owners = this.#namedIn.get(hit.id) ?? new Set<number>()
      owners.add(question.id)
      this.#namedIn.set(hit.id, owners)
    }
    return hits
  }

  /** Drops the question's own list and every list that names it. */
  forget(threadId: number) {
    this.#lists.delete(threadId)
    for (const owner of [...(this.#namedIn.get(threadId) ?? [])]) this.#lists.delete(owner)
  }

  get size() {
    return this.#lists.size
  }
}
