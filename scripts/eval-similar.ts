// `npm run eval:similar [-- --dir DIR …]`: how well similar questions find the real duplicate.
// For each Stack Exchange dump (default: every dir with a PostLinks.xml under
// ../shared/data/stackexchange and ../shared/data/duplicates, beside the repository; the 500-link
// meta.stackexchange set among them) it builds a fresh Peerdesk database through the models,
// indexes it in a managed Meilisearch beside it, and asks for each duplicate link (LinkTypeId 3)
// with (a) the duplicate's title and (b) its title plus the opening ~300 characters of its body
// (without the "Possible Duplicate:" notice older questions begin with), leaving the duplicate
// itself out; the relevant thread is the original. It reports P@1, MRR (top 10) and recall@5 for
// a plain BM25 baseline (FTS5 bm25(), stop words dropped, terms OR-ed, written here
// independently of search/), Meilisearch with default settings, Peerdesk's /search index, and
// similarQuestions with each strategy, each MRR with a bootstrap 95% interval, and the default's
// gain over the baseline with a paired interval. A fixed 40% of each dump's duplicates (by a hash
// of their id, scripts/lib/eval-metrics.ts) is held apart: anything tuned is tuned on the rest,
// and the verdict is read on the held-apart part of the 500-link set. `--json FILE` writes it all.
// Each dump runs in its own child process: the app opens its database at import time.
import { fork } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import {
  addCleanup,
  cleanup,
  cleanUpOnSignals,
  drainTimed,
  dumpDirs,
  DUPLICATES_DATA,
  freshDatabaseDir,
  isInterrupted,
  progressBar,
  STACKEXCHANGE_DATA,
} from './lib/bench.ts'
import {
  duplicatesOf,
  htmlToText,
  openingText,
  readDump,
  toPeerdeskTags,
  withoutDuplicateNotice,
  type SeThread,
} from '#app/lib/stackexchange-dump.server.ts'
import {
  isHeldOut,
  metricInterval,
  metricsOf,
  outcomeOf,
  relativeGain,
  TOP,
  type Outcome,
} from './lib/eval-metrics.ts'

const DEFAULT_ROOTS = [STACKEXCHANGE_DATA, DUPLICATES_DATA]
/** The gain over the baseline the shipped ranking must show on the held-apart links. */
const REQUIRED_GAIN = 0.15
/** A dump with at least this many duplicates also reports its tuning and held-apart parts. */
const SPLIT_REPORT_MIN = 50
const BODY_OPENING_CHARS = 300
const USER_POOL = 24

// ---------------------------------------------------------------- results

type QueryKind = 'title' | 'titleBody'
const QUERY_KINDS: { kind: QueryKind; label: string }[] = [
  { kind: 'title', label: 'title' },
  { kind: 'titleBody', label: `title + ~${BODY_OPENING_CHARS} chars of body` },
]

interface MethodResult {
  key: string
  label: string
  outcomes: Record<QueryKind, Outcome[]>
  msPerQuery: number
}

interface DumpResult {
  site: string
  questions: number
  answers: number
  accepted: number
  duplicates: number
  links: number
  loadSeconds: number
  indexSeconds: number
  documents: number
  methods: MethodResult[]
  /** The duplicates asked about, in the order of each method's outcomes. */
  queries: { duplicateId: number; originalIds: number[]; title: string; heldOut: boolean }[]
  notes: string[]
}

// ---------------------------------------------------------------- the baseline

// NLTK's English stop-word list: a standard list, deliberately not search/query.ts's own.
const BASELINE_STOP_WORDS = new Set(
  `i me my myself we our ours ourselves you you're you've you'll you'd your yours yourself
  yourselves he him his himself she she's her hers herself it it's its itself they them their
  theirs themselves what which who whom this that that'll these those am is are was were be been
  being have has had having do does did doing a an the and but if or because as until while of at
  by for with about against between into through during before after above below to from up down
  in out on off over under again further then once here there when where why how all any both each
  few more most other some such no nor not only own same so than too very s t can will just don
  don't should should've now d ll m o re ve y ain aren aren't couldn couldn't didn didn't doesn
  doesn't hadn hadn't hasn hasn't haven haven't isn isn't ma mightn mightn't mustn mustn't needn
  needn't shan shan't shouldn shouldn't wasn wasn't weren weren't won won't wouldn
  wouldn't`.split(/\s+/),
)

