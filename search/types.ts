// The search contract. Adapters (Meilisearch, SQLite FTS5) implement SearchBackend;
// search/index.server.ts picks one per call and falls back when Meilisearch is down or slow.
import type { ThreadStatus } from '#db/schema.ts'

/** What the index holds for one thread (plain text, no HTML). */
export interface SearchDocument {
  id: number
  slug: string
  title: string
  /** The question's text. */
  body: string
  /** Answer texts, official first, then accepted, then by score. */
  answers: string[]
  tags: string[]
  status: ThreadStatus
  resolved: boolean
  official: boolean
  accepted: boolean
  score: number
  answerCount: number
  createdAt: number
  lastActivityAt: number
}

export type StatusFilter = 'resolved' | 'all'

export interface SearchQuery {
  q: string
  tags?: string[]
  /** 'resolved' (default on /search) keeps resolved threads only; 'all' keeps every live thread. */
  status?: StatusFilter
  page?: number
  pageSize?: number
}

export interface SearchHit {
  id: number
  slug: string
  /** HTML-escaped title with matches wrapped in <mark>…</mark> (nothing else is HTML). */
  titleHtml: string
  /** HTML-escaped snippet of the best matching text with <mark>…</mark>. */
  snippetHtml: string
  tags: string[]
  status: ThreadStatus
  resolved: boolean
  official: boolean
  score: number
  answerCount: number
  lastActivityAt: number
}

export interface SearchResult {
  hits: SearchHit[]
  total: number
  page: number
  pageCount: number
  /**
   * Counts over the whole result set before the tag filter narrows it: tag → n, status → n.
   * Each facet counts under every filter but its own (tags: query + status filter; status:
   * query + tag filter), so a count is what choosing that value would show.
   */
  facets: { tags: Record<string, number>; status: Partial<Record<ThreadStatus, number>> }
  backend: BackendName
}

export interface SimilarQuery {
  /** What the asker typed: a title, or a title and the opening of the body. */
  text: string
  excludeId?: number
  limit?: number
  resolvedOnly?: boolean
  /** Open and answered threads only: those a newly resolved thread may help. */
  unresolvedOnly?: boolean
  /** How to rank (default 'learned'); the others exist to be measured against it. */
  strategy?: SimilarStrategy
  /**
   * Plain BM25 over every thread holding any of the words, whatever that costs: the SPEC's
   * yardstick as `npm run eval:similar` and the bench measure it. Without it a look-up reads at
   * most a budget of postings, as every look-up a person makes does.
   */
  wholeIndex?: boolean
}

/**
 * 'learned' (the default): the top BM25 candidates (as 'bm25' finds them) re-ranked by a
 * logistic-regression combination of keyword features and the sentence-encoder cosine
 * (search/similar-ranker.ts; keyword features alone when there is no vector; plain BM25 for a
 * query in another language than English); Meilisearch only fills the list when BM25 finds fewer
 * than asked (typos).
 * 'bm25': FTS5 BM25 over the content words, OR-ed, the last word a prefix while typed,
 * re-ranked by the proximity of the first line's consecutive words (NEAR); filled the same way.
 * 'baseline': the SPEC's yardstick, plain bm25() (stop words dropped, OR-ed, equal weights).
 * 'fused': reciprocal rank fusion of BM25 and Meilisearch. 'meilisearch': Meilisearch alone.
 * The last two fall back to BM25 when Meilisearch is down.
 */
export type SimilarStrategy = 'learned' | 'bm25' | 'baseline' | 'fused' | 'meilisearch'

export interface SimilarHit {
  id: number
  slug: string
  title: string
  status: ThreadStatus
  resolved: boolean
  official: boolean
  answerCount: number
  /**
   * The opening of the official (else accepted) answer, plain text cut on a word: on the best
   * resolved hit only, added by withAnswerPreview (app/models/answer-preview.server.ts).
   */
  answerPreview?: { answerId: number; text: string; official: boolean }
}

export type BackendName = 'meilisearch' | 'sqlite-fts'

export interface SearchBackend {
  readonly name: BackendName
  upsert(documents: SearchDocument[]): Promise<void>
  delete(ids: number[]): Promise<void>
  search(query: SearchQuery): Promise<SearchResult>
  similar(query: SimilarQuery): Promise<SimilarHit[]>
  health(): Promise<{ ok: boolean; detail?: string }>
}

export interface SearchHealth {
  backend: BackendName
  status: 'ok' | 'degraded'
  detail?: string
  outbox: { pending: number; oldestPendingAgeMs: number | null }
  encoder: EncoderHealth
}

/** The sentence encoder behind similar questions: 'off' where it is not started (tests, scripts). */
export interface EncoderHealth {
  status: 'off' | 'loading' | 'ok' | 'failed'
  detail?: string
}
