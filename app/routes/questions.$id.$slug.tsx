import type { Submission, SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { StatusBadge, TagList } from '#app/components/question-list.tsx'
import { StaffClaim } from '#app/components/StaffClaim.tsx'
import { AnswerSpeed } from '#app/components/answer-speed.tsx'
import { StaffTimeline } from '#app/components/StaffTimeline.tsx'
import { CloseForm } from '#app/components/thread/close-form.tsx'
import { LockForm } from '#app/components/thread/lock-form.tsx'
import { ReopenForm } from '#app/components/thread/reopen-form.tsx'
import { PrivateCase } from '#app/components/thread/private-case.tsx'
import { isPrivateCaseIntent, privateCaseAction } from '#app/lib/private-case-action.server.ts'
import { privateCaseForViewer } from '#app/models/private-cases.server.ts'
import { AnswerCard } from '#app/components/thread/answer-card.tsx'
import { AnswerForm } from '#app/components/thread/answer-form.tsx'
import { CommentForm, CommentList } from '#app/components/thread/comments.tsx'
import { PostActions } from '#app/components/thread/post-actions.tsx'
import { VoteControls } from '#app/components/thread/vote-controls.tsx'
import { TimeAgo } from '#app/components/time-ago.tsx'
import { UserLink } from '#app/components/user-link.tsx'
import { requireUser } from '#app/lib/auth.server.ts'
import { botRefusal, formStartToken } from '#app/lib/bot-guard.server.ts'
import { buttonFailure, formFailure, invalidSubmission } from '#app/lib/form-action.server.ts'
import { hasRole, isStaff } from '#app/lib/privileges.ts'
import { FieldError } from '#app/models/errors.server.ts'
import { staffClaimOnThread } from '#app/models/staff-claims.server.ts'
import { staffTimelineFor } from '#app/models/routing.server.ts'
import { consumeRateLimit, keepRetryAfter } from '#app/lib/rate-limit.server.ts'
import {
  createAnswer,
  setOfficialAnswer,
  toggleAcceptedAnswer,
} from '#app/models/answers.server.ts'
import { addComment } from '#app/models/comments.server.ts'
import {
  candidateOriginals,
  closeVotingFor,
  duplicateOriginal,
  voteToClose,
} from '#app/models/close-votes.server.ts'
import {
  reopenQuestion,
  setThreadLock,
  threadModerationHistory,
} from '#app/models/moderation.server.ts'
import { deletePost, undeletePost } from '#app/models/deletion.server.ts'
import { withAnswerPreview } from '#app/models/answer-preview.server.ts'
import { getThread } from '#app/models/thread-view.server.ts'
import { castVote } from '#app/models/votes.server.ts'
import { relatedResolvedThreads } from '#search/index.server.ts'
import { isThinThread, originFrom, seoMeta } from '#app/lib/seo.ts'
import { qaPageJsonLd, serializeJsonLd } from '#app/lib/structured-data.server.ts'
import { publicOrigin } from '#app/lib/urls.server.ts'
import { writeWhenFree } from '#app/models/transaction.server.ts'
import { SimilarList } from '#app/components/similar-questions.tsx'
import { NewPostsBar } from '#app/components/live/new-posts-bar.tsx'
import {
  threadActionSchema,
  type ThreadActionInput,
  type ThreadActionValue,
} from '#app/validation/thread.ts'
import { useOptionalUser } from '#app/root.tsx'

function questionId(params: LoaderFunctionArgs['params']) {
  const id = Number(params.id)
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new Response('Question not found', { status: 404 })
  return id
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  if (!data) return [{ title: 'Question not found — Peerdesk' }]
  const q = data.thread.question
  return seoMeta({
    title: `${q.title} — Peerdesk`,
    description: q.excerpt || q.title,
    url: `${originFrom(matches)}/questions/${q.id}/${q.slug}`,
    type: 'article',
    noindex: data.noindex,
  })
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = questionId(params)
  const thread = getThread(id, context.user)
  if (!thread) throw new Response('Question not found', { status: 404 })
  if (params.slug !== thread.question.slug) {
    throw redirect(`/questions/${id}/${thread.question.slug}`, 301)
  }
  const q = thread.question
  const related =
    q.status === 'open' || q.status === 'answered'
      ? withAnswerPreview(relatedResolvedThreads(q.id))
      : []
  const closeVoting = closeVotingFor(id, context.user)
  return {
    thread,
    related,
    moderation: threadModerationHistory(context.user, id),
    noindex: isThinThread(q),
    jsonLd: serializeJsonLd(qaPageJsonLd(thread, publicOrigin(request))),
    closeVoting,
    originals: await candidateOriginals(q, closeVoting),
    original: q.status === 'duplicate' ? duplicateOriginal(id) : null,
    // The answer box's bot-guard stamp; visitors (and so cached pages) have no answer box.
    formStarted: context.user ? formStartToken() : null,
    staffClaim: staffClaimOnThread(context.user, q),
    staffTimeline: staffTimelineFor(context.user, q.id),
    // Only the asker and staff get it (null for everyone else); never in jsonLd or meta.
    privateCase: privateCaseForViewer(context.user, q),
  }
}

export const headers = keepRetryAfter

export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = questionId(params)
  const user = requireUser(context.user, request)
  const threadUrl = new URL(request.url).pathname
  const formData = await request.formData()
  if (isPrivateCaseIntent(formData.get('intent'))) {
    return privateCaseAction(user, id, formData, { threadUrl, ip: context.ip })
  }
  const submission = parseWithZod(formData, { schema: threadActionSchema })
  if (submission.payload.intent === 'answer') {
    const refused = botRefusal(formData, submission, { extra: { intent: 'answer' as const } })
    if (refused) return refused
  }
  if (submission.status !== 'success') return refusedInput(submission, id)
  const input = submission.value
  const failure = failureFor(submission, input, id)
  try {
    switch (input.intent) {
      case 'answer': {
        await consumeRateLimit('post', { ip: context.ip, account: user.id })
        const answer = await writeWhenFree(() => createAnswer(user, id, input.body))
        return redirect(`${threadUrl}#answer-${answer.id}`)
      }
      case 'comment': {
        await consumeRateLimit('post', { ip: context.ip, account: user.id })
        const target = { questionId: id, answerId: input.answerId }
        const comment = await writeWhenFree(() => addComment(user, target, input.body))
        return redirect(`${threadUrl}#comment-${comment.id}`)
      }
      case 'close': {
        await consumeRateLimit('vote', { ip: context.ip, account: user.id })
        const result = await writeWhenFree(() => voteToClose(user, id, input))
        return redirect(result.closed ? threadUrl : `${threadUrl}#close-question`)
      }
      case 'vote': {
        await consumeRateLimit('vote', { ip: context.ip, account: user.id })
        const vote = await writeWhenFree(() =>
          castVote(user, input.postType, input.postId, input.direction),
        )
        return { vote, postKey: `${input.postType}:${input.postId}` }
      }
      case 'accept':
        await writeWhenFree(() => toggleAcceptedAnswer(user, input.answerId))
        return redirect(`${threadUrl}#answer-${input.answerId}`)
      case 'official':
        await writeWhenFree(() =>
          setOfficialAnswer(user, input.answerId, input.official === 'true', Date.now(), input),
        )
        return redirect(`${threadUrl}#answer-${input.answerId}`)
      case 'reopen':
        await writeWhenFree(() => reopenQuestion(user, id, input))
        return redirect(threadUrl)
      case 'lock':
        await writeWhenFree(() =>
          setThreadLock(user, id, { locked: input.locked === 'true', reason: input.reason }),
        )
        return redirect(threadUrl)
      case 'delete':
      case 'undelete': {
        const post = { type: input.postType, id: input.postId }
        await writeWhenFree(() =>
          input.intent === 'undelete' ? undeletePost(user, post) : deletePost(user, post),
        )
        // An author's own deleted question is gone for them: they go home.
        const gone =
          input.intent === 'delete' && post.type === 'question' && !hasRole(user, 'moderator')
        return redirect(gone ? '/' : threadUrl)
      }
    }
  } catch (error) {
    return failure(error)
  }
}