/** The baseline's FTS5 query: every distinct non-stop word, quoted, OR-ed. */
function baselineMatch(text: string): string | null {
  const terms = new Set<string>()
  for (const token of text
    .normalize('NFKC')
    .toLowerCase()
    .match(/[\p{L}\p{N}\p{M}]+/gu) ?? []) {
    if (!BASELINE_STOP_WORDS.has(token)) terms.add(token)
  }
  return terms.size ? [...terms].map((t) => `"${t}"`).join(' OR ') : null
}

// ---------------------------------------------------------------- one dump (child process)

type Send = (message: WorkerMessage) => Promise<void>
type WorkerMessage = { type: 'result'; result: DumpResult } | { type: 'error'; message: string }

const seconds = (since: number) => (performance.now() - since) / 1000

async function evaluateDump(dir: string): Promise<DumpResult> {
  const notes: string[] = []
  const dump = await readDump(dir)
  const duplicates = duplicatesOf(dump.links, dump.threads)
  const linkCount = duplicates.reduce((n, d) => n + d.originalIds.length, 0)
  if (duplicates.length === 0) throw new Error(`${dir}: no duplicate links between its questions`)

  // A fresh database and a managed Meilisearch beside it, both in a temp dir.
  freshDatabaseDir(`peerdesk-eval-${dump.site}-`)

  const { db, closeDatabase } = await import('#db/client.server.ts')
  const { runMigrations } = await import('#db/migrate.ts')
  const { createUser } = await import('#app/models/users.server.ts')
  const { createQuestion } = await import('#app/models/questions.server.ts')
  const { createAnswer, toggleAcceptedAnswer } = await import('#app/models/answers.server.ts')
  const search = await import('#search/index.server.ts')
  const { allSearchDocuments } = await import('#search/documents.server.ts')
  addCleanup(async () => {
    await search.stopSearch()
    closeDatabase()
  })
  runMigrations(db)

  await search.startSearch({
    worker: false,
    // Quiet once interrupted: Ctrl-C reaches Meilisearch too, and its exit is expected then.
    log: (level, message) => {
      if (level !== 'info' && !isInterrupted()) console.error(`[search] ${message}`)
    },
  })
  const meili = search.meilisearchBackend()
  const health = await search.searchHealth()
  if (!meili || health.backend !== 'meilisearch') {
    throw new Error(`Meilisearch did not start: ${health.detail ?? 'unknown reason'}`)
  }

  // Authors: a small pool (argon2 hashing makes every account cost ~50 ms); the dump's owners
  // map onto it so an asker can accept an answer written by someone else.
  const users: Awaited<ReturnType<typeof createUser>>[] = []
  for (let i = 0; i < USER_POOL; i++) {
    users.push(
      await createUser({
        handle: `se-${dump.site}-${i}`,
        email: `se-${dump.site}-${i}@example.invalid`,
        password: `eval-password-${i}-${Math.random()}`,
      }),
    )
  }
  const userFor = (ownerId: number | null, avoid?: number) => {
    const index = Math.abs(ownerId ?? 0) % USER_POOL
    const user = users[index]!
    return user.id === avoid ? users[(index + 1) % USER_POOL]! : user
  }

  // Every question with its answers, through the models (rendered HTML, outbox, FTS5 rows).
  const idOf = new Map<number, number>()
  let answerCount = 0
  let acceptedCount = 0
  const loadStart = performance.now()
  const bar = progressBar(
    `${dump.site.padEnd(8)} loading |{bar}| {value}/{total} threads | {eta_formatted} left`,
    5000,
  )
  bar.start(dump.threads.size, 0)
  for (const thread of dump.threads.values()) {
    const { question } = thread
    const asker = userFor(question.ownerUserId)
    const created = createQuestion(
      asker,
      {
        title: question.title,
        body: htmlToText(question.bodyHtml),
        tags: toPeerdeskTags(question.tags),
      },
      question.createdAt,
      { history: true }, // the dump's history: no flood limits
    )
    idOf.set(question.id, created.id)
    for (const answer of thread.answers) {
      const when = Math.max(answer.createdAt, question.createdAt)
      const author = userFor(answer.ownerUserId, asker.id)
      const { id } = createAnswer(author, created.id, htmlToText(answer.bodyHtml), when, {
        history: true,
      })
      answerCount++
      if (answer.id === question.acceptedAnswerId) {
        toggleAcceptedAnswer(asker, id, when + 1)
        acceptedCount++
      }
    }
    bar.increment()
  }
  bar.stop()
  const loadSeconds = seconds(loadStart)

  const { seconds: indexSeconds } = await drainTimed(search.drainOutbox)
  const documents = await meili.documentCount()
  if (documents !== dump.threads.size) {
    notes.push(`Meilisearch holds ${documents} documents for ${dump.threads.size} threads.`)
  }

  // Meilisearch with default settings: a plain index of the same documents, no settings at all.
  const defaultUid = `eval_default_${Date.now()}`
  const client = meili.client
  const created = await client.createIndex(defaultUid, { primaryKey: 'id' }).waitTask()
  if (created.status !== 'succeeded') throw new Error(`Could not create ${defaultUid}`)
  for (const batch of allSearchDocuments(db, 1000)) {
    const task = await client.index(defaultUid).addDocuments(batch).waitTask({ timeout: 120_000 })
    if (task.status !== 'succeeded')
      throw new Error(`Indexing ${defaultUid}: ${task.error?.message}`)
  }
  const defaultIndex = client.index<{ id: number }>(defaultUid)

  // The queries, as an asker types them: without the "Possible Duplicate: <original>" notice
  // that older closed questions begin with (it would hand the query its answer).
  const questions = duplicates.map(({ duplicateId, originalIds }) => {
    const thread = dump.threads.get(duplicateId) as SeThread
    const title = thread.question.title
    const opening = openingText(
      htmlToText(withoutDuplicateNotice(thread.question.bodyHtml), { paragraphs: false }),
      BODY_OPENING_CHARS,
    )
    return {
      duplicateId,
      originalIds,
      excludeId: idOf.get(duplicateId)!,
      relevant: new Set(originalIds.map((id) => idOf.get(id)!)),
      text: { title, titleBody: `${title}\n${opening}` } satisfies Record<QueryKind, string>,
    }
  })

  const baseline = db.$client.prepare(
    `SELECT rowid AS id FROM search_fts WHERE search_fts MATCH ? AND rowid != ?
      ORDER BY bm25(search_fts) LIMIT ${TOP}`,
  )
  let fallbacks = 0
  const methods: {
    key: string
    label: string
    run: (text: string, exclude: number) => Promise<number[]>
  }[] = [
    {
      key: 'baseline',
      label: 'BM25 baseline (FTS5 bm25(), stop words out, OR)',
      run: async (text, exclude) => {
        const match = baselineMatch(text)
        if (!match) return []
        return (baseline.all(match, exclude) as { id: number }[]).map((r) => r.id)
      },
    },
    {
      key: 'meili-default',
      label: 'Meilisearch, default settings',
      run: async (text, exclude) => {
        const result = await defaultIndex.search(text, {
          limit: TOP + 1,
          attributesToRetrieve: ['id'],
        })
        return result.hits.map((h) => h.id).filter((id) => id !== exclude)
      },
    },
    {
      key: 'search-threads',
      label: 'searchThreads (Meilisearch, Peerdesk settings)',
      run: async (text, exclude) => {
        const result = await search.searchThreads({ q: text, status: 'all', pageSize: TOP + 1 })
        if (result.backend !== 'meilisearch') fallbacks++
        return result.hits.map((h) => h.id).filter((id) => id !== exclude)
      },
    },
    ...([undefined, 'bm25', 'fused', 'meilisearch'] as const).map((strategy) => ({
      key: `similar-${strategy ?? 'default'}`,
      label: strategy ? `similarQuestions strategy '${strategy}'` : 'similarQuestions (default)',
      run: async (text: string, exclude: number) =>
        (await search.similarQuestions({ text, excludeId: exclude, limit: TOP, strategy })).map(
          (h) => h.id,
        ),
    })),
  ]

  const results: MethodResult[] = []
  for (const method of methods) {
    const outcomes: Record<QueryKind, Outcome[]> = { title: [], titleBody: [] }
    const started = performance.now()
    for (const q of questions) {
      for (const { kind } of QUERY_KINDS) {
        outcomes[kind].push(outcomeOf(await method.run(q.text[kind], q.excludeId), q.relevant))
      }
    }
    const msPerQuery = (performance.now() - started) / (questions.length * QUERY_KINDS.length)
    results.push({ key: method.key, label: method.label, outcomes, msPerQuery })
  }
  if (fallbacks > 0) notes.push(`searchThreads answered ${fallbacks} queries from FTS5 (fallback).`)
  const after = await search.searchHealth()
  if (after.backend !== 'meilisearch') {
    notes.push(
      `Search ended degraded (${after.detail}): Meilisearch strategies may have fallen back to BM25.`,
    )
  }
  await client.deleteIndex(defaultUid).waitTask()

  return {
    site: dump.site,
    questions: dump.threads.size,
    answers: answerCount,
    accepted: acceptedCount,
    duplicates: duplicates.length,
    links: linkCount,
    loadSeconds,
    indexSeconds,
    documents,
    methods: results,
    queries: questions.map((q) => ({
      duplicateId: q.duplicateId,
      originalIds: q.originalIds,
      title: q.text.title,
      heldOut: isHeldOut(dump.site, q.duplicateId),
    })),
    notes,
  }
}

