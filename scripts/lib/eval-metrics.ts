// The figures of `npm run eval:similar`: per query the rank of the first relevant thread, then
// P@1, MRR (top 10) and recall@5 over a set of queries, each with a bootstrap 95% interval, and
// the paired interval of a difference between two methods on the same queries. Pure functions,
// tested on hand-made rankings (tests/unit/eval-metrics.test.ts).
import { prng } from '#db/seed/scale.ts'

export const TOP = 10

/** One query's outcome: the best rank of a relevant thread (1-based, null beyond TOP), recall@5. */
export interface Outcome {
  rank: number | null
  recall5: number
}

export interface Metrics {
  n: number
  p1: number
  mrr: number
  r5: number
}

export type MetricName = Exclude<keyof Metrics, 'n'>

export function outcomeOf(ranked: number[], relevant: ReadonlySet<number>): Outcome {
  const top = ranked.slice(0, TOP)
  const index = top.findIndex((id) => relevant.has(id))
  const inTop5 = top.slice(0, 5).filter((id) => relevant.has(id)).length
  return {
    rank: index === -1 ? null : index + 1,
    recall5: relevant.size ? inTop5 / relevant.size : 0,
  }
}

const perQuery: Record<MetricName, (o: Outcome) => number> = {
  p1: (o) => (o.rank === 1 ? 1 : 0),
  mrr: (o) => (o.rank ? 1 / o.rank : 0),
  r5: (o) => o.recall5,
}

export function metricsOf(outcomes: readonly Outcome[]): Metrics {
  const n = outcomes.length
  const mean = (metric: MetricName) =>
    n === 0 ? 0 : outcomes.reduce((sum, o) => sum + perQuery[metric](o), 0) / n
  return { n, p1: mean('p1'), mrr: mean('mrr'), r5: mean('r5') }
}

export interface Interval {
  value: number
  low: number
  high: number
}

const RESAMPLES = 2000

/** The 2.5th and 97.5th percentiles of a statistic over resamples of the query indices. */
function bootstrap(n: number, statistic: (indices: number[]) => number, seed: number) {
  const rng = prng(seed)
  const values: number[] = []
  const indices = new Array<number>(n)
  for (let r = 0; r < RESAMPLES; r++) {
    for (let i = 0; i < n; i++) indices[i] = rng.int(n)
    values.push(statistic(indices))
  }
  values.sort((a, b) => a - b)
  return {
    low: values[Math.floor(0.025 * RESAMPLES)]!,
    high: values[Math.ceil(0.975 * RESAMPLES) - 1]!,
  }
}

/** A metric with its bootstrap 95% interval (resampling the queries; seeded, so repeatable). */
export function metricInterval(
  outcomes: readonly Outcome[],
  metric: MetricName,
  seed = 1,
): Interval {
  const values = outcomes.map(perQuery[metric])
  const mean = (indices: number[]) => indices.reduce((s, i) => s + values[i]!, 0) / indices.length
  const value = values.length ? mean(values.map((_, i) => i)) : 0
  if (values.length === 0) return { value, low: 0, high: 0 }
  return { value, ...bootstrap(values.length, mean, seed) }
}

/**
 * `ours` minus `base` on the same queries, as a share of `base` (+0.15 is 15% better), with a
 * paired bootstrap 95% interval: each resample takes the same queries for both methods.
 */
export function relativeGain(
  ours: readonly Outcome[],
  base: readonly Outcome[],
  metric: MetricName,
  seed = 1,
): Interval & { absolute: number } {
  if (ours.length !== base.length) throw new Error('paired outcomes must answer the same queries')
  const a = ours.map(perQuery[metric])
  const b = base.map(perQuery[metric])
  const gain = (indices: number[]) => {
    let sumA = 0
    let sumB = 0
    for (const i of indices) {
      sumA += a[i]!
      sumB += b[i]!
    }
    return sumB === 0 ? (sumA === 0 ? 0 : Infinity) : sumA / sumB - 1
  }
  const all = a.map((_, i) => i)
  const absolute = a.length
    ? (a.reduce((s, x) => s + x, 0) - b.reduce((s, x) => s + x, 0)) / a.length
    : 0
  if (a.length === 0) return { value: 0, low: 0, high: 0, absolute }
  return { value: gain(all), absolute, ...bootstrap(a.length, gain, seed) }
}

/**
 * Whether a duplicate is held apart for the final figure: a fixed 40% of the links, chosen by a
 * hash of the site and the duplicate's id (never by its content), so every run holds apart the
 * same ones and nothing tuned on the rest has seen them.
 */
export function isHeldOut(site: string, duplicateId: number): boolean {
  let hash = 0x811c9dc5 // FNV-1a, 32 bits
  for (const char of `${site}:${duplicateId}`) {
    hash ^= char.codePointAt(0)!
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash % 10 < 4
}
