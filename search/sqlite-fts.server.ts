// The SQLite FTS5 backend: always available (the index lives in the database and the outbox
// refreshes it in every write transaction), used when Meilisearch is down, slow or absent, and
// the BM25 ranking behind similar questions. Table `search_fts` (db/migrations/0001_search_fts.sql):
// title, body, answers, tags; rowid = questions.id; porter + unicode61 tokenizer.
import type Database from 'better-sqlite3'
import { LRUCache } from 'lru-cache'
import { sql } from 'drizzle-orm'
import type { Db } from '#db/client.server.ts'
import { THREAD_STATUSES, type ThreadStatus } from '#db/schema.ts'
import { loadSearchDocuments, type Reader } from './documents.server.ts'
import {
  clampInt,
  contentTerms,
  endsInWord,
  markedToHtml,
  MARK_POST,
  MARK_PRE,
  plainSnippetHtml,
  queryChunks,
} from './query.ts'
import { proximityScore, proximityStems, stemOf } from './proximity.ts'
import { VECTOR_MODEL } from './sentence-encoder.ts'
import { featureArray, keywordFeatures, maxProximity, queryTermsOf } from './similar-features.ts'
import type { SimilarCandidate } from './similar-ranker.ts'
import { readVectors } from './vectors.ts'
import { synonymsOf } from './synonyms.server.ts'
import type {
  SearchBackend,
  SearchDocument,
  SearchHit,
  SearchQuery,
  SearchResult,
  SimilarHit,
  SimilarQuery,
} from './types.ts'

export const FTS_TABLE = 'search_fts'
/**
 * The newest threads' own index (db/migrations/0028_recent_search_window.sql): the rows whose id
 * is above the highest question id less RECENT_WINDOW. A similar-questions look-up whose every
 * word is common ranks there: bm25() counts a word's threads by reading all its postings, which
 * in FTS_TABLE grow with the community and here stay those of RECENT_WINDOW threads.
 */
export const RECENT_FTS_TABLE = 'search_fts_recent'
export const RECENT_WINDOW = 10_000

// Column weights for bm25(): title, body, answers, tags. A title match says most about a thread.
const SEARCH_WEIGHTS = '5.0, 1.0, 0.75, 3.0'
// Similar questions: how many BM25 candidates the proximity re-ranking sees, how far apart two
// consecutive words may be, and how much such a match weighs against the words alone.
const PROXIMITY_POOL = 100
const PROXIMITY_WEIGHT = 1.0
// How much of a candidate's body the proximity re-ranking reads (with its title).
const PROXIMITY_TEXT_CHARS = 1000
// How much of a candidate's answers the learned ranking reads (document expansion).
const ANSWERS_TEXT_CHARS = 2000
const THREAD_COUNT_KEY = '\u0000threads' // beside the postings counts, never an expression
// Postings a similar-questions look-up may read (see affordableTerms), whatever the index's size.
const CANDIDATE_BUDGET = 2_000
const SNIPPET_TOKENS = 20
const MAX_CHUNKS = 16
const MAX_TOKENS_PER_CHUNK = 8

// ---------------------------------------------------------------- keeping the table current

/** The FTS5 row of a document: one text per column. */
export function ftsColumns(doc: SearchDocument) {
  return {
    title: doc.title,
    body: doc.body,
    answers: doc.answers.join('\n'),
    tags: doc.tags.join(' '),
  }
}

/** Where the newest threads' index starts, for writeFtsRows. */
export interface RecentWindowOptions {
  /** Threads in the window (RECENT_WINDOW). */
  window?: number
  /**
   * The highest question id a bulk load will reach before it ends: the rows it will push out of
   * the window again never go in (an FTS5 insert and its delete each tokenize the whole thread).
   */
  newestId?: number
}

/**
 * Replaces the rows of `ids` with the given documents (ids without a document are removed), in
 * both indexes, and slides the newest threads' index past the rows a new question pushed out.
 */