// ---------------------------------------------------------------- one dump's process

async function runWorker(dir: string) {
  const send: Send = (message) =>
    new Promise<void>((resolve) => {
      if (process.send) process.send(message, undefined, {}, () => resolve())
      else {
        if (message.type === 'result') printDump(message.result)
        else console.error(message.message)
        resolve()
      }
    })
  // Ctrl-C reaches this process from the terminal and again from the parent: clean up once.
  cleanUpOnSignals()
  let code = 0
  try {
    const result = await evaluateDump(dir)
    await cleanup()
    await send({ type: 'result', result })
  } catch (error) {
    await cleanup()
    await send({ type: 'error', message: (error as Error).stack ?? String(error) })
    code = 1
  }
  process.exit(code)
}

// ---------------------------------------------------------------- report

const f3 = (n: number) => n.toFixed(3)
const percent = (n: number) =>
  Number.isFinite(n) ? `${n >= 0 ? '+' : ''}${(n * 100).toFixed(1)}%` : 'n/a'

/** All of a dump's queries, or the part tuned on, or the part held apart for the final figure. */
type Part = 'all' | 'tuning' | 'held-out'

function restrict(result: DumpResult, part: Part): MethodResult[] {
  const keep = <T>(items: T[]) =>
    part === 'all'
      ? items
      : items.filter((_, i) => result.queries[i]!.heldOut === (part === 'held-out'))
  return result.methods.map((m) => ({
    ...m,
    outcomes: { title: keep(m.outcomes.title), titleBody: keep(m.outcomes.titleBody) },
  }))
}

