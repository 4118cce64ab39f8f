import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useState } from 'react'
import { draftText, SimilarList, useSimilarQuestions } from '#app/components/similar-questions.tsx'
import { QuestionEditor } from '#app/components/post-editor.tsx'
import { requireUser } from '#app/lib/auth.server.ts'
import { botRefusal, formStartToken } from '#app/lib/bot-guard.server.ts'
import { submitForm } from '#app/lib/form-action.server.ts'
import { consumeRateLimit, keepRetryAfter } from '#app/lib/rate-limit.server.ts'
import { selfHelpSessionFrom } from '#app/lib/self-help-cookie.server.ts'
import { similarToDraft } from '#app/models/answer-preview.server.ts'
import { createQuestion } from '#app/models/questions.server.ts'
import { writeWhenFree } from '#app/models/transaction.server.ts'
import { recordSelfHelpAsk } from '#app/models/self-help.server.ts'
import { questionSchema } from '#app/validation/posts.ts'

export const meta: MetaFunction = () => [
  { title: 'Ask a question — Peerdesk' },
  { name: 'robots', content: 'noindex' },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireUser(context.user, request)
  // "Ask the community" from a search with no answer carries the search text as the title.
  const title = new URL(request.url).searchParams.get('title')?.slice(0, 150) ?? ''
  return { title, formStarted: formStartToken() }
}

export const headers = keepRetryAfter

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context.user, request)
  const formData = await request.formData()
  const refused = botRefusal(formData, parseWithZod(formData, { schema: questionSchema }), {
    extra: { similar: [] as Awaited<ReturnType<typeof similarToDraft>> },
  })
  if (refused) return refused
  const outcome = await submitForm(formData, questionSchema, async (value) => {
    await consumeRateLimit('post', { ip: context.ip, account: user.id })
    const question = await writeWhenFree(() => createQuestion(user, value))
    const selfHelpSession = await selfHelpSessionFrom(request)
    if (selfHelpSession) recordSelfHelpAsk(selfHelpSession, question.id)
    // Thrown (submitForm passes it on), so what comes back is always the refusal.
    throw redirect(`/questions/${question.id}/${question.slug}`)
  })
  // Refused: the page comes back with the list typing would have shown (all a browser without
  // JavaScript gets of it).
  const text = draftText(String(formData.get('title') ?? ''), String(formData.get('body') ?? ''))
  const similar = await similarToDraft(text)
  return data({ ...outcome.data, similar }, outcome.init ?? undefined)
}

export default function Ask() {
  const { title, formStarted } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [typed, setTyped] = useState(title)
  const similar = useSimilarQuestions(typed, actionData?.similar)
  return (
    <div className="narrow">
      <h1>Ask the community</h1>
      <p className="muted">
        Customers and Nimbus staff answer here. A clear title and the steps you already tried get
        the fastest answers.
      </p>
      <QuestionEditor
        lastResult={actionData?.result}
        defaultValue={{ title }}
        formStarted={formStarted}
        afterTitle={
          <SimilarList hits={similar} title="These threads may already answer it" links="counted" />
        }
        onInput={(event) => {
          const data = new FormData(event.currentTarget)
          setTyped(draftText(String(data.get('title') ?? ''), String(data.get('body') ?? '')))
        }}
      />
    </div>
  )
}
