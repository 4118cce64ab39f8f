// The learned similar-questions ranking: its keyword features on hand-made texts (exact values),
// the pairwise logistic fit on toy data, and how the ranker combines the cosine with the
// keyword features (and does without it).
import { describe, expect, it } from 'vitest'
import {
  crossValidate,
  fitPairwiseLogistic,
  standardization,
  type TrainingQuery,
} from '../../scripts/lib/eval-training.ts'
import {
  bigramCoverage,
  contentStems,
  featureArray,
  keywordFeatures,
  queryTermsOf,
  shareInQuery,
  weightedCoverage,
  type CandidateEvidence,
} from '#search/similar-features.ts'
import {
  ALL_FEATURES,
  featureRows,
  looksEnglish,
  rankCandidates,
  SHIPPED_MODEL,
  type RankerModel,
  type SimilarCandidate,
} from '#search/similar-ranker.ts'
import type { SimilarHit } from '#search/types.ts'
import { int8View, quantizeVector } from '#search/vectors.ts'

// printer 1, print 2, blank 3, label 4: the query's words weigh 10 in all.
const weights = new Map([
  ['printer', 1],
  ['print', 2],
  ['blank', 3],
  ['label', 4],
])
const query = queryTermsOf('Why does my printer print blank labels?', (s) => weights.get(s) ?? 0)

describe('similar-questions keyword features', () => {
  it('compare content words by stem, stop words left out', () => {
    expect(contentStems('Why does my printer print blank labels?')).toEqual([
      'printer',
      'print',
      'blank',
      'label',
    ])
    expect(query.stems).toEqual(['printer', 'print', 'blank', 'label'])
    expect(query.bigrams).toEqual(['printer print', 'print blank', 'blank label'])
  })

  it('weigh the query words a text holds by their IDF', () => {
    const title = new Set(contentStems('Blank labels from the printer'))
    expect(weightedCoverage(query, title)).toBeCloseTo(0.8, 10) // (3 + 4 + 1) / 10
    expect(weightedCoverage(query, new Set(['ribbon']))).toBe(0)
  })

  it('count the title words the query holds, each once', () => {
    expect(shareInQuery(query, contentStems('Blank labels, blank ribbon'))).toBeCloseTo(2 / 3, 10)
    expect(shareInQuery(query, [])).toBe(0)
  })

  it('weigh the consecutive pairs a text holds consecutively', () => {
    // "blank label" (3 + 4) of the pairs' 3 + 5 + 7; "label printer" is not a pair of the query.
    expect(bigramCoverage(query, contentStems('Blank labels from the printer'))).toBeCloseTo(
      7 / 15,
      10,
    )
    expect(bigramCoverage(query, contentStems('printer prints blank labels'))).toBe(1)
    expect(
      bigramCoverage(
        queryTermsOf('printer', () => 1),
        ['printer'],
      ),
    ).toBe(0)
  })

  it('describe a candidate in the order the thread sends them', () => {
    const evidence: CandidateEvidence = {
      bm25: 6,
      bm25Title: 4,
      bm25Body: 1,
      bm25Answers: 0.5,
      rank: 3,
      bestBm25: 8,
      title: 'Blank labels from the printer',
      bodyOpening: 'It prints nothing at all.',
      answersOpening: 'Calibrate the label sensor.',
      proximity: 0.25,
      resolved: true,
      official: false,
    }
    const features = keywordFeatures(query, evidence)
    expect(features).toEqual({
      bm25: 6,
      bm25Share: 0.75,
      logRank: 2,
      bm25Title: 4,
      bm25Body: 1,
      bm25Answers: 0.5,
      titleCoverage: expect.closeTo(0.8, 10),
      titleInQuery: 1,
      textCoverage: 1, // the body adds "print"
      titleBigrams: expect.closeTo(7 / 15, 10),
      textBigrams: expect.closeTo(7 / 15, 10), // "printer print" spans title and body: no pair
      proximity: 0.25,
      answersCoverage: 0.4, // "label"
      resolved: 1,
      official: 0,
    })
    expect(featureArray(features)).toHaveLength(ALL_FEATURES.length - 4)
  })
})

describe('pairwise logistic training', () => {
  // Feature 0 tells the relevant candidate apart; feature 1 is the same for all.
  const toy = (sign: number): TrainingQuery[] =>
    Array.from({ length: 20 }, (_, q) => ({
      group: `q${q}`,
      rows: [0, 1, 2, 3].map((i) => [sign * (i === q % 4 ? 2 + (q % 3) : i * 0.1), 1]),
      relevant: [0, 1, 2, 3].map((i) => i === q % 4),
    }))

  it('learns the sign of the feature that separates the relevant candidates', () => {
    for (const sign of [1, -1]) {
      const data = toy(sign)
      const s = standardization(data, 2)
      const w = fitPairwiseLogistic(data, s, 0.1)
      expect(Math.sign(w[0]!)).toBe(sign)
      expect(w[1]).toBeCloseTo(0, 12) // a constant feature is standardized to 0 everywhere
    }
  })

  it('is deterministic and ranks held-out folds of separable data perfectly', () => {
    const data = toy(1)
    const s = standardization(data, 2)
    expect(fitPairwiseLogistic(data, s, 1)).toEqual(fitPairwiseLogistic(data, s, 1))
    expect(crossValidate(data, 1, 4)).toEqual(data.map(() => 1))
  })

  it('keeps the weights small under a strong penalty', () => {
    const data = toy(1)
    const s = standardization(data, 2)
    const weak = fitPairwiseLogistic(data, s, 0.1)[0]!
    const strong = fitPairwiseLogistic(data, s, 100)[0]!
    expect(strong).toBeGreaterThan(0)
    expect(strong).toBeLessThan(weak)
  })
})