function table(methods: MethodResult[]) {
  const width = Math.max(...methods.map((m) => m.label.length))
  const n = methods[0]?.outcomes.title.length ?? 0
  const cell = 32
  const group = (label: string) => `${label} (n=${n})`.padEnd(cell)
  const lines = [
    `${''.padEnd(width)}  ${group('title')}  ${group('title + body')}`,
    `${'method'.padEnd(width)}  ${'P@1    MRR [95% CI]          R@5'.padEnd(cell)}  ${'P@1    MRR [95% CI]          R@5'.padEnd(cell)}  ms/query`,
  ]
  for (const m of methods) {
    const cells = QUERY_KINDS.map(({ kind }) => {
      const x = metricsOf(m.outcomes[kind])
      const mrr = metricInterval(m.outcomes[kind], 'mrr')
      return `${f3(x.p1)}  ${f3(mrr.value)} [${f3(mrr.low)}, ${f3(mrr.high)}]  ${f3(x.r5)}`.padEnd(
        cell,
      )
    })
    lines.push(
      `${m.label.padEnd(width)}  ${cells.join('  ')}  ${m.msPerQuery.toFixed(1).padStart(8)}`,
    )
  }
  return lines.join('\n')
}

/** Per duplicate: the original's rank (· when not in the top 10) for each method and query kind. */
function perQuery(result: DumpResult) {
  const lines = [
    `  ranks (title / title + body): ${result.methods.map((m, i) => `[${i + 1}] ${m.label}`).join('; ')}`,
  ]
  result.queries.forEach((q, n) => {
    const ranks = result.methods.map((m, i) => {
      const cell = (kind: QueryKind) => String(m.outcomes[kind][n]?.rank ?? '·')
      return `[${i + 1}] ${cell('title')}/${cell('titleBody')}`
    })
    lines.push(
      `  q${q.duplicateId}${q.heldOut ? '*' : ' '} → ${q.originalIds.map((id) => `q${id}`).join(', ')}  ${ranks.join('  ')}  “${q.title}”`,
    )
  })
  lines.push('  (* held apart for the final figure)')
  return lines.join('\n')
}

