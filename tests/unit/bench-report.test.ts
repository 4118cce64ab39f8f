import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  latestPerSize,
  readResults,
  resultsMarkdown,
  rewriteReports,
  scaleSeries,
  scaleSvg,
  scenarioChecks,
  stampOf,
  writeReport,
  type BenchResults,
  type Figure,
  type ScenarioResult,
} from '../../scripts/lib/bench-report.ts'

const figure = (rps: number, p50: number, extra: Partial<Figure> = {}): Figure => ({
  rps,
  p50,
  p95: p50 * 2,
  p99: p50 * 3,
  cpuMsPerRequest: 1,
  meiliCpuMsPerRequest: 0,
  requests: 100,
  failures: 0,
  ...extra,
})

function threadScenario(rps: number, p50: number, bareRps: number): ScenarioResult {
  const app = figure(rps, p50, { loop: { maxMs: 8, p99Ms: 2 } })
  const bare = figure(bareRps, 0.5)
  return {
    id: 'thread-miss-resolved',
    group: 'pages',
    label: 'Thread page, cache miss',
    example: '/questions/1/a-b',
    concurrency: 8,
    app: { label: 'app', figure: app, rounds: [app] },
    references: [{ label: 'bare node:http, same bytes', figure: bare, rounds: [bare] }],
    targets: ['threadP50', 'threadVsBare', 'loopMax'],
  }
}

function results(questions: number, date: string, p50: number): BenchResults {
  return {
    version: 1,
    date,
    questions,
    seed: 1,
    options: { seconds: 5, rounds: 3, concurrency: 8 },
    machine: {
      cpus: 2,
      node: '20.20.2',
      commit: 'abc1234',
      loadAverageBefore: [1, 1, 1],
      loadAverageAfter: [2, 2, 2],
      webConcurrency: 1,
    },
    seeding: { reused: true, seconds: 40 },
    scenarios: [threadScenario(400, p50, 2000)],
    searchableLag: { samples: [100, 200, 300], p50: 200, p95: 300, max: 300, failures: 0 },
    memory: { appPeakRssMb: 250, meiliPeakRssMb: 300 },
  }
}

describe('benchmark report', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
  })

  it('checks a scenario against the issue’s targets', () => {
    const checks = scenarioChecks(threadScenario(400, 4, 2000), results(10_000, 'x', 4))
    expect(checks.map((c) => [c.id, c.pass])).toEqual([
      ['threadP50', true],
      ['threadVsBare', true], // 400 / 2000 = 0.2 ≥ 0.17
      ['loopMax', true],
    ])
    const slow = scenarioChecks(threadScenario(100, 9, 2000), results(10_000, 'x', 9))
    expect(slow.filter((c) => !c.pass).map((c) => c.id)).toEqual(['threadP50', 'threadVsBare'])
  })

  it('draws the scale curve from the latest run of each size', () => {
    const partial = results(10_000, '2026-12-03T00:00:00.000Z', 1)
    partial.options.only = ['pages']
    const runs = [
      results(10_000, '2026-12-01T00:00:00.000Z', 3),
      results(10_000, '2026-12-02T00:00:00.000Z', 4),
      results(100_000, '2026-12-02T01:00:00.000Z', 6),
      partial, // a run of some scenarios only stays out of the curve
    ]
    expect(latestPerSize(runs).map((r) => r.date)).toEqual([
      '2026-12-02T00:00:00.000Z',
      '2026-12-02T01:00:00.000Z',
    ])
    const series = scaleSeries(runs)
    expect(series[0]!.points.map((p) => [p.questions, p.p50])).toEqual([
      [10_000, 4],
      [100_000, 6],
    ])
    const svg = scaleSvg(series, 'Scale')
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg).toContain('<path d="M')
    expect(svg).toContain('100k')
    expect(svg).toContain('Thread page, cache miss')
  })

  it('writes the JSON, the Markdown with pass/fail marks and the linked SVG', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peerdesk-bench-report-'))
    dirs.push(dir)
    await writeReport(dir, 'first', results(10_000, '2026-12-01T00:00:00.000Z', 4))
    const stamp = stampOf(new Date('2026-12-02T03:15:42Z'))
    expect(stamp).toBe('2026-12-02T0315Z')
    await writeReport(dir, stamp, results(100_000, '2026-12-02T03:15:42.000Z', 6))
    expect(readResults(dir)).toHaveLength(2)
    const md = fs.readFileSync(path.join(dir, `${stamp}.md`), 'utf8')
    expect(md).toContain('❌ p50 6.00 ms ≤ 5.00 ms')
    expect(md).toContain('✅ searchable p95 300 ms ≤ 1,000 ms')
    expect(md).toContain(`![p50 over the community's size](${stamp}-scale.svg)`)
    // 6 ms at 100k against 4 ms at 10k: 1.5×, over the 1.2× allowed
    expect(md).toMatch(/❌ p50 at 100k vs 10k 1\.50×/)
    expect(md).toContain('**Targets: 3 of 4 met**')
    expect(fs.readFileSync(path.join(dir, `${stamp}-scale.svg`), 'utf8')).toContain('<svg')
    // The older run's report gets the newer size in its curve when written again.
    expect(fs.readFileSync(path.join(dir, 'first.md'), 'utf8')).not.toContain('at 100k')
    await rewriteReports(dir)
    expect(fs.readFileSync(path.join(dir, 'first.md'), 'utf8')).toContain('at 100k')
    expect(resultsMarkdown(results(10_000, 'd', 4), { series: [], svgFile: null })).toContain(
      'No results yet.',
    )
  })

  it('holds answers a second to two workers, and says whose loop the figures are', () => {
    const answers = (workers?: number): ScenarioResult => {
      const app = figure(230, 30, {
        loop: { maxMs: 40, p99Ms: 20, ...(workers ? { workers } : {}) },
      })
      return {
        id: workers ? 'answers-two-workers' : 'answers',
        group: 'writes',
        label: workers ? 'Answers, two workers' : 'Answers',
        example: 'POST /questions/ID/slug intent=answer',
        concurrency: 8,
        app: { label: 'app', figure: app, rounds: [app] },
        references: [],
        targets: ['answersPerSecond', 'loopMax'],
        ...(workers ? { workers } : {}),
      }
    }
    const run = results(10_000, '2026-12-02T00:00:00.000Z', 4)
    run.scenarios = [answers(), answers(2)]
    const [one, two] = run.scenarios.map((s) => scenarioChecks(s, run)[0]!)
    expect(one!.caveat).toBe('target set for two workers; this one had 1')
    expect(two).toMatchObject({ id: 'answersPerSecond', pass: true, caveat: undefined })
    const md = resultsMarkdown(run, { series: [], svgFile: null })
    expect(md).toContain('40.0 / 20.0 (worst of 2 workers)')
    expect(md).toContain('their loop figures the worst worker’s')
  })
})
