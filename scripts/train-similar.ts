// `npm run train:similar [-- --dir DIR …]`: fits the similar-questions ranker and writes
// search/similar-ranker.json. For every duplicate link of the TUNING part of each dump (never one
// isHeldOut keeps for the final figure of `npm run eval:similar`), both query kinds, it takes the
// learned ranking's BM25 pool with its features (similarCandidatesSync) and the cosine of the
// encoder's vectors, then fits a pairwise logistic regression with an L2 penalty over
// standardized features (scripts/lib/eval-training.ts). A 5-fold cross-validation over the
// tuning links (both kinds of a duplicate in one fold) chooses the penalty and drops features
// that do not help; its figures go in the JSON beside the weights.
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import * as prettier from 'prettier'
import { dumpDirs, DUPLICATES_DATA, prng, REPO_ROOT, STACKEXCHANGE_DATA } from './lib/bench.ts'
import {
  loadEvalDump,
  QUERY_KINDS,
  runDumpChild,
  runDumpWorker,
  withSentenceVectors,
  type QueryKind,
} from './lib/eval-dump.ts'
import { isHeldOut, TOP } from './lib/eval-metrics.ts'
import {
  crossValidate,
  fitPairwiseLogistic,
  mean,
  project,
  standardization,
  type TrainingQuery,
} from './lib/eval-training.ts'
import { ALL_FEATURES, type FeatureName, type RankerModel } from '#search/similar-ranker.ts'

const MODEL_FILE = path.join(REPO_ROOT, 'search/similar-ranker.json')
/** BM25 candidates the ranker re-ranks (--pool). */
let POOL = 100
const FOLDS = 5
const LAMBDAS = [0.3, 1, 3, 10, 30]
/** Share of candidates whose vector is hidden in training, so "no vector" is learned too. */
const HIDDEN_VECTORS = 0.1
/** A feature is dropped when the validation MRR is at least this much higher without it. */
const DROP_MARGIN = 0.001

/** One query's pool as the child sends it (JSON: a missing cosine is null). */
interface PoolSample {
  site: string
  duplicateId: number
  kind: QueryKind
  rows: (number | null)[][]
  relevant: boolean[]
}

interface DumpSamples {
  site: string
  queries: number
  samples: PoolSample[]
}

// ---------------------------------------------------------------- one dump (child process)

async function samplesOf(dir: string): Promise<DumpSamples> {
  const { dump, db, questions } = await loadEvalDump(dir, { meilisearch: false })
  await withSentenceVectors(dump.site)
  const { SqliteFtsBackend } = await import('#search/sqlite-fts.server.ts')
  const { encodeQuery } = await import('#search/query-encoder.server.ts')
  const { featureRows } = await import('#search/similar-ranker.ts')
  const fts = new SqliteFtsBackend(db)
  const tuning = questions.filter((q) => !isHeldOut(dump.site, q.duplicateId))
  const samples: PoolSample[] = []
  for (const q of tuning) {
    for (const { kind } of QUERY_KINDS) {
      const text = q.text[kind]
      const [candidates, vector] = await Promise.all([
        Promise.resolve(
          fts.similarCandidatesSync({ text, excludeId: q.excludeId, limit: TOP }, POOL),
        ),
        encodeQuery(text),
      ])
      samples.push({
        site: dump.site,
        duplicateId: q.duplicateId,
        kind,
        rows: featureRows(candidates, vector).map((row) =>
          row.map((x) => (Number.isNaN(x) ? null : x)),
        ),
        relevant: candidates.map((c) => q.relevant.has(c.hit.id)),
      })
    }
  }
  return { site: dump.site, queries: tuning.length, samples }
}

// ---------------------------------------------------------------- fitting

const COSINE = ALL_FEATURES.indexOf('cosine')
const COSINE_GAP = ALL_FEATURES.indexOf('cosineGap')
const COSINE_RANK = ALL_FEATURES.indexOf('cosineRank')
const NO_VECTOR = ALL_FEATURES.indexOf('noVector')

