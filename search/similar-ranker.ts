// The learned similar-questions ranking: a linear score over standardized features of each
// BM25 candidate — the keyword features the FTS5 thread computes (similar-features.ts) and the
// cosine between the asker's sentence vector and the candidate's stored one — with the weights
// `npm run train:similar` fitted by pairwise logistic regression on the tuning part of real
// duplicate links (similar-ranker.json). A candidate without a stored vector, or a query without
// one (no encoder, or it failed), is ranked by the keyword features alone: a missing cosine
// stands at its mean, and the "no vector" indicator carries what the model learned of that.
import { endsInWord, queryChunks } from './query.ts'
import { KEYWORD_FEATURES, type KeywordFeature } from './similar-features.ts'
import shipped from './similar-ranker.json' with { type: 'json' }
import type { SimilarHit } from './types.ts'
import { cosineToStored } from './vectors.ts'

/** The vector features, after the keyword ones. */
export const VECTOR_FEATURES = [
  /** Cosine of the query's and the candidate's sentence vectors. */
  'cosine',
  /** The cosine minus the pool's best cosine (≤ 0). */
  'cosineGap',
  /** log2(1 + the candidate's rank by cosine in the pool, 0-based). */
  'cosineRank',
  /** 1 when the candidate or the query has no vector (the cosines then stand at their mean). */
  'noVector',
] as const

export const ALL_FEATURES = [...KEYWORD_FEATURES, ...VECTOR_FEATURES] as const
export type FeatureName = KeywordFeature | (typeof VECTOR_FEATURES)[number]

export interface RankerModel {
  /** The features the model uses, in the order of means, scales and weights. */
  features: FeatureName[]
  means: number[]
  scales: number[]
  weights: number[]
  /** How many BM25 candidates it re-ranks. */
  pool: number
  trainedAt?: string
  [extra: string]: unknown
}

/** One BM25 candidate as the FTS5 thread sends it. */
export interface SimilarCandidate {
  hit: SimilarHit
  /** Values of KEYWORD_FEATURES, in order. */
  keyword: number[]
  /** Its stored sentence vector, or null. */
  vector: Int8Array | null
}

/** The full feature rows of a pool (ALL_FEATURES order); a missing cosine is NaN. */
export function featureRows(
  candidates: readonly SimilarCandidate[],
  queryVector: ArrayLike<number> | null,
): number[][] {
  const cosines = candidates.map((c) =>
    queryVector && c.vector ? cosineToStored(queryVector, c.vector) : NaN,
  )
  const known = cosines.filter((x) => !Number.isNaN(x))
  const best = known.length ? Math.max(...known) : NaN
  const descending = [...known].sort((a, b) => b - a)
  return candidates.map((c, i) => {
    const cosine = cosines[i]!
    const rank = Number.isNaN(cosine) ? NaN : Math.log2(1 + descending.indexOf(cosine))
    return [...c.keyword, cosine, cosine - best, rank, Number.isNaN(cosine) ? 1 : 0]
  })
}

/** Standardized values of the model's features; a missing (NaN) value stands at the mean (0). */
export function standardize(model: RankerModel, row: readonly number[]): number[] {
  return model.features.map((name, i) => {
    const value = row[ALL_FEATURES.indexOf(name)]
    if (value === undefined || Number.isNaN(value)) return 0
    return (value - model.means[i]!) / (model.scales[i]! || 1)
  })
}

export function scoreOf(model: RankerModel, row: readonly number[]): number {
  const z = standardize(model, row)
  let score = 0
  for (let i = 0; i < z.length; i++) score += model.weights[i]! * z[i]!
  return score
}

/** The candidates by the model's score, best first (ties: the BM25 order). */
export function rankCandidates(
  candidates: readonly SimilarCandidate[],
  queryVector: ArrayLike<number> | null,
  model: RankerModel = SHIPPED_MODEL,
): SimilarHit[] {
  const rows = featureRows(candidates, queryVector)
  return candidates
    .map((c, i) => ({ hit: c.hit, score: scoreOf(model, rows[i]!), order: i }))
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map((x) => x.hit)
}

// Function words of the other languages a support community most often writes in (French,
// Spanish, Portuguese, Italian, German), leaving out any that English text also holds ("comment",
// "pour", "con", ".com", "MIT", Ctrl+L…).
const OTHER_LANGUAGES = new Set(
  `le les des du une dans que qui sur avec pas cette sont peut faut pourquoi quand où mais
  il elle nous vous ils aux ses leur été être avoir fait je qu el los las por para es como qué
  cómo está una uma não della che di sono perché der das und nicht ein eine für auf dem zu wie
  ich sie wird kann`.split(/\s+/),
)

/**
 * Whether a query reads as English only. The encoder and the weights were made for English
 * text; on French or mixed French and English questions (french-meta in `npm run
 * eval:similar`) they ranked worse than BM25 alone. Another language shows in its function words,
 * never in a word still being typed: "without los" is the start of "losing", "che" of "check".
 */
export function looksEnglish(text: string): boolean {
  const tokens = queryChunks(text).flat()
  if (endsInWord(text)) tokens.pop()
  return !tokens.some((token) => OTHER_LANGUAGES.has(token))
}

/** The weights in search/similar-ranker.json. */
export const SHIPPED_MODEL = shipped as RankerModel
