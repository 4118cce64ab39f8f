// The keyword features of a similar-questions candidate, which the learned ranker
// (similar-ranker.ts) weighs together with the sentence encoder's cosine. They are computed in
// the FTS5 look-up thread over the texts of the BM25 pool, read by rowid: a second MATCH per
// candidate would make FTS5 run the query again for each of them. Words are compared by their
// Porter stem, as the index compares them; a word weighs its inverse document frequency.
import { stemOf } from './proximity.ts'
import { queryChunks, STOP_WORDS } from './query.ts'
import { memoStems } from './text-memo.ts'

/** The keyword features, in the order the look-up thread sends them. */
export const KEYWORD_FEATURES = [
  /** −bm25() over every column (higher is better). */
  'bm25',
  /** bm25 as a share of the pool's best: how close to the top the candidate is. */
  'bm25Share',
  /** log2(1 + the candidate's BM25 rank, 0-based). */
  'logRank',
  /** −bm25() of the title alone, the body alone, the answers alone. */
  'bm25Title',
  'bm25Body',
  'bm25Answers',
  /** IDF-weighted share of the query's words found in the title. */
  'titleCoverage',
  /** Share of the title's content words found in the query. */
  'titleInQuery',
  /** IDF-weighted share of the query's words found in the title and the body's opening. */
  'textCoverage',
  /** IDF-weighted share of the query's consecutive word pairs found consecutive in the title. */
  'titleBigrams',
  /** The same in the title and the body's opening. */
  'textBigrams',
  /** The proximity score (proximity.ts) as a share of the most it could be. */
  'proximity',
  /** IDF-weighted share of the query's words found in the answers (document expansion). */
  'answersCoverage',
  'resolved',
  'official',
] as const

export type KeywordFeature = (typeof KEYWORD_FEATURES)[number]
export type KeywordFeatures = Record<KeywordFeature, number>

/** A text's content words (no stop words, no one-letter words but digits) as stems, in order. */
export const contentStems = memoStems(stemContentWords)

function stemContentWords(text: string): string[] {
  const out: string[] = []
  for (const token of queryChunks(text).flat()) {
    if (token.length < 2 && !/\p{N}/u.test(token)) continue
    if (STOP_WORDS.has(token)) continue
    out.push(stemOf(token))
  }
  return out
}

/** What the features compare a candidate with: the asker's words and their weights. */
export interface QueryTerms {
  /** Distinct content stems, in order of first appearance. */
  stems: string[]
  /** Distinct pairs of consecutive content stems ("a b"). */
  bigrams: string[]
  weightOf: (stem: string) => number
}

const pair = (a: string, b: string) => `${a} ${b}`

export function queryTermsOf(text: string, weightOf: (stem: string) => number): QueryTerms {
  const sequence = contentStems(text)
  return { stems: [...new Set(sequence)], bigrams: [...bigramsOf(sequence)], weightOf }
}

function bigramsOf(...sequences: (readonly string[])[]): Set<string> {
  const out = new Set<string>()
  for (const sequence of sequences) {
    for (let i = 1; i < sequence.length; i++) {
      if (sequence[i - 1] !== sequence[i]) out.add(pair(sequence[i - 1]!, sequence[i]!))
    }
  }
  return out
}

/** The weighted share of the query's stems that `present` holds (0 when the query has none). */
export function weightedCoverage(query: QueryTerms, present: ReadonlySet<string>): number {
  let found = 0
  let total = 0
  for (const stem of query.stems) {
    const weight = query.weightOf(stem)
    total += weight
    if (present.has(stem)) found += weight
  }
  return total > 0 ? found / total : 0
}

/** The share of `stems`' distinct stems that the query holds (0 for no stems). */
export function shareInQuery(query: QueryTerms, stems: readonly string[]): number {
  const distinct = new Set(stems)
  if (distinct.size === 0) return 0
  const wanted = new Set(query.stems)
  let found = 0
  for (const stem of distinct) if (wanted.has(stem)) found++
  return found / distinct.size
}

/**
 * The weighted share of the query's consecutive pairs that occur consecutively in one of the
 * `sequences` (a pair weighs the sum of its two words' weights; 0 when the query has no pair).
 */
export function bigramCoverage(query: QueryTerms, ...sequences: (readonly string[])[]): number {
  if (query.bigrams.length === 0) return 0
  // Only pairs of the query's own words can match: the others are never made into strings.
  const wanted = new Set(query.stems)
  const present = new Set<string>()
  for (const sequence of sequences) {
    for (let i = 1; i < sequence.length; i++) {
      const a = sequence[i - 1]!
      const b = sequence[i]!
      if (a !== b && wanted.has(a) && wanted.has(b)) present.add(pair(a, b))
    }
  }
  let found = 0
  let total = 0
  for (const bigram of query.bigrams) {
    const [a, b] = bigram.split(' ') as [string, string]
    const weight = query.weightOf(a) + query.weightOf(b)
    total += weight
    if (present.has(bigram)) found += weight
  }
  return total > 0 ? found / total : 0
}

/** The most a proximity score (proximity.ts) over these stems could be: every pair near. */
export function maxProximity(stems: readonly string[], weightOf: (stem: string) => number) {
  let total = 0
  for (let i = 1; i < stems.length; i++) total += weightOf(stems[i - 1]!) + weightOf(stems[i]!)
  return total
}

/** What the look-up thread knows of one candidate. */
export interface CandidateEvidence {
  /** −bm25() over every column, the title, the body, the answers (higher is better). */
  bm25: number
  bm25Title: number
  bm25Body: number
  bm25Answers: number
  /** Its rank in the BM25 pool (0-based) and the pool's best bm25. */
  rank: number
  bestBm25: number
  title: string
  /** The opening of its body and of its answers' text. */
  bodyOpening: string
  answersOpening: string
  /** The proximity score (proximity.ts) as a share of the most it could be. */
  proximity: number
  resolved: boolean
  official: boolean
}

export function keywordFeatures(query: QueryTerms, c: CandidateEvidence): KeywordFeatures {
  const title = contentStems(c.title)
  const body = contentStems(c.bodyOpening)
  const text = [...title, ...body]
  return {
    bm25: c.bm25,
    bm25Share: c.bestBm25 > 0 ? c.bm25 / c.bestBm25 : 0,
    logRank: Math.log2(1 + c.rank),
    bm25Title: c.bm25Title,
    bm25Body: c.bm25Body,
    bm25Answers: c.bm25Answers,
    titleCoverage: weightedCoverage(query, new Set(title)),
    titleInQuery: shareInQuery(query, title),
    textCoverage: weightedCoverage(query, new Set(text)),
    titleBigrams: bigramCoverage(query, title),
    textBigrams: bigramCoverage(query, title, body),
    proximity: c.proximity,
    answersCoverage: weightedCoverage(query, new Set(contentStems(c.answersOpening))),
    resolved: c.resolved ? 1 : 0,
    official: c.official ? 1 : 0,
  }
}

/** The features in KEYWORD_FEATURES order (what the thread sends). */
export const featureArray = (features: KeywordFeatures) => KEYWORD_FEATURES.map((f) => features[f])
