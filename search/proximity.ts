// Word proximity for the similar-questions re-ranking: a candidate whose text holds consecutive
// words of the asker's first line close together is more likely the same question (a
// sequential-dependence model). Computed here over the few candidates' text rather than by an
// FTS5 NEAR query, which SQLite evaluates again for every candidate it is limited to (seconds at
// 100 000 threads). Words are compared by their Porter stem, as the FTS5 index compares them.
import { stemmer } from 'stemmer'
import { contentTerms, queryChunks } from './query.ts'
import { memoStems } from './text-memo.ts'

/** Consecutive words of the pair may stand this many tokens apart, as FTS5 NEAR(…, 8). */
export const PROXIMITY_WINDOW = 8
const MAX_QUERY_TERMS = 12

// Stemming is the costly part of reading a candidate; the words of a community repeat.
const stems = new Map<string, string>()
function stemOf(token: string): string {
  let stem = stems.get(token)
  if (stem === undefined) {
    if (stems.size >= 100_000) stems.clear()
    stem = stemmer(token)
    stems.set(token, stem)
  }
  return stem
}

/** The stems of the first line's content words, in order (null under two words). */
export function proximityStems(text: string): string[] | null {
  const firstLine = text.split('\n').find((line) => line.trim() !== '') ?? ''
  const found = contentTerms(firstLine, MAX_QUERY_TERMS).map(stemOf)
  return found.length < 2 ? null : found
}

/** A word's stem as the proximity score compares it (the FTS5 index's Porter stem). */
export { stemOf }

/** Every token of a text as its stem, in order (positions count stop words too, as NEAR does). */
const stemSequence = memoStems((text) => queryChunks(text).flat().map(stemOf))

/**
 * The sum, over each pair of consecutive query stems found within the window of each other in
 * `text`, of the pair's weight (`weightOf` each stem: rarer words say more).
 */
export function proximityScore(
  queryStems: string[],
  text: string,
  weightOf: (stem: string) => number,
  window = PROXIMITY_WINDOW,
): number {
  const wanted = new Set(queryStems)
  const positions = new Map<string, number[]>()
  stemSequence(text).forEach((stem, position) => {
    if (!wanted.has(stem)) return
    const list = positions.get(stem)
    if (list) list.push(position)
    else positions.set(stem, [position])
  })
  let score = 0
  for (let i = 1; i < queryStems.length; i++) {
    const [first, second] = [queryStems[i - 1]!, queryStems[i]!]
    const a = positions.get(first)
    const b = positions.get(second)
    if (a && b && withinWindow(a, b, window)) score += weightOf(first) + weightOf(second)
  }
  return score
}

/** True when some position of `a` and some of `b` (both ascending) are at most `window` apart. */
function withinWindow(a: number[], b: number[], window: number): boolean {
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    if (Math.abs(a[i]! - b[j]!) <= window) return true
    if (a[i]! < b[j]!) i++
    else j++
  }
  return false
}
