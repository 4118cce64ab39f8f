// The edit history of a post: every revision, who made it, and what changed from the one before.
import { diffLines, diffWords } from 'diff'
import { and, asc, eq } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { revisions, users, type PostType } from '#db/schema.ts'
import { authorColumns } from './users.server.ts'

export interface Change {
  kind: 'added' | 'removed' | 'same'
  text: string
}

function toChanges(parts: { added?: boolean; removed?: boolean; value: string }[]): Change[] {
  return parts.map((p) => ({
    kind: p.added ? 'added' : p.removed ? 'removed' : 'same',
    text: p.value,
  }))
}

export function postHistory(postType: PostType, postId: number) {
  const rows = db
    .select({ revision: revisions, editor: authorColumns })
    .from(revisions)
    .innerJoin(users, eq(users.id, revisions.editorId))
    .where(and(eq(revisions.postType, postType), eq(revisions.postId, postId)))
    .orderBy(asc(revisions.revision))
    .all()
  return rows
    .map(({ revision, editor }, i) => {
      const before = rows[i - 1]?.revision
      return {
        number: revision.revision,
        createdAt: revision.createdAt,
        summary: revision.summary,
        editor,
        questionId: revision.questionId,
        title:
          before && before.title !== revision.title
            ? toChanges(diffWords(before.title ?? '', revision.title ?? ''))
            : null,
        tags:
          before && before.tags !== revision.tags
            ? toChanges(diffWords(before.tags ?? '', revision.tags ?? ''))
            : null,
        body: toChanges(
          before ? diffLines(before.bodyMd, revision.bodyMd) : [{ value: revision.bodyMd }],
        ),
      }
    })
    .reverse()
}
