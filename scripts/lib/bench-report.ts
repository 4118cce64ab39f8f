// What `npm run bench` writes: the results' shape (bench/results/<date>.json), the issue's
// targets checked against them, the Markdown table and the scale curve (a table and an SVG
// chart drawn with d3-scale and d3-shape, as the site's own charts are). Pure: no I/O but
// reading and writing the files it is given, so a unit test can feed it fixed figures.
import fs from 'node:fs'
import path from 'node:path'
import { scaleLog } from 'd3-scale'
import { line } from 'd3-shape'

// ---------------------------------------------------------------- the results

/** One measured thing over its rounds: each figure the median of the rounds'. */
export interface Figure {
  rps: number
  p50: number
  p95: number
  p99: number
  /** Server (or, in process, the benchmark's own) CPU milliseconds per request. */
  cpuMsPerRequest: number
  /** Meilisearch's CPU milliseconds per request, when it took part. */
  meiliCpuMsPerRequest: number
  requests: number
  failures: number
  firstFailure?: string
  /** X-Cache values seen, summed over the rounds. */
  cache?: Record<string, number>
  /**
   * The server's event-loop delay over the rounds (max of the maxima, median of the p99s); with
   * several workers, each round's figures are the worst worker's.
   */
  loop?: { maxMs: number; p99Ms: number; workers?: number }
}

export interface Measured {
  label: string
  figure: Figure
  rounds: Figure[]
}

export interface ScenarioResult {
  id: string
  group: 'pages' | 'search' | 'writes' | 'health'
  label: string
  /** An example of what was asked (the path, or the query kind). */
  example: string
  concurrency: number
  app: Measured
  references: Measured[]
  /** Targets this scenario is held to (ids of TARGETS). */
  targets: TargetId[]
  note?: string
  /** Worker processes of the server it ran on, when not machine.webConcurrency (its own server). */
  workers?: number
  /** Why the scenario could not be measured, when it could not. */
  error?: string
}

export interface LagResult {
  samples: number[]
  p50: number
  p95: number
  max: number
  failures: number
}

export interface BenchResults {
  version: 1
  date: string
  questions: number
  seed: number
  /** `only`: the scenarios or groups asked for, when not all were (the curve leaves such runs out). */
  options: { seconds: number; rounds: number; concurrency: number; only?: string[] }
  machine: {
    cpus: number
    node: string
    commit: string
    loadAverageBefore: number[]
    loadAverageAfter: number[]
    webConcurrency: number
  }
  seeding: { reused: boolean; seconds: number }
  /** How long server.ts took to answer, and until its start-up jobs let it answer fast. */
  server?: { readySeconds: number; settledSeconds: number }
  scenarios: ScenarioResult[]
  /** Time from an answer's POST until Meilisearch finds it, ms. */
  searchableLag: LagResult | null
  memory: { appPeakRssMb: number; meiliPeakRssMb: number }
}

// ---------------------------------------------------------------- the targets

export type TargetId =
  | 'threadP50'
  | 'threadVsBare'
  | 'cacheHitVsBare'
  | 'searchP95'
  | 'adapterVsMeili'
  | 'answersPerSecond'
  | 'searchableP95'
  | 'loopMax'

export interface TargetCheck {
  id: TargetId | 'scale'
  label: string
  value: number
  limit: number
  op: '<=' | '>='
  unit: string
  pass: boolean
  /** When the issue sets the target for another scale or setup than this run's. */
  caveat?: string
}

const ref = (s: ScenarioResult, label: string) =>
  s.references.find((r) => r.label.startsWith(label))?.figure

/** The issue's Targets (issue 10), each read off one scenario. */
const TARGETS: Record<
  TargetId,
  {
    label: string
    op: '<=' | '>='
    limit: number
    unit: string
    value: (s: ScenarioResult) => number | undefined
    caveat?: (r: BenchResults, s?: ScenarioResult) => string | undefined
  }
