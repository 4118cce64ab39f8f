// "This may already be answered": the opening of the answer that resolved the best match, so an
// asker can read it under the match's title without opening the thread.
import { preparedStatement } from '#db/client.server.ts'
import { toPlainText } from '#app/lib/markdown.server.ts'
import { similarQuestions } from '#search/index.server.ts'
import type { SimilarHit } from '#search/types.ts'
import { excerptOfText } from './questions.server.ts'

/** About two lines under a title. */
export const ANSWER_PREVIEW_LENGTH = 200

type PreviewRow = { answerId: number; bodyHtml: string; official: number }

/**
 * The thread's official answer, else its accepted one (both live): two primary-key look-ups
 * from the question's own row, whatever the size of the thread.
 */
const previewSql = `SELECT a.id AS answerId, a.body_html AS bodyHtml,
    a.id IS q.official_answer_id AS official
  FROM questions q JOIN answers a ON a.id IN (q.official_answer_id, q.accepted_answer_id)
  WHERE q.id = ? AND q.deleted_at IS NULL AND a.question_id = q.id AND a.deleted_at IS NULL
  ORDER BY official DESC LIMIT 1`

/** The opening of a question's official (else accepted) answer, or null when it has neither. */
export function answerPreviewFor(questionId: number): SimilarHit['answerPreview'] | null {
  const row = preparedStatement(previewSql).get(questionId) as PreviewRow | undefined
  if (!row) return null
  return {
    answerId: row.answerId,
    text: excerptOfText(toPlainText(row.bodyHtml), ANSWER_PREVIEW_LENGTH),
    official: row.official === 1,
  }
}

/**
 * The hits as they were, the highest-ranked resolved one given the opening of its official
 * (else accepted) answer when it has one. Only that hit: one look-up per list.
 */
export function withAnswerPreview(hits: SimilarHit[]): SimilarHit[] {
  const best = hits.findIndex((hit) => hit.resolved)
  if (best === -1) return hits
  const preview = answerPreviewFor(hits[best]!.id)
  if (!preview) return hits
  return hits.map((hit, i) => (i === best ? { ...hit, answerPreview: preview } : hit))
}

/** Below this the asker has not typed enough to look for anything. */
const MIN_DRAFT_LENGTH = 8
const SIMILAR_LIMIT = 6

/**
 * The threads closest to a draft (its title and the opening of its body), the best resolved one
 * with its answer's opening: the ask page's "may already answer it" list.
 */
export async function similarToDraft(text: string, excludeId?: number): Promise<SimilarHit[]> {
  const trimmed = text.trim()
  if (trimmed.length < MIN_DRAFT_LENGTH) return []
  const hits = await similarQuestions({ text: trimmed, excludeId, limit: SIMILAR_LIMIT })
  return withAnswerPreview(hits)
}
