// `npm run bench:search [-- --threads N --queries Q --seed S]`: search speed on a seeded community.
// A fresh temp database gets N threads through the models (rendered HTML, outbox and FTS5 rows,
// as the site writes them), generated from templates and a vocabulary with a seeded PRNG, mixed
// with sentences from the Stack Exchange dumps when they are present (read at run time, never
// stored). One managed Meilisearch runs beside it; the script times the outbox draining into it
// (indexing throughput), then starts server.ts on a free loopback port pointed at the same
// database and Meilisearch (MEILI_HOST), and times the same Q queries, sequentially after a
// warm-up, over HTTP (GET /search), straight to Meilisearch and straight to FTS5; finally the
// index lag after a title edit, as seen in Meilisearch. Everything it started is stopped and the
// temp dir deleted at the end, also on Ctrl-C.
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import {
  addCleanup,
  cap,
  cleanUpOnSignals,
  createBenchUsers,
  drainTimed,
  ensureBuild,
  freshDatabaseDir,
  isInterrupted,
  MEMBERS,
  percentile,
  prng,
  readRawMaterial,
  runMain,
  seedThreads,
  sleep,
  startAppServer,
  startManagedMeilisearch,
  TAG_VOCABULARY,
  type GeneratedThread,
  type RawMaterial,
  type Rng,
} from './lib/bench.ts'
import { toPeerdeskTags } from '#app/lib/stackexchange-dump.server.ts'

const WARM_UP = 50
const PAGE_SIZE = 20
const LAG_EDITS = 10

// ---------------------------------------------------------------- raw material

const PRODUCTS = [
  'router',
  'mesh node',
  'thermostat',
  'smart plug',
  'doorbell camera',
  'mobile app',
  'web portal',
  'hub',
  'sensor',
  'light bulb',
  'speaker',
  'gateway',
  'printer',
  'laptop dock',
  'wallet',
  'espresso machine',
  'grinder',
  'kettle',
  'smart lock',
  'water meter',
  'solar inverter',
  'charging station',
  'headset',
  'keyboard',
  'tablet',
  'watch',
  'subscription',
  'account',
]
const FEATURES = [
  'two-factor login',
  'firmware update',
  'auto-renewal',
  'dark mode',
  'guest access',
  'scheduled backup',
  'parental controls',
  'energy report',
  'push notifications',
  'voice control',
  'export to CSV',
  'shared calendar',
  'offline mode',
  'single sign-on',
  'API token',
  'webhook',
  'billing history',
  'data plan',
  'family sharing',
  'remote access',
  'away mode',
  'eco schedule',
]
const ACTIONS = [
  'reset',
  'pair',
  'connect',
  'update',
  'cancel',
  'transfer',
  'export',
  'restore',
  'configure',
  'install',
  'remove',
  'rename',
  'share',
  'sync',
  'calibrate',
  'upgrade',
  'downgrade',
  'verify',
  'unlock',
  'schedule',
  'migrate',
  'back up',
  'refund',
  'replace',
  'register',
  'activate',
]
const OBJECTS = [
  'my password',
  'the invoice',
  'a second device',
  'my profile',
  'the Wi-Fi network',
  'the warranty',
  'my order',
  'the license key',
  'my email address',
  'the payment method',
  'old recordings',
  'the firmware',
  'my data',
  'the serial number',
  'a new user',
  'the API key',
  'the bluetooth connection',
  'my phone number',
  'the default settings',
  'the temperature offset',
]
const PROBLEMS = [
  'keeps disconnecting',
  'shows an error',
  'is stuck on loading',
  'drains the battery',
  'stopped responding',
  'reboots every night',
  'reports the wrong time',
  'will not turn on',
  'is very slow',
  'loses its settings',
  'blinks red',
  'makes a clicking noise',
  'freezes',
  'charges me twice',
  'does not show up',
  'times out',
  'overheats',
  'will not pair',
]
const EVENTS = [
  'the latest update',
  'a power cut',
  'moving house',
  'changing my router',
  'a factory reset',
  'switching plans',
  'a password change',
  'the daylight saving change',
  'adding a second user',
  'the app update',
  'replacing the batteries',
  'upgrading my phone',
]
const ERRORS = [
  'Error 403',
  'error code E42',
  '"Something went wrong"',
  'timeout error',
  'invalid token',
  '"device offline"',
  'error 0x80070005',
  'payment declined',
  'certificate error',
  'sync conflict',
]
const PLATFORMS = ['Android', 'iOS', 'Windows', 'macOS', 'Linux', 'Chrome', 'Firefox', 'Safari']