> = {
  threadP50: { label: 'p50', op: '<=', limit: 5, unit: 'ms', value: (s) => s.app.figure.p50 },
  threadVsBare: {
    label: 'rps vs bare',
    op: '>=',
    limit: 0.17,
    unit: '×',
    value: (s) => s.app.figure.rps / (ref(s, 'bare')?.rps ?? NaN),
  },
  cacheHitVsBare: {
    label: 'rps vs bare',
    op: '>=',
    limit: 0.7,
    unit: '×',
    value: (s) => s.app.figure.rps / (ref(s, 'bare')?.rps ?? NaN),
  },
  searchP95: {
    label: 'p95',
    op: '<=',
    limit: 30,
    unit: 'ms',
    value: (s) => s.app.figure.p95,
    caveat: (r) => (r.questions < 1_000_000 ? 'target set at 1 000 000 threads' : undefined),
  },
  adapterVsMeili: {
    label: 'adapter p50 vs Meilisearch',
    op: '<=',
    limit: 1.5,
    unit: '×',
    value: (s) => (ref(s, 'Peerdesk adapter')?.p50 ?? NaN) / (ref(s, 'Meilisearch')?.p50 ?? NaN),
  },
  answersPerSecond: {
    label: 'answers/s',
    op: '>=',
    limit: 200,
    unit: '/s',
    value: (s) => s.app.figure.rps,
    caveat: (r, s) => {
      const workers = s?.workers ?? r.machine.webConcurrency
      return workers < 2 ? `target set for two workers; this one had ${workers}` : undefined
    },
  },
  searchableP95: {
    label: 'searchable p95',
    op: '<=',
    limit: 1000,
    unit: 'ms',
    value: () => undefined, // read off searchableLag, not a scenario
  },
  loopMax: {
    label: 'loop max',
    op: '<=',
    limit: 10,
    unit: 'ms',
    value: (s) => s.app.figure.loop?.maxMs,
  },
}

function check(
  id: TargetId,
  value: number | undefined,
  results: BenchResults,
  scenario?: ScenarioResult,
): TargetCheck | null {
  const t = TARGETS[id]
  if (value == null || Number.isNaN(value)) return null
  return {
    id,
    label: t.label,
    value,
    limit: t.limit,
    op: t.op,
    unit: t.unit,
    pass: t.op === '<=' ? value <= t.limit : value >= t.limit,
    caveat: t.caveat?.(results, scenario),
  }
}

/** The checks of one scenario, in the order its targets are listed. */
export function scenarioChecks(s: ScenarioResult, results: BenchResults): TargetCheck[] {
  return s.targets
    .map((id) => check(id, TARGETS[id].value(s), results, s))
    .filter((c): c is TargetCheck => c != null)
}

export function lagCheck(results: BenchResults): TargetCheck | null {
  return check('searchableP95', results.searchableLag?.p95, results)
}

// ---------------------------------------------------------------- formatting

export const fmtMs = (ms: number) =>
  Number.isFinite(ms) ? (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2)) : '–'
export const fmtNum = (n: number) =>
  Number.isFinite(n)
    ? n >= 100
      ? Math.round(n).toLocaleString('en-US')
      : n >= 10
        ? n.toFixed(1)
        : n.toFixed(2)
    : '–'
const fmtRatio = (x: number) =>
  Number.isFinite(x) ? `${x >= 10 ? x.toFixed(0) : x >= 0.1 ? x.toFixed(2) : x.toFixed(3)}×` : '–'

