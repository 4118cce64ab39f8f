import { useFetcher } from '@remix-run/react'

interface Props {
  postType: 'question' | 'answer'
  postId: number
  score: number
  myVote: number
  error?: string
}

/** Up/down buttons (aria-pressed when cast). With JavaScript the vote posts in the background. */
export function VoteControls({ postType, postId, score, myVote, error }: Props) {
  const fetcher = useFetcher<{ vote?: { score: number; myVote: number }; error?: string }>()
  // Show the vote being cast at once; the server's answer replaces it when it comes back.
  const pending = fetcher.formData?.get('direction')
  let shownVote = fetcher.data?.vote?.myVote ?? myVote
  let shownScore = fetcher.data?.vote?.score ?? score
  if (pending === 'up' || pending === 'down') {
    const value = pending === 'up' ? 1 : -1
    const next = shownVote === value ? 0 : value
    shownScore += next - shownVote
    shownVote = next
  }
  const message = fetcher.data?.error ?? error
  return (
    <fetcher.Form method="post" className="vote-controls" preventScrollReset>
      <input type="hidden" name="intent" value="vote" />
      <input type="hidden" name="postType" value={postType} />
      <input type="hidden" name="postId" value={postId} />
      <button
        type="submit"
        name="direction"
        value="up"
        aria-label="Upvote"
        aria-pressed={shownVote === 1}
        className="vote-button"
        title="This is useful"
      >
        ▲
      </button>
      <output className="score" aria-label={`Score ${shownScore}`}>
        {shownScore}
      </output>
      <button
        type="submit"
        name="direction"
        value="down"
        aria-label="Downvote"
        aria-pressed={shownVote === -1}
        className="vote-button"
        title="This is not useful"
      >
        ▼
      </button>
      {message ? (
        <p className="vote-error" role="alert">
          {message}
        </p>
      ) : null}
    </fetcher.Form>
  )
}
