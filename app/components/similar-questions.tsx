import { Link, useFetcher } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import type { SimilarHit } from '#search/types.ts'

export function SimilarList({ hits, title }: { hits: SimilarHit[]; title: string }) {
  if (hits.length === 0) return null
  return (
    <section className="similar" aria-label={title} aria-live="polite">
      <h2>{title}</h2>
      <ul>
        {hits.map((hit) => (
          <li key={hit.id}>
            <Link to={`/questions/${hit.id}/${hit.slug}`} target="_blank" rel="noopener">
              {hit.title}
            </Link>{' '}
            {hit.resolved ? <span className="status status-resolved">Resolved</span> : null}{' '}
            {hit.official ? <span className="badge badge-official">Official answer</span> : null}
          </li>
        ))}
      </ul>
    </section>
  )
}

const DEBOUNCE_MS = 350

/** While the asker types, asks the server which threads look the same (debounced). */
export function useSimilarQuestions(text: string) {
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
  return fetcher.data?.hits ?? []
}