function fmtCheck(c: TargetCheck) {
  const value = c.unit === '×' ? fmtRatio(c.value) : `${fmtNum(c.value)} ${c.unit}`
  const limit = c.unit === '×' ? fmtRatio(c.limit) : `${fmtNum(c.limit)} ${c.unit}`
  const mark = c.pass ? '✅' : '❌'
  return `${mark} ${c.label} ${value} ${c.op === '<=' ? '≤' : '≥'} ${limit}${c.caveat ? ` (${c.caveat})` : ''}`
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

function figureCells(f: Figure, versus?: Figure) {
  const worst = f.loop?.workers && f.loop.workers > 1 ? ` (worst of ${f.loop.workers} workers)` : ''
  const loop = f.loop ? `${fmtMs(f.loop.maxMs)} / ${fmtMs(f.loop.p99Ms)}${worst}` : ''
  return [
    fmtNum(f.rps),
    fmtMs(f.p50),
    fmtMs(f.p95),
    fmtMs(f.p99),
    Number.isFinite(f.cpuMsPerRequest) ? fmtMs(f.cpuMsPerRequest) : '–',
    loop,
    versus ? fmtRatio(versus.rps / f.rps) : '',
    versus ? fmtRatio(versus.p50 / f.p50) : '',
  ]
}

// ---------------------------------------------------------------- the scale curve

export interface ScalePoint {
  questions: number
  date: string
  p50: number
  rps: number
}

export interface ScaleSeries {
  id: string
  label: string
  points: ScalePoint[]
}

/** The latest complete results file of each size, smallest size first. */
export function latestPerSize(all: BenchResults[]): BenchResults[] {
  const bySize = new Map<number, BenchResults>()
  for (const r of all) {
    if (r.options.only) continue
    const seen = bySize.get(r.questions)
    if (!seen || seen.date < r.date) bySize.set(r.questions, r)
  }
  return [...bySize.values()].sort((a, b) => a.questions - b.questions)
}

/** Each scenario's p50 and rps at each size, from the latest run of each size. */
export function scaleSeries(runs: BenchResults[]): ScaleSeries[] {
  const series = new Map<string, ScaleSeries>()
  for (const run of latestPerSize(runs)) {
    for (const s of run.scenarios) {
      const entry = series.get(s.id) ?? { id: s.id, label: s.label, points: [] }
      entry.points.push({
        questions: run.questions,
        date: run.date,
        p50: s.app.figure.p50,
        rps: s.app.figure.rps,
      })
      series.set(s.id, entry)
    }
  }
  return [...series.values()]
}

/** p50 at the largest size over p50 at the smallest: the issue allows 1.2×. */
export function scaleCheck(series: ScaleSeries): TargetCheck | null {
  const first = series.points[0]
  const last = series.points.at(-1)
  if (!first || !last || first === last) return null
  const value = last.p50 / first.p50
  return {
    id: 'scale',
    label: `p50 at ${fmtSize(last.questions)} vs ${fmtSize(first.questions)}`,
    value,
    limit: 1.2,
    op: '<=',
    unit: '×',
    pass: value <= 1.2,
    caveat: last.questions < 1_000_000 ? 'target set for 1 000 000 vs 10 000' : undefined,
  }
}

export const fmtSize = (n: number) =>
  n >= 1_000_000 && n % 1_000_000 === 0
    ? `${n / 1_000_000}M`
    : n >= 1000 && n % 1000 === 0
      ? `${n / 1000}k`
      : String(n)

const COLORS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
]
const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** The scale curve as an SVG: p50 (log) over the community's size (log), one line a scenario. */
export function scaleSvg(series: ScaleSeries[], title: string): string {
  const width = 980
  const height = Math.max(480, 80 + series.length * 17)
  const margin = { top: 40, right: 400, bottom: 50, left: 64 }
  const points = series.flatMap((s) => s.points).filter((p) => p.p50 > 0)
  const sizes = points.map((p) => p.questions)
  const p50s = points.map((p) => p.p50)
  const xDomain = sizes.length ? [Math.min(...sizes), Math.max(...sizes)] : [10_000, 1_000_000]
  if (xDomain[0] === xDomain[1]) xDomain[1] = xDomain[0]! * 10
  const yDomain = p50s.length ? [Math.min(...p50s), Math.max(...p50s)] : [1, 100]
  const x = scaleLog()
    .domain([xDomain[0]! / 1.3, xDomain[1]! * 1.3])
    .range([margin.left, width - margin.right])
  const y = scaleLog()
    .domain([Math.max(0.01, yDomain[0]! / 1.5), yDomain[1]! * 1.5])
    .range([height - margin.bottom, margin.top])
    .nice()
  const path = line<ScalePoint>()
    .x((p) => x(p.questions))
    .y((p) => y(p.p50))
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${margin.left}" y="22" font-size="15" font-weight="600">${escapeXml(title)}</text>`,
  ]
  // 1-2-5 ticks only: a log scale's own ticks crowd every decade.
  const yTicks = y.ticks(10).filter((t) => /^[125]/.test(t.toExponential()))
  for (const tick of yTicks) {
    const ty = y(tick)
    out.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${ty.toFixed(1)}" y2="${ty.toFixed(1)}" stroke="#eee"/>`,
      `<text x="${margin.left - 6}" y="${(ty + 4).toFixed(1)}" text-anchor="end" fill="#555">${+tick.toPrecision(2)}</text>`,
    )
  }
  const sizeTicks = [...new Set(sizes)].sort((a, b) => a - b)
  for (const tick of sizeTicks) {
    const tx = x(tick)
    out.push(
      `<line x1="${tx.toFixed(1)}" x2="${tx.toFixed(1)}" y1="${margin.top}" y2="${height - margin.bottom}" stroke="#eee"/>`,
      `<text x="${tx.toFixed(1)}" y="${height - margin.bottom + 16}" text-anchor="middle" fill="#555">${fmtSize(tick)}</text>`,
    )
  }
  out.push(
    `<text x="${(margin.left + width - margin.right) / 2}" y="${height - 12}" text-anchor="middle">questions in the community (log)</text>`,
    `<text transform="translate(16 ${(margin.top + height - margin.bottom) / 2}) rotate(-90)" text-anchor="middle">p50, ms (log)</text>`,
  )
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]!
    // Past ten series the colours come round again: dashes tell those lines apart.
    const dash = i >= COLORS.length ? ' stroke-dasharray="6 3"' : ''
    const visible = s.points.filter((p) => p.p50 > 0)
    if (visible.length > 1) {
      out.push(
        `<path d="${path(visible) ?? ''}" fill="none" stroke="${color}" stroke-width="2"${dash}/>`,
      )
    }
    for (const p of visible) {
      out.push(
        `<circle cx="${x(p.questions).toFixed(1)}" cy="${y(p.p50).toFixed(1)}" r="3.5" fill="${color}"><title>${escapeXml(`${s.label}: ${fmtMs(p.p50)} ms at ${fmtSize(p.questions)}`)}</title></circle>`,
      )
    }
    const ly = margin.top + 4 + i * 17
    out.push(
      `<line x1="${width - margin.right + 16}" x2="${width - margin.right + 36}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"${dash}/>`,
      `<text x="${width - margin.right + 42}" y="${ly + 4}">${escapeXml(s.label.length > 58 ? `${s.label.slice(0, 57)}…` : s.label)}</text>`,
    )
  })
  out.push('</svg>')
  return `${out.join('\n')}\n`
}