type ThreadSubmission = Submission<ThreadActionInput, string[], ThreadActionValue>
/** What the close form sent, kept when it comes back refused. */
const closeFields = (payload: Record<string, unknown>) => ({
  reason: String(payload.reason ?? ''),
  duplicateOf: String(payload.duplicateOf ?? ''),
})
/** The answer a comment was for, as the form sent it (null: the question). */
const commentTarget = (payload: Record<string, unknown>) =>
  Number.isSafeInteger(Number(payload.answerId)) && Number(payload.answerId) > 0
    ? Number(payload.answerId)
    : null

/**
 * Input the schema refused: the answer and comment forms get their field errors back with the
 * text kept (400); the close form its first message beside it; a button a plain 400.
 */
function refusedInput(
  submission: Exclude<ThreadSubmission, { status: 'success' }>,
  questionId: number,
) {
  const { payload } = submission
  switch (payload.intent) {
    case 'answer':
      return invalidSubmission(submission, { extra: { intent: 'answer' as const } })
    case 'comment':
      // Only the body has a control: a bad hidden answer id is a request no page sends.
      if (Object.keys(submission.error ?? {}).some((field) => field !== 'body')) break
      return invalidSubmission(submission, {
        extra: { intent: 'comment' as const, answerId: commentTarget(payload) },
      })
    case 'close': {
      const error = Object.values(submission.error ?? {}).flat()[0] ?? undefined
      const extra = { intent: 'close' as const, postKey: `question:${questionId}` }
      return data({ ...extra, fields: closeFields(payload), error }, { status: 400 })
    }
  }
  return data({ error: 'That request was not understood.' }, { status: 400 })
}