const TITLE_TEMPLATES: ((r: Rng) => string)[] = [
  (r) => `How do I ${r.pick(ACTIONS)} ${r.pick(OBJECTS)} on the ${r.pick(PRODUCTS)}?`,
  (r) => `${cap(r.pick(PRODUCTS))} ${r.pick(PROBLEMS)} after ${r.pick(EVENTS)}`,
  (r) => `Why does my ${r.pick(PRODUCTS)} ${r.pick(PROBLEMS).replace(/^is |^keeps /, '')}?`,
  (r) => `Can't ${r.pick(ACTIONS)} ${r.pick(OBJECTS)}: ${r.pick(ERRORS)}`,
  (r) => `Is it possible to ${r.pick(ACTIONS)} ${r.pick(OBJECTS)} with ${r.pick(FEATURES)}?`,
  (r) => `${cap(r.pick(FEATURES))} not working on ${r.pick(PLATFORMS)}`,
  (r) => `Best way to ${r.pick(ACTIONS)} ${r.pick(OBJECTS)} for the whole family`,
  (r) => `${r.pick(ERRORS)} when I try to ${r.pick(ACTIONS)} ${r.pick(OBJECTS)}`,
  (r) =>
    `${cap(r.pick(PRODUCTS))} and ${r.pick(FEATURES)}: ${r.pick(PROBLEMS)} since ${r.pick(EVENTS)}`,
  (r) => `Does the ${r.pick(PRODUCTS)} support ${r.pick(FEATURES)} on ${r.pick(PLATFORMS)}?`,
]
const BODY_TEMPLATES: ((r: Rng) => string)[] = [
  (r) => `My ${r.pick(PRODUCTS)} ${r.pick(PROBLEMS)} since ${r.pick(EVENTS)}.`,
  (r) => `I tried to ${r.pick(ACTIONS)} ${r.pick(OBJECTS)} but I get ${r.pick(ERRORS)}.`,
  (r) => `This happens on ${r.pick(PLATFORMS)} and on ${r.pick(PLATFORMS)} too.`,
  (r) => `Support told me to ${r.pick(ACTIONS)} ${r.pick(OBJECTS)}, which did not help.`,
  (r) => `I have ${r.pick(FEATURES)} turned on, if that matters.`,
  (r) => `Is there a setting for ${r.pick(FEATURES)} that I am missing?`,
  (r) => `It worked fine until ${r.pick(EVENTS)}.`,
]
const ANSWER_TEMPLATES: ((r: Rng) => string)[] = [
  (r) =>
    `Go to Settings, open ${r.pick(FEATURES)} and ${r.pick(ACTIONS)} ${r.pick(OBJECTS)} from there.`,
  (r) =>
    `I had the same problem with my ${r.pick(PRODUCTS)}; ${r.pick(ACTIONS)} ${r.pick(OBJECTS)} fixed it.`,
  (r) => `Turn off ${r.pick(FEATURES)} first, then ${r.pick(ACTIONS)} ${r.pick(OBJECTS)} again.`,
  (r) => `${r.pick(ERRORS)} usually means the ${r.pick(PRODUCTS)} needs a firmware update.`,
  (r) => `On ${r.pick(PLATFORMS)} you have to allow background data for the app.`,
  (r) =>
    `Hold the reset button for ten seconds until the light blinks, then ${r.pick(ACTIONS)} it again.`,
]

// ---------------------------------------------------------------- generated threads

function sentences(r: Rng, raw: RawMaterial, templates: ((r: Rng) => string)[], n: number) {
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    out.push(raw.sentences.length && r.chance(0.5) ? r.pick(raw.sentences) : r.pick(templates)(r))
  }
  return out
}