/** The scale curve as Markdown: p50 and rps at each size, and the ≤ 1.2× check. */
export function scaleMarkdown(series: ScaleSeries[]): string {
  const sizes = [...new Set(series.flatMap((s) => s.points.map((p) => p.questions)))].sort(
    (a, b) => a - b,
  )
  if (sizes.length === 0) return 'No results yet.\n'
  const lines = [
    `| scenario | ${sizes.map((n) => `p50 ms / rps at ${fmtSize(n)}`).join(' | ')} | scale |`,
    `|---|${sizes.map(() => '---:').join('|')}|---|`,
  ]
  for (const s of series) {
    const cells = sizes.map((n) => {
      const p = s.points.find((x) => x.questions === n)
      return p ? `${fmtMs(p.p50)} / ${fmtNum(p.rps)}` : '–'
    })
    const c = scaleCheck(s)
    lines.push(`| ${cell(s.label)} | ${cells.join(' | ')} | ${c ? cell(fmtCheck(c)) : '–'} |`)
  }
  return `${lines.join('\n')}\n`
}

// ---------------------------------------------------------------- the Markdown report

const GROUPS: Record<ScenarioResult['group'], string> = {
  pages: 'Pages',
  search: 'Search and similar questions',
  writes: 'Writes',
  health: 'Health under load',
}