/** A change the models refused (403, 404, 429, a field error): shown where it was asked for. */
function failureFor(submission: ThreadSubmission, input: ThreadActionValue, questionId: number) {
  return (error: unknown) => {
    switch (input.intent) {
      case 'answer':
        return formFailure(submission, error, { extra: { intent: 'answer' as const } })
      case 'comment':
        return formFailure(submission, error, {
          extra: { intent: 'comment' as const, answerId: input.answerId ?? null },
        })
      case 'close':
        return buttonFailure(error, {
          intent: 'close' as const,
          postKey: `question:${questionId}`,
          fields: closeFields(submission.payload),
        })
      case 'vote':
        return buttonFailure(error, { postKey: `${input.postType}:${input.postId}` })
      case 'lock':
        return buttonFailure(error, { postKey: `lock:${questionId}` })
      case 'reopen':
        return buttonFailure(error, { postKey: `reopen:${questionId}` })
      case 'delete':
      case 'undelete':
        return buttonFailure(error, {
          postKey:
            input.postType === 'comment'
              ? `question:${questionId}`
              : `${input.postType}:${input.postId}`,
        })
      case 'official': {
        // A refused note shows by its field, with the text kept.
        const field = error instanceof FieldError ? 'official-note' : 'answer'
        const postKey = `${field}:${input.answerId}`
        return buttonFailure(error, { postKey, note: input.note })
      }
      default:
        return buttonFailure(error, { postKey: `answer:${input.answerId}` })
    }
  }
}

type ActionData = {
  intent?: 'answer' | 'comment' | 'close' | 'private-case'
  fields?: { reason?: string; duplicateOf?: string }
  answerId?: number | null
  result?: SubmissionResult<string[]>
  error?: string
  postKey?: string
  note?: string
}