describe('the learned ranker', () => {
  const hit = (id: number, title: string): SimilarHit => ({
    id,
    slug: `q-${id}`,
    title,
    status: 'resolved',
    resolved: true,
    official: false,
    answerCount: 1,
  })
  const unit = (i: number) => Array.from({ length: 512 }, (_, j) => (j === i ? 1 : 0))
  const queryVector = Float32Array.from(unit(0))
  const lexical = (bm25Share: number, coverage: number, rank: number) =>
    featureArray({
      bm25: 10 * bm25Share,
      bm25Share,
      logRank: Math.log2(1 + rank),
      bm25Title: 5 * bm25Share,
      bm25Body: 2 * bm25Share,
      bm25Answers: 0,
      titleCoverage: coverage,
      titleInQuery: coverage,
      textCoverage: coverage,
      titleBigrams: coverage / 2,
      textBigrams: coverage / 2,
      proximity: coverage / 2,
      answersCoverage: 0,
      resolved: 1,
      official: 0,
    })
  // The near-miss shares more words with the query; the paraphrase means the same thing.
  const nearMiss: SimilarCandidate = {
    hit: hit(1, 'Printer prints labels twice'),
    keyword: lexical(1, 0.6, 0),
    vector: int8View(quantizeVector(unit(1))),
  }
  const paraphrase: SimilarCandidate = {
    hit: hit(2, 'Labels come out empty'),
    keyword: lexical(0.8, 0.45, 1),
    vector: int8View(quantizeVector(unit(0))),
  }
  const others: SimilarCandidate[] = [3, 4, 5].map((id) => ({
    hit: hit(id, `Other ${id}`),
    keyword: lexical(0.5 - id / 20, 0.2, id - 1),
    vector: int8View(quantizeVector(unit(id))),
  }))
  const pool = [nearMiss, paraphrase, ...others]

  it('ships a model over known features, with the cosine weighing up', () => {
    expect(SHIPPED_MODEL.features.every((f) => ALL_FEATURES.includes(f))).toBe(true)
    expect(SHIPPED_MODEL.weights).toHaveLength(SHIPPED_MODEL.features.length)
    const weightOf = (name: string) =>
      SHIPPED_MODEL.weights[SHIPPED_MODEL.features.indexOf(name as never)] ?? 0
    expect(weightOf('cosine') + weightOf('cosineGap')).toBeGreaterThan(0)
  })

  it('lifts a paraphrase above a lexical near-miss when the vectors are there', () => {
    expect(rankCandidates(pool, queryVector).map((h) => h.id)).toEqual([2, 1, 3, 4, 5])
  })

  it('ranks by the keyword features alone without a query vector', () => {
    expect(rankCandidates(pool, null).map((h) => h.id)).toEqual([1, 2, 3, 4, 5])
    const rows = featureRows(pool, null)
    expect(rows.every((row) => row.at(-1) === 1 && Number.isNaN(row.at(-4)))).toBe(true)
  })

  it('scores a candidate without a stored vector at the mean cosine', () => {
    const model: RankerModel = {
      features: ['bm25Share', 'cosine', 'noVector'],
      means: [0.5, 0.5, 0],
      scales: [0.25, 0.25, 1],
      weights: [1, 2, -0.5],
      pool: 50,
    }
    const missing = { ...paraphrase, vector: null }
    // nearMiss: 2 + 2·(0 − 0.5)/0.25 = −2; missing: 1.2 + 0 − 0.5 = 0.7.
    expect(rankCandidates([nearMiss, missing], queryVector, model).map((h) => h.id)).toEqual([2, 1])
  })
})

describe('the language guard', () => {
  it('lets English through, whatever its tech words, and catches another language', () => {
    for (const text of [
      'Can I "tip" someone who left a good comment on my answer?',
      'Is it OK to replace links to cplusplus.com with links to cppreference.com?',
      'Ctrl+L does not pour the MIT licence con text into the editor',
      'Zebra printer blank labels',
      // Typed so far: the last word is the start of an English one.
      'Is there a way to cancel without los',
      'Any idea what else I could che',
    ]) {
      expect(looksEnglish(text), text).toBe(true)
    }
    for (const text of [
      'Nous tutoyons-nous sur French Language ?',
      'No-break spaces aren’t displayed correctly — Mauvais affichage des espaces insécables',
      '¿Cómo cambio la contraseña de mi cuenta?',
      'Wie kann ich das Passwort ändern?',
      '¿Cómo cambio la contraseña de los',
      'Pourquoi le thermostat ne répond pas ',
    ]) {
      expect(looksEnglish(text), text).toBe(false)
    }
  })
})