function outcomesOf(methods: MethodResult[], key: string, kind: QueryKind): Outcome[] {
  const method = methods.find((m) => m.key === key)
  if (!method) throw new Error(`no result for ${key}`)
  return method.outcomes[kind]
}

/** The shipped default's MRR gain over the baseline per query kind, with paired intervals. */
function gains(methods: MethodResult[]) {
  return QUERY_KINDS.map(({ kind, label }) => ({
    kind,
    label,
    gain: relativeGain(
      outcomesOf(methods, 'similar-default', kind),
      outcomesOf(methods, 'baseline', kind),
      'mrr',
    ),
  }))
}

function gainLine(scope: string, methods: MethodResult[]) {
  const detail = gains(methods)
    .map(
      ({ label, gain }) =>
        `${label}: ${percent(gain.value)} [${percent(gain.low)}, ${percent(gain.high)}] (${gain.absolute >= 0 ? '+' : ''}${f3(gain.absolute)})`,
    )
    .join('; ')
  return `MRR gain of similarQuestions (default) over BM25, ${scope}: ${detail}`
}

function printDump(result: DumpResult, verbose = false) {
  console.log(
    `\n## ${result.site}: ${result.questions} questions, ${result.answers} answers ` +
      `(${result.accepted} accepted); ${result.duplicates} duplicates, ${result.links} duplicate links; ` +
      `loaded in ${result.loadSeconds.toFixed(1)} s, outbox drained (${result.documents} docs) in ` +
      `${result.indexSeconds.toFixed(1)} s`,
  )
  console.log(table(result.methods))
  for (const note of result.notes) console.log(`note: ${note}`)
  if (verbose) console.log(perQuery(result))
  console.log(gainLine('all queries', result.methods))
  if (result.duplicates >= SPLIT_REPORT_MIN) {
    for (const part of ['tuning', 'held-out'] as const) {
      const methods = restrict(result, part)
      console.log(`\n### ${result.site}, ${part} part`)
      console.log(table(methods))
      console.log(gainLine(`${part} part`, methods))
    }
  }
}

function pooled(results: DumpResult[]): MethodResult[] {
  const first = results[0]
  if (!first) return []
  return first.methods.map((m) => {
    const all = results.map((r) => r.methods.find((x) => x.key === m.key)!)
    return {
      ...m,
      outcomes: {
        title: all.flatMap((x) => x.outcomes.title),
        titleBody: all.flatMap((x) => x.outcomes.titleBody),
      },
      msPerQuery: all.reduce((s, x) => s + x.msPerQuery, 0) / all.length,
    }
  })
}

interface Verdict {
  /** On the held-apart part of the largest dump: the gain on both query kinds ≥ REQUIRED_GAIN. */
  gain: { site: string; passes: boolean; byKind: Record<QueryKind, number> } | null
  /** Per dump: no query kind where the default loses by more than the interval allows. */
  noLoss: { site: string; passes: boolean }[]
}

function verdictOf(results: DumpResult[]): Verdict {
  const largest = [...results].sort((a, b) => b.links - a.links)[0]
  const held = largest && largest.duplicates >= SPLIT_REPORT_MIN ? largest : null
  const heldGains = held ? gains(restrict(held, 'held-out')) : []
  return {
    gain: held
      ? {
          site: held.site,
          passes: heldGains.every((g) => g.gain.value >= REQUIRED_GAIN),
          byKind: Object.fromEntries(heldGains.map((g) => [g.kind, g.gain.value])) as Record<
            QueryKind,
            number
          >,
        }
      : null,
    noLoss: results.map((r) => ({
      site: r.site,
      passes: gains(r.methods).every((g) => g.gain.high >= 0),
    })),
  }
}