function paragraphs(r: Rng, parts: string[]) {
  const out: string[] = []
  for (let i = 0; i < parts.length;) {
    const take = 1 + r.int(3)
    out.push(parts.slice(i, i + take).join(' '))
    i += take
  }
  return out.join('\n\n')
}

function generateThread(r: Rng, raw: RawMaterial): GeneratedThread {
  let title: string
  if (raw.titles.length && r.chance(0.35)) {
    title = r.pick(raw.titles)
    if (r.chance(0.5)) title = `${title.replace(/\?$/, '')} (${r.pick(PRODUCTS)})`
  } else {
    title = r.pick(TITLE_TEMPLATES)(r)
  }
  const tagCount = 1 + r.int(4)
  const tagSource = raw.tags.length && r.chance(0.4) ? raw.tags : TAG_VOCABULARY
  const tags = toPeerdeskTags(Array.from({ length: tagCount }, () => r.pick(tagSource)))
  const body = paragraphs(r, sentences(r, raw, BODY_TEMPLATES, 2 + r.int(5)))
  const roll = r.next()
  const answerCount =
    roll < 0.2 ? 0 : roll < 0.55 ? 1 : roll < 0.8 ? 2 : roll < 0.92 ? 3 : 4 + r.int(3)
  const answers = Array.from({ length: answerCount }, () =>
    paragraphs(r, sentences(r, raw, ANSWER_TEMPLATES, 1 + r.int(5))),
  )
  const accept = answerCount > 0 && r.chance(0.55) ? r.int(answerCount) : null
  const official = answerCount > 0 && r.chance(0.06) ? r.int(answerCount) : null
  return { title, body, tags, answers, accept, official }
}

/** 1–4 consecutive content words of a title; about a quarter get a typo in a long word. */
function makeQuery(r: Rng, title: string): { q: string; typo: boolean } {
  const words = (title.match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? []).filter(
    (w) => w.length >= 3 && !/^(the|and|for|how|can|does|with|not|why|when|what|from)$/i.test(w),
  )
  if (words.length === 0) return { q: title.slice(0, 20), typo: false }
  const roll = r.next()
  const length = Math.min(words.length, roll < 0.3 ? 1 : roll < 0.65 ? 2 : roll < 0.9 ? 3 : 4)
  const start = r.int(words.length - length + 1)
  const picked = words.slice(start, start + length).map((w) => w.toLowerCase())
  const long = picked.map((w, i) => ({ w, i })).filter(({ w }) => w.length >= 5)
  if (long.length === 0 || !r.chance(0.25)) return { q: picked.join(' '), typo: false }
  const { w, i } = r.pick(long)
  const at = 1 + r.int(w.length - 2)
  const kind = r.int(3)
  const typo =
    kind === 0
      ? `${w.slice(0, at)}${w[at + 1] ?? ''}${w[at] ?? ''}${w.slice(at + 2)}` // swap two letters
      : kind === 1
        ? `${w.slice(0, at)}${w.slice(at + 1)}` // drop one
        : `${w.slice(0, at)}${String.fromCharCode(97 + r.int(26))}${w.slice(at + 1)}` // replace one
  picked[i] = typo
  return { q: picked.join(' '), typo: true }
}

// ---------------------------------------------------------------- measuring

interface Series {
  label: string
  ms: number[]
  zeroHits: number
}

function summary(series: Series) {
  const sorted = [...series.ms].sort((a, b) => a - b)
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? NaN }
}

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1))

/** POST JSON on a kept-alive node:http connection; rejects unless the answer is 2xx. */
function postJson<T>(agent: http.Agent, url: string, apiKey: string, body: unknown): Promise<T> {
  const payload = JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(payload),
          Authorization: `Bearer ${apiKey}`,
        },
      },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          const status = response.statusCode ?? 0
          if (status >= 200 && status < 300) resolve(JSON.parse(text) as T)
          else reject(new Error(`POST ${url} answered ${status}: ${text.slice(0, 200)}`))
        })
        response.on('error', reject)
      },
    )
    request.on('error', reject)
    request.end(payload)
  })
}

