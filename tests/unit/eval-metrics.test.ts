// The evaluator's figures on rankings whose answers are known by hand.
import { describe, expect, it } from 'vitest'
import {
  isHeldOut,
  metricInterval,
  metricsOf,
  outcomeOf,
  relativeGain,
  type Outcome,
} from '../../scripts/lib/eval-metrics.ts'

describe('the evaluator’s figures', () => {
  it('rank the first relevant thread within the top 10 and count recall at 5', () => {
    expect(outcomeOf([7, 3, 9], new Set([3]))).toEqual({ rank: 2, recall5: 1 })
    expect(outcomeOf([1, 2, 3, 4, 5, 6], new Set([6, 2]))).toEqual({ rank: 2, recall5: 0.5 })
    expect(outcomeOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], new Set([11]))).toEqual({
      rank: null,
      recall5: 0,
    })
  })

  it('average P@1, MRR and recall@5 exactly', () => {
    const outcomes: Outcome[] = [
      { rank: 1, recall5: 1 },
      { rank: 2, recall5: 1 },
      { rank: 4, recall5: 1 },
      { rank: null, recall5: 0 },
    ]
    expect(metricsOf(outcomes)).toEqual({ n: 4, p1: 0.25, mrr: (1 + 0.5 + 0.25) / 4, r5: 0.75 })
    expect(metricsOf([])).toEqual({ n: 0, p1: 0, mrr: 0, r5: 0 })
  })

  it('give an interval around the figure that narrows with more queries', () => {
    const few: Outcome[] = [
      { rank: 1, recall5: 1 },
      { rank: null, recall5: 0 },
      { rank: 2, recall5: 1 },
      { rank: null, recall5: 0 },
    ]
    const many = Array.from({ length: 50 }, () => few).flat()
    const small = metricInterval(few, 'mrr')
    const large = metricInterval(many, 'mrr')
    expect(small.value).toBeCloseTo(0.375)
    expect(large.value).toBeCloseTo(0.375)
    for (const i of [small, large]) {
      expect(i.low).toBeLessThanOrEqual(i.value)
      expect(i.high).toBeGreaterThanOrEqual(i.value)
    }
    expect(large.high - large.low).toBeLessThan((small.high - small.low) / 3)
    expect(metricInterval(few, 'mrr')).toEqual(small) // seeded: the same every run
  })

  it('measure a gain on the same queries, with a paired interval', () => {
    const base: Outcome[] = Array.from({ length: 40 }, (_, i) => ({
      rank: i % 2 === 0 ? 2 : null,
      recall5: i % 2 === 0 ? 1 : 0,
    }))
    const ours = base.map((o) => (o.rank === 2 ? { rank: 1, recall5: 1 } : o))
    const gain = relativeGain(ours, base, 'mrr')
    expect(gain.value).toBeCloseTo(1) // MRR 0.5 against 0.25: twice as good
    expect(gain.absolute).toBeCloseTo(0.25)
    // Every query that moved moved the same way: the paired interval does not cross zero.
    expect(gain.low).toBeGreaterThan(0)
    expect(relativeGain(base, base, 'mrr')).toMatchObject({ value: 0, low: 0, high: 0 })
    expect(() => relativeGain(ours.slice(1), base, 'mrr')).toThrow()
  })

  it('hold apart a fixed 40% of the duplicates, by id alone', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => i + 1)
    const held = ids.filter((id) => isHeldOut('metase', id))
    expect(held.length / ids.length).toBeGreaterThan(0.35)
    expect(held.length / ids.length).toBeLessThan(0.45)
    expect(ids.filter((id) => isHeldOut('metase', id))).toEqual(held)
  })
})