/** "N of M targets met", over the scenarios and the searchable lag. */
function targetSummary(results: BenchResults) {
  const checks = [
    ...results.scenarios.flatMap((s) => scenarioChecks(s, results)),
    ...[lagCheck(results)].filter((c): c is TargetCheck => c != null),
  ]
  const met = checks.filter((c) => c.pass).length
  return `**Targets: ${met} of ${checks.length} met** (issue 10's; ❌ below marks the others).`
}

export function resultsMarkdown(
  results: BenchResults,
  scale: { series: ScaleSeries[]; svgFile: string | null },
): string {
  const { machine, options } = results
  const out: string[] = [
    `# Benchmark ${results.date}: ${results.questions.toLocaleString('en-US')} questions`,
    '',
    `Production build, \`WEB_CONCURRENCY=${machine.webConcurrency}\`, seeded with ` +
      `\`npm run seed -- --questions ${results.questions} --seed ${results.seed}\`` +
      ` (${results.seeding.reused ? 'cached seed' : `seeded in ${results.seeding.seconds.toFixed(0)} s`}); ` +
      `${options.rounds} rounds of ${options.seconds} s per figure, each figure the median of the rounds, ` +
      `its reference measured in the same rounds. ${machine.cpus} cores shared by client, server and ` +
      `Meilisearch (and whatever else runs: load average ${machine.loadAverageBefore.map((x) => x.toFixed(1)).join(' ')} ` +
      `before, ${machine.loadAverageAfter.map((x) => x.toFixed(1)).join(' ')} after). Node ${machine.node}, commit ${machine.commit}.`,
    '',
    targetSummary(results),
    '',
    'Columns: requests a second, latency percentiles (ms), the server’s CPU per request (ms; for ' +
      'in-process references the benchmark’s own), the event loop’s delay inside the server under ' +
      'that load (max / p99, ms), and for references how the app compares (app rps ÷ reference rps, ' +
      'app p50 ÷ reference p50).',
    ...(results.scenarios.some(
      (s) => (s.workers ?? machine.webConcurrency) !== machine.webConcurrency,
    )
      ? [
          '',
          'Scenarios whose label names their workers ran last, on a server of their own started ' +
            'with that `WEB_CONCURRENCY` on the same database (the one above stopped first): their ' +
            'CPU is all the workers’ together, their loop figures the worst worker’s.',
        ]
      : []),
    '',
  ]
  const groups = [...new Set(results.scenarios.map((s) => s.group))]
  for (const group of groups) {
    out.push(
      `## ${GROUPS[group]}`,
      '',
      '| scenario | C | rps | p50 | p95 | p99 | CPU ms/req | loop max / p99 | app ÷ ref rps | app ÷ ref p50 | targets |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    )
    for (const s of results.scenarios.filter((x) => x.group === group)) {
      const checks = scenarioChecks(s, results).map(fmtCheck).join('<br>')
      const failed =
        (s.app.figure.failures
          ? ` ⚠ ${s.app.figure.failures} failed (${s.app.figure.firstFailure ?? ''})`
          : '') + (s.error ? ` ⚠ not measured: ${s.error}` : '')
      const note = s.note ? `<br>${cell(s.note)}` : ''
      out.push(
        `| **${cell(s.label)}**<br>\`${cell(s.example)}\`${note}${failed} | ${s.concurrency} | ${figureCells(s.app.figure).slice(0, 6).join(' | ')} | | | ${cell(checks)} |`,
      )
      for (const r of s.references) {
        out.push(
          `| ↳ ${cell(r.label)} | ${s.concurrency} | ${figureCells(r.figure, s.app.figure).join(' | ')} | |`,
        )
      }
    }
    out.push('')
  }
  if (results.searchableLag) {
    const lag = results.searchableLag
    const c = lagCheck(results)
    out.push(
      '## Time until a posted answer is searchable',
      '',
      `${lag.samples.length} answers posted one at a time through the real action, each with a word ` +
        `of its own; the time until Meilisearch (called directly) finds it: p50 ${fmtMs(lag.p50)} ms, ` +
        `p95 ${fmtMs(lag.p95)} ms, max ${fmtMs(lag.max)} ms` +
        `${lag.failures ? `, ${lag.failures} not found within 30 s` : ''}. ${c ? fmtCheck(c) : ''}`,
      '',
    )
  }
  out.push(
    '## Memory and start-up',
    '',
    `Peak RSS over the run: the app ${results.memory.appPeakRssMb.toFixed(0)} MB, ` +
      `Meilisearch ${results.memory.meiliPeakRssMb.toFixed(0)} MB.` +
      (results.server
        ? ` server.ts answered /healthz ${results.server.readySeconds.toFixed(1)} s after it was ` +
          `started and fast (three answers under 50 ms in a row, once its start-up jobs had ` +
          `run) after ${results.server.settledSeconds.toFixed(1)} s.`
        : ''),
    '',
    '## Scale curve',
    '',
    'The latest results file of each size in `bench/results/` (p50 ms / requests a second); the ' +
      'issue allows 1.2× the 10 000-thread figure at 1 000 000.',
    '',
    scaleMarkdown(scale.series),
  )
  if (scale.svgFile) out.push(`![p50 over the community's size](${scale.svgFile})`, '')
  return out.join('\n')
}

// ---------------------------------------------------------------- files

/** Every results file in `dir` (oldest first) with its stamp; files that do not parse are skipped. */
export function readResultFiles(dir: string): { stamp: string; results: BenchResults }[] {
  if (!fs.existsSync(dir)) return []
  const out: { stamp: string; results: BenchResults }[] = []
  for (const file of fs.readdirSync(dir).sort()) {
    if (!file.endsWith('.json')) continue
    try {
      const parsed = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as BenchResults
      if (parsed.version === 1 && Array.isArray(parsed.scenarios)) {
        out.push({ stamp: file.slice(0, -'.json'.length), results: parsed })
      }
    } catch {
      // not ours, or half-written: leave it out of the curve
    }
  }
  return out
}

export const readResults = (dir: string) => readResultFiles(dir).map((f) => f.results)

/** A file name for a date: 2026-12-02T0315Z (sorts by time, no colons). */
export function stampOf(date: Date): string {
  return date.toISOString().slice(0, 16).replace(':', '').concat('Z')
}

/** Writes `text` to `file` formatted as the repository's Prettier settings say (format:check). */
async function writeFormatted(file: string, text: string) {
  const prettier = await import('prettier')
  const options = (await prettier.resolveConfig(file)) ?? {}
  fs.writeFileSync(file, await prettier.format(text, { ...options, filepath: file }))
}

/**
 * Writes `<stamp>.json`, `<stamp>.md` and `<stamp>-scale.svg` into `dir`, the curve drawn from
 * every results file there (this one included); returns the paths.
 */
export async function writeReport(dir: string, stamp: string, results: BenchResults) {
  fs.mkdirSync(dir, { recursive: true })
  const json = path.join(dir, `${stamp}.json`)
  await writeFormatted(json, JSON.stringify(results))
  const series = scaleSeries(readResults(dir))
  const svgName = `${stamp}-scale.svg`
  const svg = path.join(dir, svgName)
  fs.writeFileSync(svg, scaleSvg(series, 'Peerdesk: p50 per scenario over the community’s size'))
  const md = path.join(dir, `${stamp}.md`)
  await writeFormatted(md, resultsMarkdown(results, { series, svgFile: svgName }))
  return [json, md, svg]
}

/** Writes every results file's Markdown and scale chart again (after a run of another size). */
export async function rewriteReports(dir: string) {
  const written: string[] = []
  for (const { stamp, results } of readResultFiles(dir)) {
    written.push(...(await writeReport(dir, stamp, results)))
  }
  return written
}