export function writeFtsRows(
  reader: Reader,
  ids: number[],
  docs: Iterable<SearchDocument>,
  opts: RecentWindowOptions = {},
) {
  const unique = [...new Set(ids)]
  const newest = reader.get<{ id: number | null }>(sql`SELECT max(id) AS id FROM questions`)
  const floor = Math.max(newest?.id ?? 0, opts.newestId ?? 0) - (opts.window ?? RECENT_WINDOW)
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500)
    const ids = sql.join(chunk, sql`, `)
    reader.run(sql`DELETE FROM search_fts WHERE rowid IN (${ids})`)
    if (chunk.some((id) => id > floor))
      reader.run(sql`DELETE FROM search_fts_recent WHERE rowid IN (${ids})`)
  }
  for (const doc of docs) {
    const c = ftsColumns(doc)
    reader.run(
      sql`INSERT INTO search_fts (rowid, title, body, answers, tags) VALUES (${doc.id}, ${c.title}, ${c.body}, ${c.answers}, ${c.tags})`,
    )
    if (doc.id > floor)
      reader.run(
        sql`INSERT INTO search_fts_recent (rowid, title, body, answers, tags) VALUES (${doc.id}, ${c.title}, ${c.body}, ${c.answers}, ${c.tags})`,
      )
  }
  // A range of rowids: FTS5 reads it from its content table's key, not by scanning.
  reader.run(sql`DELETE FROM search_fts_recent WHERE rowid <= ${floor}`)
}

/**
 * As writeFtsRows, for the rows that do not already hold their document's text: the outbox drain
 * converges FTS5 with what it sends Meilisearch, and the write has almost always refreshed the
 * row already (an FTS5 delete and insert tokenize the whole thread twice; reading it is a key
 * look-up).
 */
export function writeChangedFtsRows(
  reader: Reader,
  ids: number[],
  docs: ReadonlyMap<number, SearchDocument>,
) {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return
  const stored = new Map(
    reader
      .all<{ id: number; title: string; body: string; answers: string; tags: string }>(
        sql`SELECT rowid AS id, title, body, answers, tags FROM search_fts
          WHERE rowid IN (${sql.join(unique, sql`, `)})`,
      )
      .map((row) => [row.id, row]),
  )
  const stale = unique.filter((id) => {
    const doc = docs.get(id)
    const row = stored.get(id)
    if (!doc || !row) return doc != null || row != null
    const c = ftsColumns(doc)
    return (
      c.title !== row.title ||
      c.body !== row.body ||
      c.answers !== row.answers ||
      c.tags !== row.tags
    )
  })
  if (stale.length > 0)
    writeFtsRows(
      reader,
      stale,
      stale.flatMap((id) => docs.get(id) ?? []),
    )
}

/** Rebuilds the rows of these threads from the database (inside the caller's transaction). */
export function refreshFtsRows(reader: Reader, ids: number[]) {
  writeFtsRows(reader, ids, loadSearchDocuments(reader, ids).values())
}

/** Drops rows whose thread is gone or deleted (after a full rebuild). */
export function pruneFtsRows(reader: Reader) {
  for (const table of [sql`search_fts`, sql`search_fts_recent`])
    reader.run(
      sql`DELETE FROM ${table} WHERE rowid NOT IN (SELECT id FROM questions WHERE deleted_at IS NULL)`,
    )
}

// ---------------------------------------------------------------- query shaping

const phrase = (tokens: string[]) => `"${tokens.join(' ')}"`

/**
 * One typed word as an FTS5 expression: a quoted phrase of its tokens (so no operator, quote,
 * parenthesis or column filter a person types means anything to FTS5), its synonyms, and, for
 * the word being typed, a prefix query. `broaden` also tries the prefix with up to three letters
 * cut, because the porter stemmer stems prefixes too ("configura" is stored as "configur").
 */