export default function ThreadPage() {
  const { thread, related, jsonLd, closeVoting, original, moderation, originals, formStarted } =
    useLoaderData<typeof loader>()
  const { staffClaim, staffTimeline, privateCase } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData | undefined
  const user = useOptionalUser()
  const location = useLocation()
  // The flag form comes back here with ?flagged=1.
  const flagged = new URLSearchParams(location.search).get('flagged') === '1'
  const { question, answers } = thread
  const isAsker = user?.id === question.author.id
  const staff = user ? isStaff(user) : false
  const moderator = user ? hasRole(user, 'moderator') : false
  const liveAnswers = answers.filter((a) => a.deletedAt == null).length
  const errorFor = (key: string) => (actionData?.postKey === key ? actionData.error : undefined)
  // A refused close vote shows in the close box, not beside the question's vote buttons.
  const closeError = actionData?.intent === 'close' ? actionData.error : undefined
  // A request no control of the page sends (a hand-made or stale form) still says why.
  const requestError =
    actionData?.error && actionData.postKey == null && actionData.intent == null
      ? actionData.error
      : undefined
  const closed = question.status === 'closed' || question.status === 'duplicate'
  const noteRefused = (answerId: number) => {
    const error = errorFor(`official-note:${answerId}`)
    return error ? { value: actionData?.note, error } : undefined
  }
  const commentResult = (answerId: number | null) =>
    actionData?.intent === 'comment' && (actionData.answerId ?? null) === answerId
      ? actionData.result
      : undefined

  return (
    <article className="thread" aria-labelledby="question-title">
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLd }} />
      <header className="thread-header">
        <h1 id="question-title">{question.title}</h1>
        <div className="thread-meta">
          <StatusBadge status={question.status} />
          <TimeAgo ms={question.createdAt} prefix="Asked" />
          <TimeAgo ms={question.lastActivityAt} prefix="· Active" />
          <AnswerSpeed question={question} answers={answers} />
          {question.editedAt ? (
            <Link className="edited" to={`/revisions/question/${question.id}`}>
              · edited <TimeAgo ms={question.editedAt} />
            </Link>
          ) : null}
        </div>
        {staffClaim && user ? (
          <StaffClaim {...staffClaim} viewerId={user.id} redirectTo={location.pathname} />
        ) : null}
        {requestError ? (
          <p className="vote-error" role="alert">
            {requestError}
          </p>
        ) : null}
        {flagged ? (
          <p className="notice" role="status">
            Thank you: moderators will review your flag (see{' '}
            <Link to="/flags/mine">your flags</Link>).
          </p>
        ) : null}
        {question.closedReason ? (
          <p className="notice">
            Closed: {question.closedReason}
            {original ? (
              <>
                {' '}
                Original question:{' '}
                <Link to={`/questions/${original.id}/${original.slug}`}>{original.title}</Link>
              </>
            ) : null}
          </p>
        ) : null}
        {question.hiddenAt ? (
          <p className="notice" role="note">
            Hidden: members flagged this question as spam or rude. Only its author and moderators
            see it until a moderator reviews it.
          </p>
        ) : question.deletedAt ? (
          <p className="notice" role="note">
            This question is deleted: visitors get “not found”, and only moderators see it.
          </p>
        ) : null}
        {question.lockedAt ? (
          <p className="notice" role="note">
            Locked by a moderator: {question.lockReason ?? 'no reason given'}. It takes no new
            answers, comments, votes or edits.
          </p>
        ) : null}
        {question.importedFrom ? <ImportedFrom {...question.importedFrom} /> : null}
      </header>

      <section className="post question-post" aria-label="Question">
        <VoteControls
          postType="question"
          postId={question.id}
          score={question.score}
          myVote={question.myVote}
          error={closeError ? undefined : errorFor(`question:${question.id}`)}
        />
        <div className="post-main">
          <div className="prose" dangerouslySetInnerHTML={{ __html: question.bodyHtml }} />
          <TagList tags={question.tags} />
          <div className="post-footer">
            <PostActions
              editHref={`/questions/${question.id}/edit`}
              flagPost={`question:${question.id}`}
              canEdit={question.canEdit}
              canFlag={Boolean(user) && !isAsker}
              deletion={
                question.canDelete
                  ? {
                      postType: 'question',
                      postId: question.id,
                      deleted: question.deletedAt != null,
                    }
                  : undefined
              }
            />
            <div className="post-author">
              <TimeAgo ms={question.createdAt} prefix="asked" /> <UserLink user={question.author} />
            </div>
          </div>
          <CommentList comments={question.comments} />
          {user && !question.lockedAt ? <CommentForm lastResult={commentResult(null)} /> : null}
          {closeVoting ? (
            <CloseForm
              voting={closeVoting}
              error={closeError}
              fields={actionData?.fields}
              originals={originals}
            />
          ) : null}
          {moderator ? (
            <LockForm locked={question.lockedAt != null} error={errorFor(`lock:${question.id}`)} />
          ) : null}
          {moderator && (question.status === 'closed' || question.status === 'duplicate') ? (
            <ReopenForm error={errorFor(`reopen:${question.id}`)} />
          ) : null}
        </div>
      </section>

      {moderation.length > 0 ? (
        <section className="thread-moderation" aria-labelledby="thread-moderation-title">
          <h2 id="thread-moderation-title">Moderation history</h2>
          <ul>
            {moderation.map((entry) => (
              <li key={entry.id}>
                <TimeAgo ms={entry.createdAt} /> @{entry.actorHandle} {entry.action}
                {entry.reason ? `: ${entry.reason}` : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {staffTimeline ? <StaffTimeline steps={staffTimeline} /> : null}
      {privateCase ? (
        <PrivateCase
          privateCase={privateCase}
          questionId={question.id}
          lastResult={actionData?.intent === 'private-case' ? actionData.result : undefined}
        />
      ) : null}

      <SimilarList hits={related} title="Resolved threads that may help" />

      <NewPostsBar thread={thread} />

      <section aria-labelledby="answers-title" className="answers">
        <h2 id="answers-title">
          {liveAnswers} {liveAnswers === 1 ? 'answer' : 'answers'}
        </h2>
        {answers.map((answer) => (
          <AnswerCard
            key={answer.id}
            answer={answer}
            viewerId={user?.id ?? null}
            canAccept={isAsker}
            canMarkOfficial={staff}
            error={errorFor(`answer:${answer.id}`)}
            commentResult={commentResult(answer.id)}
            locked={question.lockedAt != null}
            officialMark={question.officialMark}
            officialNote={noteRefused(answer.id)}
          />
        ))}
      </section>

      {question.deletedAt ? null : closed ? (
        <p className="notice">
          This question is closed: {question.closedReason ?? 'a moderator closed it.'} It no longer
          takes answers.
          {original ? (
            <>
              {' '}
              See the original:{' '}
              <Link to={`/questions/${original.id}/${original.slug}`}>{original.title}</Link>
            </>
          ) : null}
        </p>
      ) : question.lockedAt ? (
        <p className="notice">
          This thread is locked by a moderator, so it takes no new answers:{' '}
          {question.lockReason ?? 'no reason given'}.
        </p>
      ) : user ? (
        // Keyed by the viewer's own answer count: their posted answer leaves an empty box
        // behind, while others' answers shown live (NewPostsBar) keep a draft being typed.
        <AnswerForm
          key={answers.filter((a) => a.author.id === user.id).length}
          lastResult={actionData?.intent === 'answer' ? actionData.result : undefined}
          formStarted={formStarted ?? ''}
        />
      ) : (
        <p className="notice">
          <Link to={`/login?redirectTo=${encodeURIComponent(location.pathname)}`}>Log in</Link> or{' '}
          <Link to="/signup">sign up</Link> to answer this question.
        </p>
      )}
    </article>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}

/** The credit an imported thread's licence asks for: the original, its author, the licence. */
function ImportedFrom(props: {
  site: string
  postUrl: string
  authorName: string
  authorUrl: string | null
  license: string
}) {
  const version = /(\d\.\d)/.exec(props.license)?.[1] ?? '3.0'
  return (
    <p className="muted imported-from">
      Originally asked on <a href={props.postUrl}>{props.site}</a> by{' '}
      {props.authorUrl ? <a href={props.authorUrl}>{props.authorName}</a> : props.authorName};
      answers by their authors there. Licensed under{' '}
      <a href={`https://creativecommons.org/licenses/by-sa/${version}/`} rel="license">
        {props.license}
      </a>
      .
    </p>
  )
}
