// Fitting the similar-questions ranker (`npm run train:similar`): pairwise logistic regression
// with an L2 penalty over standardized features — for every query, each relevant candidate
// should score above each other one — solved by Newton's method (a handful of exact steps:
// deterministic, no learning rate to tune), and the k-fold validation that chooses the penalty
// and the features. Pure functions, tested on toy data (tests/unit/similar-ranker.test.ts).

/** One query's pool: a feature row per candidate (NaN: missing), which are relevant. */
export interface TrainingQuery {
  /** Queries with the same group (the two kinds of one duplicate) fall in the same fold. */
  group: string
  rows: number[][]
  relevant: boolean[]
}

export interface Standardization {
  means: number[]
  scales: number[]
}

/** Each column's mean and standard deviation over every candidate (NaN values left out). */
export function standardization(queries: readonly TrainingQuery[], width: number): Standardization {
  const sums = new Array<number>(width).fill(0)
  const squares = new Array<number>(width).fill(0)
  const counts = new Array<number>(width).fill(0)
  for (const q of queries) {
    for (const row of q.rows) {
      for (let j = 0; j < width; j++) {
        const x = row[j]!
        if (Number.isNaN(x)) continue
        sums[j]! += x
        squares[j]! += x * x
        counts[j]!++
      }
    }
  }
  const means = sums.map((s, j) => (counts[j] ? s / counts[j]! : 0))
  const scales = squares.map((s, j) => {
    const variance = counts[j] ? s / counts[j]! - means[j]! ** 2 : 0
    return variance > 1e-12 ? Math.sqrt(variance) : 1
  })
  return { means, scales }
}

/** A row standardized; a missing value stands at the mean (0). */
export function standardized(row: readonly number[], s: Standardization): number[] {
  return row.map((x, j) => (Number.isNaN(x) ? 0 : (x - s.means[j]!) / s.scales[j]!))
}

interface Pair {
  /** Relevant minus other, standardized. */
  difference: number[]
  /** Each query weighs 1 in all, whatever the number of its pairs. */
  weight: number
}

function pairsOf(queries: readonly TrainingQuery[], s: Standardization): Pair[] {
  const pairs: Pair[] = []
  for (const q of queries) {
    const z = q.rows.map((row) => standardized(row, s))
    const good = z.filter((_, i) => q.relevant[i])
    const bad = z.filter((_, i) => !q.relevant[i])
    if (good.length === 0 || bad.length === 0) continue
    const weight = 1 / (good.length * bad.length)
    for (const g of good) {
      for (const b of bad) pairs.push({ difference: g.map((x, j) => x - b[j]!), weight })
    }
  }
  return pairs
}

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small and positive definite). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length
  const m = a.map((row, i) => [...row, b[i]!])
  for (let col = 0; col < n; col++) {
    let pivot = col
    for (let r = col + 1; r < n; r++)
      if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r
    ;[m[col], m[pivot]] = [m[pivot]!, m[col]!]
    const p = m[col]![col]!
    for (let r = col + 1; r < n; r++) {
      const factor = m[r]![col]! / p
      for (let c = col; c <= n; c++) m[r]![c]! -= factor * m[col]![c]!
    }
  }
  const x = new Array<number>(n).fill(0)
  for (let r = n - 1; r >= 0; r--) {
    let sum = m[r]![n]!
    for (let c = r + 1; c < n; c++) sum -= m[r]![c]! * x[c]!
    x[r] = sum / m[r]![r]!
  }
  return x
}

const sigmoid = (t: number) => 1 / (1 + Math.exp(-t))

/**
 * Weights minimizing Σ weight·log(1 + e^(−w·d)) + λ/2·|w|² over the pairs (no intercept: a pair
 * and its reverse are the same fact), by Newton's method from w = 0.
 */
export function fitPairwiseLogistic(
  queries: readonly TrainingQuery[],
  s: Standardization,
  lambda: number,
  iterations = 25,
): number[] {
  const width = s.means.length
  const pairs = pairsOf(queries, s)
  let w = new Array<number>(width).fill(0)
  for (let it = 0; it < iterations; it++) {
    const gradient = w.map((x) => lambda * x)
    const hessian = Array.from({ length: width }, (_, i) =>
      Array.from({ length: width }, (_, j) => (i === j ? lambda : 0)),
    )
    for (const { difference: d, weight } of pairs) {
      let t = 0
      for (let j = 0; j < width; j++) t += w[j]! * d[j]!
      const p = sigmoid(t)
      const g = weight * (p - 1)
      const h = weight * p * (1 - p)
      for (let i = 0; i < width; i++) {
        gradient[i]! += g * d[i]!
        const row = hessian[i]!
        const hd = h * d[i]!
        for (let j = i; j < width; j++) row[j]! += hd * d[j]!
      }
    }
    for (let i = 0; i < width; i++) for (let j = 0; j < i; j++) hessian[i]![j] = hessian[j]![i]!
    const step = solve(hessian, gradient)
    w = w.map((x, j) => x - step[j]!)
    if (Math.max(...step.map(Math.abs)) < 1e-9) break
  }
  return w
}

/** The reciprocal rank (top `top`) of the first relevant candidate when ranked by `score`. */
export function reciprocalRank(q: TrainingQuery, score: (row: number[]) => number, top = 10) {
  const order = q.rows
    .map((row, i) => ({ i, score: score(row) }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
  const at = order.findIndex((x) => q.relevant[x.i])
  return at === -1 || at >= top ? 0 : 1 / (at + 1)
}

export const linearScore = (w: readonly number[], s: Standardization) => (row: number[]) =>
  standardized(row, s).reduce((sum, z, j) => sum + w[j]! * z, 0)

/** A stable fold (0…k−1) of a group: FNV-1a of its name. */
export function foldOf(group: string, k: number): number {
  let hash = 0x811c9dc5
  for (const char of group) {
    hash ^= char.codePointAt(0)!
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash % k
}

/** Only these columns of every row. */
export function project(queries: readonly TrainingQuery[], columns: readonly number[]) {
  return queries.map((q) => ({ ...q, rows: q.rows.map((row) => columns.map((j) => row[j]!)) }))
}

/**
 * Mean reciprocal rank of held-out folds: for each fold, fit on the others (standardized on
 * them), score the fold's queries. Returns each query's reciprocal rank, in input order.
 */
export function crossValidate(queries: readonly TrainingQuery[], lambda: number, k = 5): number[] {
  const width = queries[0]?.rows[0]?.length ?? 0
  const out = new Array<number>(queries.length).fill(0)
  for (let fold = 0; fold < k; fold++) {
    const train = queries.filter((q) => foldOf(q.group, k) !== fold)
    const s = standardization(train, width)
    const w = fitPairwiseLogistic(train, s, lambda)
    const score = linearScore(w, s)
    queries.forEach((q, i) => {
      if (foldOf(q.group, k) === fold) out[i] = reciprocalRank(q, score)
    })
  }
  return out
}

export const mean = (values: readonly number[]) =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0
