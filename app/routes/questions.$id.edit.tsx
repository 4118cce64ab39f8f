import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { QuestionEditor } from '#app/components/post-editor.tsx'
import { requireUser } from '#app/lib/auth.server.ts'
import { submitForm } from '#app/lib/form-action.server.ts'
import { editQuestion, getLiveQuestion, questionTagNames } from '#app/models/questions.server.ts'
import { canEditPost } from '#app/models/permissions.server.ts'
import { NotFoundError } from '#app/models/errors.server.ts'
import { hasPrivilege, privilegeMessage } from '#app/lib/privileges.ts'
import { questionEditSchema } from '#app/validation/posts.ts'

export const meta: MetaFunction = () => [
  { title: 'Edit question — Peerdesk' },
  { name: 'robots', content: 'noindex' },
]

function loadEditable(
  params: LoaderFunctionArgs['params'],
  user: Parameters<typeof canEditPost>[0],
) {
  try {
    const question = getLiveQuestion(Number(params.id))
    if (!canEditPost(user, question.authorId)) {
      throw new Response(privilegeMessage('editAny'), { status: 403 })
    }
    return question
  } catch (error) {
    if (error instanceof NotFoundError) throw new Response('Question not found', { status: 404 })
    throw error
  }
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(context.user, request)
  const q = loadEditable(params, user)
  return {
    question: {
      id: q.id,
      slug: q.slug,
      title: q.title,
      body: q.bodyMd,
      tags: questionTagNames(q.id).join(' '),
    },
    editingOthers: q.authorId !== user.id && hasPrivilege(user, 'editAny'),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(context.user, request)
  const q = loadEditable(params, user)
  return submitForm(await request.formData(), questionEditSchema, (value) => {
    const edited = editQuestion(user, q.id, value)
    return redirect(`/questions/${edited.id}/${edited.slug}`)
  })
}

export default function EditQuestion() {
  const { question, editingOthers } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="narrow">
      <h1>Edit question</h1>
      {editingOthers ? (
        <p className="notice">
          You are editing someone else's post. The edit is kept in its history.
        </p>
      ) : null}
      <QuestionEditor
        lastResult={actionData?.result}
        defaultValue={{ title: question.title, body: question.body, tags: question.tags }}
        editing={{ cancelHref: `/questions/${question.id}/${question.slug}` }}
      />
    </div>
  )
}