function trainingQueries(samples: readonly PoolSample[], hideVectors: boolean): TrainingQuery[] {
  const rng = prng(20_261_202)
  return samples.map((s) => ({
    group: `${s.site}:${s.duplicateId}`,
    relevant: s.relevant,
    rows: s.rows.map((raw) => {
      const row = raw.map((x) => x ?? NaN)
      if (hideVectors && rng.next() < HIDDEN_VECTORS) {
        row[COSINE] = NaN
        row[COSINE_GAP] = NaN
        row[COSINE_RANK] = NaN
        row[NO_VECTOR] = 1
      }
      return row
    }),
  }))
}

/** The validation MRR of each query kind, and their mean (what the choices maximize). */
function validation(queries: TrainingQuery[], kinds: QueryKind[], lambda: number) {
  const rr = crossValidate(queries, lambda, FOLDS)
  const byKind = Object.fromEntries(
    QUERY_KINDS.map(({ kind }) => [kind, mean(rr.filter((_, i) => kinds[i] === kind))]),
  ) as Record<QueryKind, number>
  return { byKind, both: mean(rr) }
}

/** MRR of the pool in its BM25 order, each kind (the reference the validation compares with). */
function poolOrderMrr(queries: TrainingQuery[], kinds: QueryKind[]) {
  const rr = queries.map((q) => {
    const at = q.relevant.findIndex(Boolean)
    return at === -1 || at >= TOP ? 0 : 1 / (at + 1)
  })
  return Object.fromEntries(
    QUERY_KINDS.map(({ kind }) => [kind, mean(rr.filter((_, i) => kinds[i] === kind))]),
  ) as Record<QueryKind, number>
}

const round = (x: number, digits = 4) => Number(x.toFixed(digits))

function fit(dumps: DumpSamples[]): RankerModel {
  const samples = dumps.flatMap((d) => d.samples)
  const kinds = samples.map((s) => s.kind)
  const all = trainingQueries(samples, true)
  const withRelevant = all.filter((q) => q.relevant.some(Boolean)).length
  console.log(
    `${samples.length} queries (${dumps.map((d) => `${d.site} ${d.queries}`).join(', ')} links × 2 kinds); ` +
      `the original is in the top ${POOL} for ${withRelevant}.`,
  )

  // Backward elimination: drop the feature whose absence helps validation most, while one does.
  let columns = ALL_FEATURES.map((_, j) => j)
  let lambda = 3
  let best = validation(project(all, columns), kinds, lambda)
  console.log(`all ${columns.length} features: validation MRR ${best.both.toFixed(4)}`)
  const dropped: FeatureName[] = []
  for (;;) {
    let choice: { column: number; score: ReturnType<typeof validation> } | null = null
    for (const column of columns) {
      const score = validation(
        project(
          all,
          columns.filter((j) => j !== column),
        ),
        kinds,
        lambda,
      )
      if (score.both >= best.both + DROP_MARGIN && (!choice || score.both > choice.score.both)) {
        choice = { column, score }
      }
    }
    if (!choice) break
    columns = columns.filter((j) => j !== choice.column)
    dropped.push(ALL_FEATURES[choice.column]!)
    best = choice.score
    console.log(`without ${ALL_FEATURES[choice.column]}: ${best.both.toFixed(4)}`)
  }
  const chosen = project(all, columns)
  for (const candidate of LAMBDAS) {
    const score = validation(chosen, kinds, candidate)
    console.log(`λ = ${candidate}: validation MRR ${score.both.toFixed(4)}`)
    if (score.both > best.both) {
      best = score
      lambda = candidate
    }
  }
  const keywordsOnly = project(
    all.map((q) => ({
      ...q,
      rows: q.rows.map((row) =>
        row.map((x, j) =>
          [COSINE, COSINE_GAP, COSINE_RANK].includes(j) ? NaN : j === NO_VECTOR ? 1 : x,
        ),
      ),
    })),
    columns,
  )
  const s = standardization(chosen, columns.length)
  const weights = fitPairwiseLogistic(chosen, s, lambda)
  return {
    features: columns.map((j) => ALL_FEATURES[j]!),
    means: s.means.map((x) => round(x, 6)),
    scales: s.scales.map((x) => round(x, 6)),
    weights: weights.map((x) => round(x, 6)),
    pool: POOL,
    trainedAt: new Date().toISOString(),
    method: `pairwise logistic regression, L2 λ = ${lambda}, standardized features, ${HIDDEN_VECTORS * 100}% of vectors hidden in training`,
    dropped,
    training: {
      split: 'tuning part only (scripts/lib/eval-metrics.ts isHeldOut = false)',
      dumps: dumps.map((d) => ({ site: d.site, links: d.queries })),
      queries: samples.length,
      originalInPool: withRelevant,
    },
    validation: {
      folds: FOLDS,
      note: `MRR@${TOP} over the tuning links, each fold scored by a model fitted on the others`,
      learned: mapValues(best.byKind, round),
      keywordsOnly: mapValues(validation(keywordsOnly, kinds, lambda).byKind, round),
      bm25PoolOrder: mapValues(poolOrderMrr(all, kinds), round),
    },
  }
}

