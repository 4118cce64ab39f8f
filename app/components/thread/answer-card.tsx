import { Form, Link } from '@remix-run/react'
import type { SubmissionResult } from '@conform-to/react'
import type { OfficialMarkView } from '#app/models/official-answers.server.ts'
import type { AnswerView } from '#app/models/thread-view.server.ts'
import { TimeAgo } from '../time-ago.tsx'
import { UserLink } from '../user-link.tsx'
import { CommentForm, CommentList } from './comments.tsx'
import { OfficialMarkForm, OfficialVerified } from './official-mark.tsx'
import { PostActions } from './post-actions.tsx'
import { VoteControls } from './vote-controls.tsx'

interface Props {
  answer: Omit<AnswerView, 'bodyMd'>
  viewerId: number | null
  /** The viewer asked the question: they may accept. */
  canAccept: boolean
  /** The viewer is staff: they may mark it official. */
  canMarkOfficial: boolean
  error?: string
  commentResult?: SubmissionResult<string[]>
  /** The thread is locked: no comment box. */
  locked?: boolean
  /** The official answer's last verification and note (null: none recorded). */
  officialMark?: OfficialMarkView | null
  /** The note field of the mark form as it came back refused. */
  officialNote?: { value?: string; error?: string }
}

/** One answer: its votes, its official/accepted badges and buttons, its comments. */
export function AnswerCard({
  answer,
  viewerId,
  canAccept,
  canMarkOfficial,
  error,
  commentResult,
  locked = false,
  officialMark = null,
  officialNote,
}: Props) {
  return (
    <article
      id={`answer-${answer.id}`}
      className={`post answer${answer.isOfficial ? ' answer-official' : ''}${answer.isAccepted ? ' answer-accepted' : ''}${answer.deletedAt ? ' post-deleted' : ''}`}
      aria-label={`Answer by ${answer.author.displayName}`}
    >
      <VoteControls
        postType="answer"
        postId={answer.id}
        score={answer.score}
        myVote={answer.myVote}
        error={error}
      />
      <div className="post-main">
        {answer.hiddenAt ? (
          <p className="notice">
            Hidden: members flagged this answer as spam or rude. Only its author and moderators see
            it until a moderator reviews it.
          </p>
        ) : answer.deletedAt ? (
          <p className="notice">Deleted: only moderators see this answer.</p>
        ) : null}
        <div className="answer-badges">
          {answer.isOfficial ? (
            <span className="badge badge-official" title="Nimbus staff stand behind this answer">
              ✔ Official answer
            </span>
          ) : null}
          {answer.isAccepted ? (
            <span
              className="badge badge-accepted"
              title="The person who asked accepted this answer"
            >
              ✔ Accepted answer
            </span>
          ) : null}
        </div>
        {answer.isOfficial && officialMark ? <OfficialVerified {...officialMark} /> : null}
        <div className="prose" dangerouslySetInnerHTML={{ __html: answer.bodyHtml }} />
        <div className="answer-controls">
          {canAccept ? (
            <Form method="post" preventScrollReset>
              <input type="hidden" name="intent" value="accept" />
              <input type="hidden" name="answerId" value={answer.id} />
              <button
                type="submit"
                className="btn btn-small btn-accept"
                aria-pressed={answer.isAccepted}
              >
                Accept answer
              </button>
            </Form>
          ) : null}
          {canMarkOfficial ? (
            <OfficialMarkForm
              answerId={answer.id}
              official={answer.isOfficial}
              note={officialNote}
            />
          ) : null}
          {error ? (
            <p className="vote-error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
        <div className="post-footer">
          <PostActions
            editHref={`/answers/${answer.id}/edit`}
            flagPost={`answer:${answer.id}`}
            canEdit={answer.canEdit}
            canFlag={viewerId != null && viewerId !== answer.author.id}
            deletion={
              answer.canDelete
                ? { postType: 'answer', postId: answer.id, deleted: answer.deletedAt != null }
                : undefined
            }
          />
          <div className="post-author">
            <TimeAgo ms={answer.createdAt} prefix="answered" /> <UserLink user={answer.author} />
            {answer.editedAt ? (
              <>
                {' · '}
                <Link className="edited" to={`/revisions/answer/${answer.id}`}>
                  edited
                </Link>
              </>
            ) : null}
          </div>
        </div>
        <CommentList comments={answer.comments} />
        {viewerId != null && !locked ? (
          <CommentForm answerId={answer.id} lastResult={commentResult} />
        ) : null}
      </div>
    </article>
  )
}