// ---------------------------------------------------------------- the benchmark

async function main() {
  const { values } = parseArgs({
    options: {
      threads: { type: 'string', default: '20000' },
      queries: { type: 'string', default: '200' },
      seed: { type: 'string', default: '42' },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) {
    console.log(
      'Usage: npm run bench:search [-- --threads N (20000) --queries Q (200) --seed S (42)]',
    )
    return
  }
  const threadCount = Number(values.threads)
  const queryCount = Number(values.queries)
  const seed = Number(values.seed)
  for (const [name, n] of [
    ['--threads', threadCount],
    ['--queries', queryCount],
  ] as const) {
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number`)
  }
  cleanUpOnSignals('stopping the server and Meilisearch, deleting the temp dir…')

  const { tmp, databasePath } = freshDatabaseDir('peerdesk-bench-')
  const { db, closeDatabase } = await import('#db/client.server.ts')
  const { runMigrations } = await import('#db/migrate.ts')
  const { createUser } = await import('#app/models/users.server.ts')
  const { createQuestion, editQuestion, getLiveQuestion, questionTagNames } =
    await import('#app/models/questions.server.ts')
  const { createAnswer, setOfficialAnswer, toggleAcceptedAnswer } =
    await import('#app/models/answers.server.ts')
  const search = await import('#search/index.server.ts')
  const { resolveMeiliSetup, freePort } = await import('#search/sidecar.server.ts')
  const { SqliteFtsBackend, ftsMatchExpression } = await import('#search/sqlite-fts.server.ts')
  addCleanup(async () => closeDatabase())
  runMigrations(db)

  // One managed Meilisearch, beside the temp database; the server gets it through MEILI_HOST.
  const { connection } = await startManagedMeilisearch(databasePath, resolveMeiliSetup, search)
  const meili = search.meilisearchBackend()
  if (!meili) throw new Error('Meilisearch backend missing after startSearch()')

  // ------------------------------------------------------------ seeding
  const raw = await readRawMaterial({ rejectSentence: /[{};=<>]|https?:|\.\w{2,4}\/|^[^A-Z]/ })
  const r = prng(seed)
  const { members, staff } = await createBenchUsers(createUser, r, 'bench')

  const titles: { id: number; title: string }[] = []
  let answerTotal = 0
  let resolvedTotal = 0
  const seedSeconds = await seedThreads(threadCount, (_, when) => {
    const thread = generateThread(r, raw)
    const asker = r.pick(members)
    const { id } = createQuestion(asker, thread, when)
    titles.push({ id, title: thread.title })
    const answerIds: number[] = []
    thread.answers.forEach((body, i) => {
      let author = r.pick(members)
      if (author.id === asker.id) author = members[(members.indexOf(author) + 1) % MEMBERS]!
      answerIds.push(createAnswer(author, id, body, when + (i + 1) * 60_000).id)
    })
    answerTotal += answerIds.length
    const at = when + (answerIds.length + 1) * 60_000
    if (thread.accept != null) toggleAcceptedAnswer(asker, answerIds[thread.accept]!, at)
    if (thread.official != null) setOfficialAnswer(staff, answerIds[thread.official]!, true, at)
    if (thread.accept != null || thread.official != null) resolvedTotal++
  })
  if (seedSeconds == null) return
  const outboxRows = db.$client
    .prepare('SELECT count(*) AS n FROM search_outbox WHERE processed_at IS NULL')
    .get() as { n: number } | undefined
  const ftsRows = db.$client.prepare('SELECT count(*) AS n FROM search_fts').get() as { n: number }

  // ------------------------------------------------------------ indexing throughput
  console.error(`Draining ${outboxRows?.n ?? 0} outbox rows to Meilisearch…`)
  const { drained, seconds: drainSeconds } = await drainTimed(search.drainOutbox)
  const documents = await meili.documentCount()

  // ------------------------------------------------------------ the server
  await ensureBuild()
  const { port } = await startAppServer({
    port: await freePort(),
    databasePath,
    meili: connection,
    logFile: path.join(tmp, 'server.log'),
  })
  const base = `http://127.0.0.1:${port}`

  // ------------------------------------------------------------ latency
  const queries = Array.from({ length: queryCount }, () => makeQuery(r, r.pick(titles).title))
  const index = meili.index()
  const fts = new SqliteFtsBackend(db)
  const rawFts = db.$client.prepare(
    `SELECT q.id FROM search_fts JOIN questions q ON q.id = search_fts.rowid
      WHERE search_fts MATCH ? AND q.status = 'resolved' AND q.deleted_at IS NULL
      ORDER BY bm25(search_fts) LIMIT ${PAGE_SIZE}`,
  )
  let httpFallbacks = 0
  // Straight to Meilisearch over node:http on one kept-alive connection: the engine plus the
  // least transport. Its processingTimeMs is the engine's own time.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  addCleanup(async () => agent.destroy())
  const engine: Series = {
    label: 'Meilisearch: engine processingTimeMs (whole ms)',
    ms: [],
    zeroHits: 0,
  }
  const rawMeili = (q: string) =>
    postJson<{ hits: unknown[]; processingTimeMs: number }>(
      agent,
      `${connection.host}/indexes/${meili.indexUid}/search`,
      connection.apiKey,
      { q, filter: 'resolved = true', limit: PAGE_SIZE },
    )
  const methods: { series: Series; run: (q: string) => Promise<number> }[] = [
    {
      series: { label: 'GET /search?q=… (HTTP, whole page)', ms: [], zeroHits: 0 },
      run: async (q) => {
        const response = await fetch(`${base}/search?q=${encodeURIComponent(q)}`)
        const html = await response.text()
        if (!response.ok) throw new Error(`/search?q=${q} answered ${response.status}`)
        // The page says so when it answered from FTS5: that would not be a Meilisearch timing.
        if (html.includes('running in its basic mode')) httpFallbacks++
        return html.split('class="search-hit"').length - 1
      },
    },
    {
      series: { label: 'Meilisearch: POST search (node:http)', ms: [], zeroHits: 0 },
      run: async (q) => {
        const result = await rawMeili(q)
        engine.ms.push(result.processingTimeMs)
        return result.hits.length
      },
    },
    {
      series: { label: 'Meilisearch: meilisearch-js index.search()', ms: [], zeroHits: 0 },
      run: async (q) =>
        (await index.search(q, { filter: 'resolved = true', limit: PAGE_SIZE })).hits.length,
    },
    {
      series: { label: 'Meilisearch: Peerdesk adapter (+facets, highlights)', ms: [], zeroHits: 0 },
      run: async (q) =>
        (await meili.search({ q, status: 'resolved', pageSize: PAGE_SIZE })).hits.length,
    },
    {
      series: { label: 'FTS5: MATCH (AND) … ORDER BY bm25()', ms: [], zeroHits: 0 },
      run: async (q) => {
        const match = ftsMatchExpression(q, { mode: 'and', prefixLast: true })
        return match ? rawFts.all(match).length : 0
      },
    },
    {
      series: { label: 'FTS5: fallback backend (+facets, snippets)', ms: [], zeroHits: 0 },
      run: async (q) => fts.searchSync({ q, status: 'resolved', pageSize: PAGE_SIZE }).hits.length,
    },
  ]
  console.error(`Warming up with ${Math.min(WARM_UP, queries.length)} queries…`)
  for (const { q } of queries.slice(0, WARM_UP)) for (const m of methods) await m.run(q)
  engine.ms.length = 0
  console.error(`Timing ${queries.length} queries × ${methods.length} ways, sequentially…`)
  for (const { q } of queries) {
    for (const m of methods) {
      if (isInterrupted()) return
      const started = performance.now()
      const hits = await m.run(q)
      m.series.ms.push(performance.now() - started)
      if (hits === 0) m.series.zeroHits++
    }
  }

  // ------------------------------------------------------------ index lag after a write
  console.error(`Measuring the index lag after ${LAG_EDITS} title edits…`)
  const lags: number[] = []
  for (let i = 0; i < LAG_EDITS; i++) {
    if (isInterrupted()) return
    const { id } = r.pick(titles)
    const current = getLiveQuestion(id)
    const token = `lagprobe${i}${Math.random()
      .toString(36)
      .replace(/[^a-z]/g, '')
      .slice(0, 6)}`
    editQuestion(
      staff,
      id,
      { title: `${current.title} ${token}`, body: current.bodyMd, tags: questionTagNames(id) },
      Date.now(),
    )
    const written = performance.now()
    const deadline = written + 30_000
    for (;;) {
      const { hits } = await index.search(token, { limit: 5, attributesToRetrieve: ['id'] })
      if (hits.some((h) => h.id === id)) break
      if (performance.now() > deadline) throw new Error(`edit of thread ${id} not indexed in 30 s`)
      await sleep(10)
    }
    lags.push(performance.now() - written)
    await sleep(100 + r.int(900))
  }

  // ------------------------------------------------------------ report
  const [page, meiliHttp, meiliJs, meiliAdapter, ftsRaw, ftsBackend] = methods.map((m) => m.series)
  const rows = [page, meiliHttp, engine, meiliJs, meiliAdapter, ftsRaw, ftsBackend].filter(
    (x): x is Series => x != null,
  )
  const typos = queries.filter((q) => q.typo).length
  const lagSorted = [...lags].sort((a, b) => a - b)
  const width = Math.max(...rows.map((x) => x.label.length))
  const out: string[] = []
  out.push(
    `\nSearch benchmark: ${threadCount} threads (${answerTotal} answers, ${resolvedTotal} resolved), ` +
      `${queryCount} queries (1–4 words, ${typos} with a typo), seed ${seed}, ${os.cpus().length} cores`,
  )
  out.push(
    `seeding   ${threadCount} threads through the models in ${seedSeconds.toFixed(1)} s ` +
      `(${(threadCount / seedSeconds).toFixed(0)} threads/s); ${outboxRows?.n ?? 0} outbox rows, ${ftsRows.n} FTS5 rows`,
  )
  out.push(
    `indexing  outbox → Meilisearch: ${drained.upserted} documents (${drained.rows} rows) in ` +
      `${drainSeconds.toFixed(1)} s = ${(drained.upserted / drainSeconds).toFixed(0)} docs/s; index holds ${documents}`,
  )
  out.push(
    `\n${'latency, ms (sequential, after a warm-up)'.padEnd(width)}    p50     p95     max  no hits`,
  )
  for (const series of rows) {
    const s = summary(series)
    out.push(
      `${series.label.padEnd(width)}  ${fmt(s.p50).padStart(5)}  ${fmt(s.p95).padStart(6)}  ${fmt(s.max).padStart(6)}  ${String(series.zeroHits).padStart(7)}`,
    )
  }
  const p50 = (s: Series | undefined) => (s ? summary(s).p50 : NaN)
  const ratio = (a: Series | undefined, b: Series | undefined) => (p50(a) / p50(b)).toFixed(1)
  out.push(
    `\n/search p50 is ${ratio(page, meiliHttp)}× the Meilisearch p50 (POST over node:http), ` +
      `${ratio(page, meiliJs)}× the meilisearch-js client's and ${ratio(page, meiliAdapter)}× the ` +
      `Peerdesk adapter's (the engine reports whole milliseconds: p50 ${fmt(p50(engine))} ms).`,
    `Meilisearch (node:http) p50 is ${ratio(meiliHttp, ftsRaw)}× the raw FTS5 p50; the FTS5 ` +
      `fallback backend p50 is ${ratio(ftsBackend, ftsRaw)}× the raw FTS5 p50.`,
  )
  if (httpFallbacks > 0) {
    out.push(
      `note: /search answered ${httpFallbacks} timed or warm-up queries from FTS5 (fallback).`,
    )
  }
  out.push(
    `index lag after a title edit (${lags.length} edits, seen in Meilisearch): p50 ` +
      `${fmt(percentile(lagSorted, 50))} ms, max ${fmt(lagSorted.at(-1) ?? NaN)} ms ` +
      `[${lags.map((l) => l.toFixed(0)).join(', ')}]`,
  )
  console.log(out.join('\n'))
}

runMain(main)