const mapValues = <T extends Record<string, number>>(o: T, f: (x: number) => number) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)])) as T

// ---------------------------------------------------------------- the command line

async function main() {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string', multiple: true },
      worker: { type: 'boolean', default: false },
      samples: { type: 'string' },
      out: { type: 'string', default: MODEL_FILE },
      pool: { type: 'string', default: String(POOL) },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) {
    console.log('Usage: npm run train:similar [-- --dir DIR …] [--samples FILE] [--out FILE]')
    console.log(
      `  DIR: a Stack Exchange dump (default: each under ${STACKEXCHANGE_DATA} and ${DUPLICATES_DATA})`,
    )
    console.log('  --samples FILE: reuse (or, when absent, save) the pools computed from the dumps')
    console.log(`  --out FILE: where the model goes (default ${MODEL_FILE})`)
    console.log(`  --pool N: how many BM25 candidates the ranker re-ranks (default ${POOL})`)
    console.log('  The shipped model: --dir ../shared/data/duplicates/metase (the 500-link set)')
    return
  }
  POOL = Number(values.pool)
  if (!Number.isInteger(POOL) || POOL < 10 || POOL > 200) throw new Error('--pool takes 10…200')
  const dirs = (
    values.dir?.length
      ? values.dir
      : [STACKEXCHANGE_DATA, DUPLICATES_DATA].flatMap((r) => dumpDirs(r, 'PostLinks.xml'))
  ).map((d) => path.resolve(d))
  if (values.worker) {
    if (dirs.length !== 1) throw new Error('--worker takes exactly one --dir')
    await runDumpWorker(
      () => samplesOf(dirs[0]!),
      (r) => console.log(`${r.site}: ${r.samples.length} pools`),
    )
    return
  }
  let dumps: DumpSamples[]
  if (values.samples && fs.existsSync(values.samples)) {
    dumps = JSON.parse(fs.readFileSync(values.samples, 'utf8')) as DumpSamples[]
  } else {
    dumps = []
    for (const dir of dirs) {
      const result = await runDumpChild<DumpSamples>(import.meta.url, dir, ['--pool', String(POOL)])
      console.log(
        `${result.site}: ${result.samples.length} pools from ${result.queries} tuning links`,
      )
      dumps.push(result)
    }
    if (values.samples) fs.writeFileSync(values.samples, JSON.stringify(dumps))
  }
  const model = fit(dumps)
  // Formatted as the repository formats JSON, so `prettier --check` passes on a fresh model.
  const options = (await prettier.resolveConfig(MODEL_FILE)) ?? {}
  fs.writeFileSync(
    values.out,
    await prettier.format(JSON.stringify(model), { ...options, filepath: MODEL_FILE }),
  )
  console.log(`Validation MRR (${FOLDS}-fold, tuning links):`, model.validation)
  console.log(`Wrote ${values.out}`)
}

main().catch((error: unknown) => {
  console.error((error as Error).stack ?? String(error))
  process.exitCode = 1
})
