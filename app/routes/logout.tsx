import type { ActionFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { endSession } from '#app/lib/auth.server.ts'

export async function loader() {
  return redirect('/')
}

export async function action({ request, context }: ActionFunctionArgs) {
  const cookie = await endSession(context.session, request)
  return redirect('/', { headers: { 'Set-Cookie': cookie } })
}
