import { useRevalidator } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { useLiveEvent, useLiveThread } from './live-events.tsx'

interface Post {
  id: number
  createdAt: number
}

/** The parts of a thread page the bar needs: which posts are on screen and how new they are. */
export interface LiveThread {
  question: Post & { comments: Post[] }
  answers: (Post & { comments: Post[] })[]
}

function plural(n: number, word: string) {
  return `${n} new ${word}${n === 1 ? '' : 's'}`
}

/**
 * "1 new answer — show": appears when someone else posts in the thread while it is open;
 * showing reloads the page data in place and scrolls to the first new post.
 */
export function NewPostsBar({ thread }: { thread: LiveThread }) {
  const questionId = thread.question.id
  const answerIds = thread.answers.map((a) => a.id)
  const comments = [thread.question.comments, ...thread.answers.map((a) => a.comments)].flat()
  const commentIds = comments.map((c) => c.id)
  // The stream replays what was posted from the newest post on screen onwards.
  const since = Math.max(
    thread.question.createdAt,
    ...thread.answers.map((a) => a.createdAt),
    ...comments.map((c) => c.createdAt),
  )
  const [heard, setHeard] = useState<{ answers: number[]; comments: number[] }>({
    answers: [],
    comments: [],
  })
  const [scrollTarget, setScrollTarget] = useState<string | null>(null)
  const revalidator = useRevalidator()

  useLiveThread(questionId, since)
  useLiveEvent('answer', (e) => {
    if (e.questionId !== questionId) return
    setHeard((h) =>
      h.answers.includes(e.answerId) ? h : { ...h, answers: [...h.answers, e.answerId] },
    )
  })
  useLiveEvent('comment', (e) => {
    if (e.questionId !== questionId) return
    setHeard((h) =>
      h.comments.includes(e.commentId) ? h : { ...h, comments: [...h.comments, e.commentId] },
    )
  })

  const newAnswers = heard.answers.filter((id) => !answerIds.includes(id))
  const newComments = heard.comments.filter((id) => !commentIds.includes(id))

  // Once the new post is on the page, bring it into view and move focus to it.
  useEffect(() => {
    if (!scrollTarget || revalidator.state !== 'idle') return
    const target = document.getElementById(scrollTarget)
    if (!target) return
    setScrollTarget(null)
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1')
    target.scrollIntoView({ block: 'center' })
    target.focus({ preventScroll: true })
  }, [scrollTarget, revalidator.state, thread])

  const parts = [
    newAnswers.length ? plural(newAnswers.length, 'answer') : null,
    newComments.length ? plural(newComments.length, 'comment') : null,
  ].filter(Boolean)

  return (
    <div className="live-bar" role="status">
      {parts.length > 0 ? (
        <button
          type="button"
          className="btn live-bar-button"
          disabled={revalidator.state !== 'idle'}
          onClick={() => {
            const first = newAnswers[0]
            setScrollTarget(first != null ? `answer-${first}` : `comment-${newComments[0]}`)
            revalidator.revalidate()
          }}
        >
          {parts.join(' and ')} — show
        </button>
      ) : null}
    </div>
  )
}