function printVerdict(verdict: Verdict) {
  const { gain, noLoss } = verdict
  console.log(
    gain
      ? `\nVERDICT (gain): on the held-apart part of ${gain.site}, similarQuestions ${gain.passes ? 'BEATS' : 'does NOT beat'} BM25 by ≥ ${REQUIRED_GAIN * 100}% MRR on both query kinds (${QUERY_KINDS.map(({ kind, label }) => `${label} ${percent(gain.byKind[kind])}`).join(', ')}).`
      : `\nVERDICT (gain): no dump with ${SPLIT_REPORT_MIN}+ duplicates was measured (the 500-link set is ${DUPLICATES_DATA}/metase).`,
  )
  const losing = noLoss.filter((d) => !d.passes)
  console.log(
    `VERDICT (no loss): ${losing.length === 0 ? 'on no dump' : `on ${losing.map((d) => d.site).join(', ')}`} does similarQuestions lose to BM25 by more than the interval (${noLoss.length} dumps).`,
  )
}

// ---------------------------------------------------------------- the command line

function runChild(dir: string): Promise<DumpResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--worker', '--dir', dir], {
      execArgv: ['--import', 'tsx'],
      stdio: 'inherit',
    })
    let result: DumpResult | null = null
    let failure: string | null = null
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'result') result = message.result
      else failure = message.message
    })
    const forward = (signal: NodeJS.Signals) => child.kill(signal)
    process.on('SIGINT', forward)
    process.on('SIGTERM', forward)
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward)
      process.off('SIGTERM', forward)
      if (result) resolve(result)
      else reject(new Error(failure ?? `${dir}: worker exited (${signal ?? `code ${code}`})`))
    })
  })
}

async function main() {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string', multiple: true },
      worker: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      json: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) {
    console.log(
      'Usage: npm run eval:similar [-- --dir DIR [--dir DIR …]] [--verbose] [--json FILE]',
    )
    console.log('  --verbose: also the rank of the original for every duplicate and method')
    console.log('  --json FILE: every outcome, the held-apart flags and the verdict, as JSON')
    console.log(
      `  DIR: a Stack Exchange dump with Posts.xml and PostLinks.xml (default: each under ${DEFAULT_ROOTS.join(' and ')})`,
    )
    return
  }
  const dirs = (
    values.dir?.length ? values.dir : DEFAULT_ROOTS.flatMap((r) => dumpDirs(r, 'PostLinks.xml'))
  ).map((d) => path.resolve(d))
  if (values.worker) {
    if (dirs.length !== 1) throw new Error('--worker takes exactly one --dir')
    await runWorker(dirs[0]!)
    return
  }
  if (dirs.length === 0)
    throw new Error(
      `No dump with a PostLinks.xml under ${DEFAULT_ROOTS.join(' or ')}; pass --dir DIR.`,
    )
  for (const dir of dirs) {
    for (const file of ['Posts.xml', 'PostLinks.xml']) {
      if (!fs.existsSync(path.join(dir, file))) throw new Error(`${dir} has no ${file}`)
    }
  }

  let interrupted = false
  const onSignal = () => {
    interrupted = true
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)

  console.log(
    `Similar questions on Stack Exchange duplicates: P@1, MRR over the top ${TOP}, recall@5; ` +
      'the duplicate itself is excluded, relevant = its original(s).',
  )
  const results: DumpResult[] = []
  for (const dir of dirs) {
    if (interrupted) break
    try {
      const result = await runChild(dir)
      results.push(result)
      printDump(result, values.verbose)
    } catch (error) {
      if (interrupted) break
      console.error(`\n${path.basename(dir)} failed: ${(error as Error).message}`)
      process.exitCode = 1
    }
  }
  if (interrupted) {
    console.error('Interrupted: temp dirs and Meilisearch were cleaned up by each dump’s process.')
    process.exitCode = 130
    return
  }
  if (results.length > 1) {
    const methods = pooled(results)
    console.log(`\n## all dumps pooled (${results.map((r) => r.site).join(' + ')})`)
    console.log(table(methods))
    console.log(gainLine('pooled', methods))
  }
  if (results.length === 0) return
  const verdict = verdictOf(results)
  printVerdict(verdict)
  if (values.json) {
    fs.writeFileSync(values.json, JSON.stringify({ top: TOP, results, verdict }, null, 2))
    console.log(`Wrote ${values.json}`)
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message)
  process.exitCode = 1
})
