import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { AnswerEditor } from '#app/components/post-editor.tsx'
import { requireUser } from '#app/lib/auth.server.ts'
import { submitForm } from '#app/lib/form-action.server.ts'
import { privilegeMessage } from '#app/lib/privileges.ts'
import { editAnswer, getLiveAnswer } from '#app/models/answers.server.ts'
import { NotFoundError } from '#app/models/errors.server.ts'
import { canEditPost } from '#app/models/permissions.server.ts'
import { getQuestionSlug } from '#app/models/questions.server.ts'
import { answerEditSchema } from '#app/validation/posts.ts'

export const meta: MetaFunction = () => [
  { title: 'Edit answer — Peerdesk' },
  { name: 'robots', content: 'noindex' },
]

function loadEditable(
  params: LoaderFunctionArgs['params'],
  user: Parameters<typeof canEditPost>[0],
) {
  try {
    const answer = getLiveAnswer(Number(params.id))
    if (!canEditPost(user, answer.authorId))
      throw new Response(privilegeMessage('editAny'), { status: 403 })
    return {
      ...answer,
      threadUrl: `/questions/${answer.questionId}/${getQuestionSlug(answer.questionId) ?? ''}`,
    }
  } catch (error) {
    if (error instanceof NotFoundError) throw new Response('Answer not found', { status: 404 })
    throw error
  }
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(context.user, request)
  const answer = loadEditable(params, user)
  return { answer: { id: answer.id, body: answer.bodyMd, threadUrl: answer.threadUrl } }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(context.user, request)
  const answer = loadEditable(params, user)
  return submitForm(await request.formData(), answerEditSchema, (value) => {
    editAnswer(user, answer.id, value)
    return redirect(`${answer.threadUrl}#answer-${answer.id}`)
  })
}

export default function EditAnswer() {
  const { answer } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="narrow">
      <h1>Edit answer</h1>
      <AnswerEditor
        lastResult={actionData?.result}
        defaultValue={{ body: answer.body }}
        editing={{ cancelHref: answer.threadUrl }}
      />
    </div>
  )
}
