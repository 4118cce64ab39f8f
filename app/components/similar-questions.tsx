import { Link, useFetcher } from '@remix-run/react'
import { useEffect, useRef, type ReactNode } from 'react'
import type { SimilarHit } from '#search/types.ts'

/** How much of the body the look-up reads besides the title: the opening says what it is about. */
const BODY_OPENING = 300

/** The text the similar list is looked up with: the title and the opening of the body. */
export function draftText(title: string, body: string) {
  return `${title}\n${body.slice(0, BODY_OPENING)}`
}

/** Where a match's links go: straight to the thread, or through a counting redirect. */
export type SimilarLinks = 'thread' | 'counted'

function threadHref(hit: SimilarHit, links: SimilarLinks, answerId?: number) {
  if (links === 'counted')
    return answerId == null ? `/go/similar/${hit.id}` : `/go/similar/${hit.id}?answer=${answerId}`
  const path = `/questions/${hit.id}/${hit.slug}`
  return answerId == null ? path : `${path}#answer-${answerId}`
}

/** A counted link is a document request (the redirect counts it), so a plain anchor. */
function MatchLink(props: { links: SimilarLinks; href: string; children: ReactNode }) {
  return props.links === 'counted' ? (
    <a href={props.href} target="_blank" rel="nofollow noopener">
      {props.children}
    </a>
  ) : (
    <Link to={props.href} target="_blank" rel="noopener">
      {props.children}
    </Link>
  )
}

export function SimilarList({
  hits,
  title,
  links = 'thread',
}: {
  hits: SimilarHit[]
  title: string
  /** 'counted': each opening is counted (/go/similar), for the self-help deflection figure. */
  links?: SimilarLinks
}) {
  if (hits.length === 0) return null
  return (
    <section className="similar" aria-label={title} aria-live="polite">
      <h2>{title}</h2>
      <ul>
        {hits.map((hit) => (
          <li key={hit.id}>
            <MatchLink links={links} href={threadHref(hit, links)}>
              {hit.title}
            </MatchLink>{' '}
            {hit.resolved ? <span className="status status-resolved">Resolved</span> : null}{' '}
            {hit.official ? <span className="badge badge-official">Official answer</span> : null}
            {hit.answerPreview ? (
              <div className="similar-preview">
                <p>{hit.answerPreview.text}</p>
                <MatchLink links={links} href={threadHref(hit, links, hit.answerPreview.answerId)}>
                  {hit.answerPreview.official
                    ? 'Read the official answer'
                    : 'Read the accepted answer'}
                </MatchLink>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  )
}

const DEBOUNCE_MS = 350

/**
 * While the asker types, asks the server which threads look the same (debounced). Until it has
 * fetched a list of its own, `initial` stands: the list the server sent with the page (a refused
 * submit, which is all a browser without JavaScript ever gets).
 */
export function useSimilarQuestions(text: string, initial: SimilarHit[] = []) {
  const fetcher = useFetcher<{ hits: SimilarHit[] }>()
  const { load } = fetcher
  const last = useRef('')
  useEffect(() => {
    const trimmed = text.trim()
    if (trimmed.length < 8 || trimmed === last.current) return
    const timer = setTimeout(() => {
      last.current = trimmed
      load(`/resources/similar?text=${encodeURIComponent(trimmed.slice(0, 500))}`)
    }, DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [text, load])
  return fetcher.data?.hits ?? initial
}