function chunkExpression(tokens: string[], opts: { prefix: boolean; broaden: boolean }) {
  const alternatives = [phrase(tokens)]
  const last = tokens[tokens.length - 1] ?? ''
  if (opts.prefix && last.length >= 2) {
    alternatives[0] += '*'
    if (opts.broaden) {
      for (let cut = 1; cut <= 3 && last.length - cut >= 3; cut++) {
        alternatives.push(`${phrase([...tokens.slice(0, -1), last.slice(0, -cut)])}*`)
      }
    }
  }
  for (const synonym of synonymsOf(tokens)) alternatives.push(phrase(synonym))
  return alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(' OR ')})`
}

export interface MatchOptions {
  /** 'and': every word must match (search); 'or': any word may (fallback, similar). */
  mode: 'and' | 'or'
  /** Treat the last word as a prefix (search as you type). */
  prefixLast: boolean
  broaden?: boolean
}

/** A safe FTS5 MATCH expression for what a person typed, or null when nothing is searchable. */
export function ftsMatchExpression(text: string, opts: MatchOptions): string | null {
  const chunks = queryChunks(text)
    .slice(0, MAX_CHUNKS)
    .map((tokens) => tokens.slice(0, MAX_TOKENS_PER_CHUNK))
  if (chunks.length === 0) return null
  const parts = chunks.map((tokens, i) =>
    chunkExpression(tokens, {
      prefix: opts.prefixLast && i === chunks.length - 1,
      broaden: opts.broaden ?? false,
    }),
  )
  return parts.join(opts.mode === 'and' ? ' AND ' : ' OR ')
}

/**
 * Similar questions: content words only, one FTS5 expression each, any of them matching. The
 * last word is also a prefix when the text ends inside it and it is not a word the index knows
 * (`isWord`): "thermost" is still being typed, "repo" is finished (a prefix there would only add
 * noise).
 */
export function similarTermExpressions(
  text: string,
  opts: { plain?: boolean; isWord?: (term: string) => boolean } = {},
): string[] {
  const terms = contentTerms(text)
  if (terms.length === 0) return []
  const last = terms[terms.length - 1]!
  const prefixLast =
    !opts.plain && endsInWord(text) && last.length >= 3 && !(opts.isWord?.(last) ?? false)
  return terms.map((term, i) =>
    prefixLast && i === terms.length - 1 ? `("${term}" OR "${term}"*)` : `"${term}"`,
  )
}

/**
 * The words a candidate look-up can afford, rarest first: together they hold at most `budget`
 * postings (the rarest is kept whatever it holds). BM25 scores every posting of every word it is
 * given, so without this a question with a word half the threads hold costs in proportion to the
 * community; such words say little about which thread is alike anyway.
 */
export function affordableTerms(
  terms: string[],
  postingsOf: (term: string) => number,
  budget: number,
): { kept: string[]; postings: number } {
  const counted = terms
    .map((term, order) => ({ term, order, postings: postingsOf(term) }))
    .sort((a, b) => a.postings - b.postings || a.order - b.order)
  const kept: typeof counted = []
  let postings = 0
  for (const word of counted) {
    if (kept.length > 0 && postings + word.postings > budget) break
    kept.push(word)
    postings += word.postings
  }
  kept.sort((a, b) => a.order - b.order)
  return { kept: kept.map((w) => w.term), postings }
}

/** A similar thread as SQL reads it (SIMILAR_COLUMNS, with `q` the questions table). */
export interface SimilarRow {
  id: number
  slug: string
  title: string
  status: ThreadStatus
  answerCount: number
  official: number
}

export const SIMILAR_COLUMNS = `q.id AS id, q.slug AS slug, q.title AS title, q.status AS status,
  q.answer_count AS answerCount, q.official_answer_id IS NOT NULL AS official`

export function similarHitOf(row: SimilarRow): SimilarHit {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    status: row.status,
    resolved: row.status === 'resolved',
    official: Boolean(row.official),
    answerCount: row.answerCount,
  }
}

// ---------------------------------------------------------------- the backend

type PoolRow = SimilarRow & {
  rank: number
  bm25Title?: number
  bm25Body?: number
  bm25Answers?: number
}

interface Filter {
  where: string[]
  params: unknown[]
}

function statusFilter(status: SearchQuery['status']): Filter {
  return status === 'all' || status == null
    ? { where: [], params: [] }
    : { where: [`q.status = 'resolved'`], params: [] }
}

function tagFilter(tags: string[] | undefined): Filter {
  const list = [...new Set(tags ?? [])]
  return {
    where: list.map(
      () =>
        'q.id IN (SELECT qt.question_id FROM question_tags qt JOIN tags t ON t.id = qt.tag_id WHERE t.name = ?)',
    ),
    params: list,
  }
}

function combine(...filters: Filter[]): Filter {
  return {
    where: ['q.deleted_at IS NULL', ...filters.flatMap((f) => f.where)],
    params: filters.flatMap((f) => f.params),
  }
}

interface HitRow {
  id: number
  slug: string
  title: string
  status: ThreadStatus
  score: number
  answerCount: number
  lastActivityAt: number
  official: number
  titleMarked: string | null
  bodySnippet: string | null
  answersSnippet: string | null
  body: string | null
}

const HIT_COLUMNS = `q.id AS id, q.slug AS slug, q.title AS title, q.status AS status, q.score AS score,
  q.answer_count AS answerCount, q.last_activity_at AS lastActivityAt,
  q.official_answer_id IS NOT NULL AS official`

export class SqliteFtsBackend implements SearchBackend {
  readonly name = 'sqlite-fts' as const
  readonly #db: Db
  readonly #statements = new Map<string, Database.Statement>()
  // Words' posting counts change slowly: a few minutes' old count chooses words as well.
  readonly #postings = new LRUCache<string, number>({ max: 50_000, ttl: 10 * 60_000 })

  readonly #candidateBudget: number

  /** `candidateBudget`: postings a similar-questions look-up may read (tests make it small). */
  constructor(db: Db, opts: { candidateBudget?: number } = {}) {
    this.#db = db
    this.#candidateBudget = opts.candidateBudget ?? CANDIDATE_BUDGET
  }

  #prepare(text: string) {
    let statement = this.#statements.get(text)
    if (!statement) {
      if (this.#statements.size > 200) this.#statements.clear() // tag filters vary the text
      statement = this.#db.$client.prepare(text)
      this.#statements.set(text, statement)
    }
    return statement
  }

  async upsert(documents: SearchDocument[]) {
    this.#db.transaction((tx) =>
      writeFtsRows(
        tx,
        documents.map((d) => d.id),
        documents,
      ),
    )
  }

  async delete(ids: number[]) {
    this.#db.transaction((tx) => writeFtsRows(tx, ids, []))
  }

  async health() {
    try {
      this.#prepare(`SELECT rowid FROM ${FTS_TABLE} LIMIT 1`).get()
      return { ok: true }
    } catch (error) {
      return { ok: false, detail: (error as Error).message }
    }
  }

  /** Synchronous search (the work is all in SQLite); `search()` wraps it. */
  searchSync(query: SearchQuery): SearchResult {
    const pageSize = clampInt(query.pageSize, 1, 100, 20)
    const page = clampInt(query.page, 1, 10_000, 1)
    const status = statusFilter(query.status)
    const tags = tagFilter(query.tags)
    const all = combine(status, tags)

    const match = this.#chooseMatch(query.q, all)
    const from = match
      ? `${FTS_TABLE} JOIN questions q ON q.id = ${FTS_TABLE}.rowid`
      : `questions q LEFT JOIN ${FTS_TABLE} ON ${FTS_TABLE}.rowid = q.id`
    // Counts need the FTS5 table only to match; listing without a query reads its body text.
    const countFrom = match ? from : 'questions q'
    const matchWhere = (filter: Filter) => ({
      where: [...(match ? [`${FTS_TABLE} MATCH ?`] : []), ...filter.where].join(' AND '),
      params: [...(match ? [match] : []), ...filter.params],
    })

    const main = matchWhere(all)
    const total = this.#count(countFrom, main.where, main.params)
    const pageCount = Math.max(1, Math.ceil(total / pageSize))

    const columns = match
      ? `${HIT_COLUMNS},
        highlight(${FTS_TABLE}, 0, char(1), char(2)) AS titleMarked,
        snippet(${FTS_TABLE}, 1, char(1), char(2), '…', ${SNIPPET_TOKENS}) AS bodySnippet,
        snippet(${FTS_TABLE}, 2, char(1), char(2), '…', ${SNIPPET_TOKENS}) AS answersSnippet,
        NULL AS body`
      : `${HIT_COLUMNS}, NULL AS titleMarked, NULL AS bodySnippet, NULL AS answersSnippet,
        substr(${FTS_TABLE}.body, 1, 400) AS body`
    const order = match
      ? `bm25(${FTS_TABLE}, ${SEARCH_WEIGHTS}), q.score DESC, q.id DESC`
      : 'q.last_activity_at DESC, q.id DESC'
    const rows = this.#prepare(
      `SELECT ${columns} FROM ${from} WHERE ${main.where} ORDER BY ${order} LIMIT ? OFFSET ?`,
    ).all(...main.params, pageSize, (page - 1) * pageSize) as HitRow[]

    const tagsOf = this.#tagsOf(rows.map((r) => r.id))
    const hits: SearchHit[] = rows.map((row) => ({
      id: row.id,
      slug: row.slug,
      titleHtml: markedToHtml(row.titleMarked ?? row.title),
      snippetHtml: snippetOf(row),
      tags: tagsOf.get(row.id) ?? [],
      status: row.status,
      resolved: row.status === 'resolved',
      official: Boolean(row.official),
      score: row.score,
      answerCount: row.answerCount,
      lastActivityAt: row.lastActivityAt,
    }))

    // Facets: each counts the results under every filter but its own, so a count is what
    // choosing that value would show.
    const tagWhere = matchWhere(combine(status))
    const tagCounts = this.#prepare(
      `SELECT t.name AS value, count(*) AS n FROM ${countFrom}
        JOIN question_tags qt ON qt.question_id = q.id JOIN tags t ON t.id = qt.tag_id
        WHERE ${tagWhere.where} GROUP BY t.name ORDER BY n DESC, t.name LIMIT 100`,
    ).all(...tagWhere.params) as { value: string; n: number }[]
    const statusWhere = matchWhere(combine(tags))
    const statusCounts = this.#prepare(
      `SELECT q.status AS value, count(*) AS n FROM ${countFrom}
        WHERE ${statusWhere.where} GROUP BY q.status`,
    ).all(...statusWhere.params) as { value: ThreadStatus; n: number }[]

    return {
      hits,
      total,
      page,
      pageCount,
      facets: {
        tags: Object.fromEntries(tagCounts.map((r) => [r.value, r.n])),
        status: Object.fromEntries(
          statusCounts.filter((r) => THREAD_STATUSES.includes(r.value)).map((r) => [r.value, r.n]),
        ),
      },
      backend: this.name,
    }
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    return this.searchSync(query)
  }

  /**
   * Every word, the last as a prefix; if nothing matches, the prefix with its ending trimmed
   * (stemming); if still nothing, any of the words (ranked by BM25, so the most matched first).
   */
  #chooseMatch(text: string, filter: Filter): string | null {
    const strict = ftsMatchExpression(text, { mode: 'and', prefixLast: true })
    if (!strict) return null
    const from = `${FTS_TABLE} JOIN questions q ON q.id = ${FTS_TABLE}.rowid`
    const where = [`${FTS_TABLE} MATCH ?`, ...filter.where].join(' AND ')
    const found = (expression: string) =>
      this.#prepare(`SELECT 1 FROM ${from} WHERE ${where} LIMIT 1`).get(
        expression,
        ...filter.params,
      ) !== undefined
    if (found(strict)) return strict
    const broad = ftsMatchExpression(text, { mode: 'and', prefixLast: true, broaden: true })!
    if (broad !== strict && found(broad)) return broad
    return ftsMatchExpression(text, { mode: 'or', prefixLast: true, broaden: true })
  }

  #count(from: string, where: string, params: unknown[]) {
    const row = this.#prepare(`SELECT count(*) AS n FROM ${from} WHERE ${where}`).get(
      ...params,
    ) as { n: number }
    return row.n
  }

  #tagsOf(ids: number[]) {
    const out = new Map<number, string[]>()
    if (ids.length === 0) return out
    const rows = this.#db.$client
      .prepare(
        `SELECT qt.question_id AS id, t.name AS name FROM question_tags qt
          JOIN tags t ON t.id = qt.tag_id
          WHERE qt.question_id IN (${ids.map(() => '?').join(', ')}) ORDER BY t.name`,
      )
      .all(...ids) as { id: number; name: string }[]
    for (const row of rows) out.set(row.id, [...(out.get(row.id) ?? []), row.name])
    return out
  }

  /**
   * Similar questions: BM25 over the content words of the text, any of them (the last one a
   * prefix while it is being typed), re-ranked by term proximity: candidates whose text holds
   * consecutive words of the asker's first line close together (NEAR, within 8 tokens) gain that
   * match's own BM25 score — a sequential-dependence model, which beats plain BM25 on whole
   * sentences. `plain`: the SPEC's baseline alone (equal weights, whole words, no proximity).
   */
  similarSync(query: SimilarQuery, opts: { plain?: boolean } = {}): SimilarHit[] {
    const limit = clampInt(query.limit, 1, 100, 5)
    const rows = this.#similarPool(query, opts.plain ? limit : Math.max(limit, PROXIMITY_POOL), {
      plain: opts.plain,
    })
    const stems = opts.plain ? null : proximityStems(query.text)
    if (stems && rows.length > 1) {
      // bm25() is negative, lower is better: a proximity match lowers the rank further.
      const weights = this.#stemWeights(query.text)
      const textOf = this.#poolTexts(rows.map((r) => r.id))
      for (const row of rows) {
        const text = textOf.get(row.id)
        const score = proximityScore(
          stems,
          text ? `${text.title}\n${text.body}` : '',
          (s) => weights.get(s) ?? 0,
        )
        row.rank -= PROXIMITY_WEIGHT * score
      }
      rows.sort((a, b) => a.rank - b.rank || b.id - a.id)
    }
    return rows.slice(0, limit).map(similarHitOf)
  }

  /**
   * The learned ranking's candidates: the top `pool` BM25 threads (as similarSync chooses them)
   * with their keyword features (similar-features.ts) and stored sentence vectors, for the
   * ranker in the server's thread (similar-ranker.ts) to weigh with the query's vector. The
   * features are computed here over the pool's texts, read by rowid: no MATCH per candidate.
   */
  similarCandidatesSync(query: SimilarQuery, pool: number): SimilarCandidate[] {
    const rows = this.#similarPool(query, clampInt(pool, 1, 200, 50), { features: true })
    if (rows.length === 0) return []
    const weights = this.#stemWeights(query.text)
    // A word of the query the index does not hold weighs as the rarest (it matched nothing).
    const rarest = Math.max(1e-6, Math.log((this.#threadCount() + 0.5) / 0.5))
    const terms = queryTermsOf(query.text, (s) => weights.get(s) ?? rarest)
    const stems = proximityStems(query.text)
    const most = stems ? maxProximity(stems, terms.weightOf) : 0
    const ids = rows.map((r) => r.id)
    const textOf = this.#poolTexts(ids, ANSWERS_TEXT_CHARS)
    const vectors = readVectors(this.#db.$client, ids, VECTOR_MODEL)
    const best = -rows[0]!.rank
    return rows.map((row, position) => {
      const text = textOf.get(row.id) ?? { title: row.title, body: '', answers: '' }
      const proximity =
        stems && most > 0
          ? proximityScore(stems, `${text.title}\n${text.body}`, terms.weightOf) / most
          : 0
      const features = keywordFeatures(terms, {
        bm25: -row.rank,
        bm25Title: -(row.bm25Title ?? 0),
        bm25Body: -(row.bm25Body ?? 0),
        bm25Answers: -(row.bm25Answers ?? 0),
        rank: position,
        bestBm25: best,
        title: text.title,
        bodyOpening: text.body,
        answersOpening: text.answers,
        proximity,
        resolved: row.status === 'resolved',
        official: Boolean(row.official),
      })
      return {
        hit: similarHitOf(row),
        keyword: featureArray(features),
        // A copy of its own: a view into a pooled buffer would post the whole pool.
        vector: vectors.get(row.id)?.slice() ?? null,
      }
    })
  }

  /**
   * The BM25 pool of a similar-questions look-up, best first (bm25() is negative). The words it
   * can afford (affordableTerms) are ranked over every thread; when even the rarest is common,
   * over the newest threads' index instead (bm25() would read all of that word's postings), and
   * if it is common there too, over its newest `budget` threads of the window.
   */
  #similarPool(
    query: SimilarQuery,
    size: number,
    opts: { plain?: boolean; features?: boolean },
  ): PoolRow[] {
    const isWord = (term: string) =>
      this.#prepare(`SELECT 1 FROM ${FTS_TABLE} WHERE ${FTS_TABLE} MATCH ? LIMIT 1`).get(
        `"${term}"`,
      ) !== undefined
    const parts = similarTermExpressions(query.text, { plain: opts.plain, isWord })
    if (parts.length === 0) return []
    const budget = this.#candidateBudget
    const afford = (table: string) =>
      affordableTerms(parts, (part) => this.#postingsOf(part, table), budget)
    let table = FTS_TABLE
    let { kept, postings } = query.wholeIndex ? { kept: parts, postings: 0 } : afford(table)
    if (postings > budget) {
      table = RECENT_FTS_TABLE
      ;({ kept, postings } = afford(table))
    }
    const match = kept.join(' OR ')
    const where = [`${table} MATCH ?`, 'q.deleted_at IS NULL']
    const params: unknown[] = [match]
    if (Number.isFinite(query.excludeId)) {
      where.push('q.id != ?')
      params.push(query.excludeId)
    }
    if (postings > budget) {
      // Common even among the newest threads: only its most recent there are candidates.
      const floor = this.#prepare(
        `SELECT rowid AS id FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?`,
      ).get(match, budget) as { id: number } | undefined
      if (floor) {
        where.push(`${table}.rowid >= ?`)
        params.push(floor.id)
      }
    }
    if (query.resolvedOnly) where.push(`q.status = 'resolved'`)
    if (query.unresolvedOnly) where.push(`q.status IN ('open', 'answered')`)
    // The per-column scores come with the same MATCH, computed as the pool is ranked.
    const columnScores = opts.features
      ? `, bm25(${table}, 1, 0, 0, 0) AS bm25Title, bm25(${table}, 0, 1, 0, 0) AS bm25Body,
        bm25(${table}, 0, 0, 1, 0) AS bm25Answers`
      : ''
    return this.#prepare(
      `SELECT ${SIMILAR_COLUMNS}, bm25(${table}) AS rank${columnScores}
        FROM ${table} JOIN questions q ON q.id = ${table}.rowid
        WHERE ${where.join(' AND ')}
        ORDER BY rank, q.id DESC
        LIMIT ?`,
    ).all(...params, size) as PoolRow[]
  }

  /** The title and the openings of the body and answers of these threads, read by rowid. */
  #poolTexts(ids: number[], answersChars = 0) {
    const rows = this.#db.$client
      .prepare(
        `SELECT rowid AS id, title, substr(body, 1, ${PROXIMITY_TEXT_CHARS}) AS body,
          substr(answers, 1, ${answersChars}) AS answers
          FROM ${FTS_TABLE} WHERE rowid IN (${ids.map(() => '?').join(', ')})`,
      )
      .all(...ids) as { id: number; title: string; body: string; answers: string }[]
    return new Map(rows.map((r) => [r.id, r]))
  }

  async similar(query: SimilarQuery): Promise<SimilarHit[]> {
    return this.similarSync(query)
  }

  /** Each query word's stem → its inverse document frequency, as bm25() weighs it. */
  #stemWeights(text: string): Map<string, number> {
    const threads = this.#threadCount()
    const weights = new Map<string, number>()
    for (const term of contentTerms(text)) {
      const n = this.#postingsOf(`"${term}"`)
      weights.set(stemOf(term), Math.max(1e-6, Math.log((threads - n + 0.5) / (n + 0.5))))
    }
    return weights
  }

  /** About how many threads the index holds (the highest id: a count would read every row). */
  #threadCount(): number {
    let n = this.#postings.get(THREAD_COUNT_KEY)
    if (n === undefined) {
      const row = this.#prepare(`SELECT max(rowid) AS n FROM ${FTS_TABLE}`).get() as {
        n: number | null
      }
      n = row.n ?? 0
      this.#postings.set(THREAD_COUNT_KEY, n)
    }
    return n
  }

  /** How many threads of `table` an expression matches, counted up to just past the budget. */
  #postingsOf(expression: string, table = FTS_TABLE): number {
    const key = table === FTS_TABLE ? expression : `${table}\u0000${expression}`
    let n = this.#postings.get(key)
    if (n === undefined) {
      const row = this.#prepare(
        `SELECT count(*) AS n FROM (SELECT rowid FROM ${table} WHERE ${table} MATCH ? LIMIT ?)`,
      ).get(expression, this.#candidateBudget + 1) as { n: number }
      n = row.n
      this.#postings.set(key, n)
    }
    return n
  }
}

/** The body's snippet if the match is there, else the answers', else the body's opening. */
function snippetOf(row: HitRow): string {
  if (row.body != null) return plainSnippetHtml(row.body)
  for (const candidate of [row.bodySnippet, row.answersSnippet]) {
    if (candidate?.includes(MARK_PRE) && candidate.includes(MARK_POST)) {
      return markedToHtml(candidate)
    }
  }
  return markedToHtml(row.bodySnippet ?? '')
}
