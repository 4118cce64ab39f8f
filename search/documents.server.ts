// Reads threads from the database and builds their search documents. Works on the db or on a
// transaction, so the outbox can refresh the FTS5 row inside the write that changed the thread.
import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm'
import type { Db, Tx } from '#db/client.server.ts'
import { answers, questionTags, questions, tags } from '#db/schema.ts'
import { buildSearchDocument, type ThreadSource } from './documents.ts'
import type { SearchDocument } from './types.ts'

export type Reader = Db | Tx

const CHUNK = 500

/** Live threads (not deleted) among `ids`, as search documents; missing ids are absent. */
export function loadSearchDocuments(reader: Reader, ids: number[]): Map<number, SearchDocument> {
  const out = new Map<number, SearchDocument>()
  const unique = [...new Set(ids)]
  for (let i = 0; i < unique.length; i += CHUNK) {
    for (const source of loadThreadSources(reader, unique.slice(i, i + CHUNK))) {
      out.set(source.id, buildSearchDocument(source))
    }
  }
  return out
}

function loadThreadSources(reader: Reader, ids: number[]): ThreadSource[] {
  if (ids.length === 0) return []
  const rows = reader
    .select({
      id: questions.id,
      slug: questions.slug,
      title: questions.title,
      bodyHtml: questions.bodyHtml,
      status: questions.status,
      score: questions.score,
      answerCount: questions.answerCount,
      createdAt: questions.createdAt,
      lastActivityAt: questions.lastActivityAt,
      acceptedAnswerId: questions.acceptedAnswerId,
      officialAnswerId: questions.officialAnswerId,
    })
    .from(questions)
    .where(and(inArray(questions.id, ids), isNull(questions.deletedAt)))
    .orderBy(asc(questions.id))
    .all()
  if (rows.length === 0) return []
  const liveIds = rows.map((r) => r.id)

  const answerRows = reader
    .select({
      id: answers.id,
      questionId: answers.questionId,
      bodyHtml: answers.bodyHtml,
      score: answers.score,
      createdAt: answers.createdAt,
    })
    .from(answers)
    .where(and(inArray(answers.questionId, liveIds), isNull(answers.deletedAt)))
    .all()
  const tagRows = reader
    .select({ questionId: questionTags.questionId, name: tags.name })
    .from(questionTags)
    .innerJoin(tags, eq(tags.id, questionTags.tagId))
    .where(inArray(questionTags.questionId, liveIds))
    .all()

  const answersOf = new Map<number, ThreadSource['answers']>()
  for (const { questionId, ...answer } of answerRows) {
    const list = answersOf.get(questionId) ?? []
    list.push(answer)
    answersOf.set(questionId, list)
  }
  const tagsOf = new Map<number, string[]>()
  for (const { questionId, name } of tagRows) {
    const list = tagsOf.get(questionId) ?? []
    list.push(name)
    tagsOf.set(questionId, list)
  }
  return rows.map((row) => ({
    ...row,
    answers: answersOf.get(row.id) ?? [],
    tags: tagsOf.get(row.id) ?? [],
  }))
}

/** Every live thread's document, in id order, a batch at a time (for a full reindex). */
export function* allSearchDocuments(
  reader: Reader,
  batchSize = CHUNK,
): Generator<SearchDocument[]> {
  let after = 0
  for (;;) {
    const ids = reader
      .select({ id: questions.id })
      .from(questions)
      .where(and(gt(questions.id, after), isNull(questions.deletedAt)))
      .orderBy(asc(questions.id))
      .limit(batchSize)
      .all()
      .map((r) => r.id)
    if (ids.length === 0) return
    after = ids[ids.length - 1] ?? after
    yield [...loadSearchDocuments(reader, ids).values()]
  }
}

export function countLiveThreads(reader: Reader): number {
  return (
    reader
      .select({ n: sql<number>`count(*)` })
      .from(questions)
      .where(isNull(questions.deletedAt))
      .get()?.n ?? 0
  )
}
