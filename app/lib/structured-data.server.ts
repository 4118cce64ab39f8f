// schema.org QAPage JSON-LD for a thread, as Google documents it for Q&A pages: the question
// with its accepted answer (the official one when the asker accepted none) and the others
// as suggested answers.
import { profilePath } from './deleted-user.ts'
import { toPlainText } from './markdown.server.ts'

interface Person {
  handle: string
  displayName: string
}

export interface ThreadForJsonLd {
  question: {
    id: number
    title: string
    slug: string
    bodyHtml: string
    score: number
    createdAt: number
    author: Person
  }
  answers: {
    id: number
    bodyHtml: string
    score: number
    createdAt: number
    author: Person
    isAccepted: boolean
    isOfficial: boolean
  }[]
}

const person = (origin: string, p: Person) => {
  const path = profilePath(p.handle)
  return { '@type': 'Person', name: p.displayName, ...(path ? { url: origin + path } : {}) }
}

export function qaPageJsonLd(thread: ThreadForJsonLd, origin: string) {
  const q = thread.question
  const pageUrl = `${origin}/questions/${q.id}/${q.slug}`
  const accepted =
    thread.answers.find((a) => a.isAccepted) ?? thread.answers.find((a) => a.isOfficial)
  const answer = (a: ThreadForJsonLd['answers'][number]) => ({
    '@type': 'Answer',
    text: toPlainText(a.bodyHtml),
    upvoteCount: a.score,
    dateCreated: new Date(a.createdAt).toISOString(),
    url: `${pageUrl}#answer-${a.id}`,
    author: person(origin, a.author),
  })
  const suggested = thread.answers.filter((a) => a !== accepted)
  return {
    '@context': 'https://schema.org',
    '@type': 'QAPage',
    mainEntity: {
      '@type': 'Question',
      name: q.title,
      text: toPlainText(q.bodyHtml),
      answerCount: thread.answers.length,
      upvoteCount: q.score,
      dateCreated: new Date(q.createdAt).toISOString(),
      author: person(origin, q.author),
      ...(accepted ? { acceptedAnswer: answer(accepted) } : {}),
      ...(suggested.length ? { suggestedAnswer: suggested.map(answer) } : {}),
    },
  }
}

/** JSON for a <script type="application/ld+json">: no "</script>" or "<!--" can close it early. */
export function serializeJsonLd(data: unknown) {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
}
