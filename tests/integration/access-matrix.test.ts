// Issue 14, item 6: the whole access-control matrix in one table. Every action × every role goes
// through the route's own loader or action with that role's session cookie (the server boundary,
// not only the model), on a fresh target of its own, and the outcome must be exactly what the
// SPEC's roles table and reputation privileges say:
//   allowed → the route answers success (200 or a redirect that is not to /login) and the change
//             is there;
//   denied  → a visitor is sent to /login, a signed-in member gets a 403 with the reason, and
//             nothing changed (no row added to any table a write touches, the change absent).
// Some rows are denied differently, and say so: reading someone else's private case (the thread
// page answers, without the case), and closing or marking a duplicate at once (a 3 000-reputation
// or staff vote counts but does not close; only a moderator's is binding).
import { and, eq, isNull, sql } from 'drizzle-orm'
import type { SQLiteTable } from 'drizzle-orm/sqlite-core'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import {
  answers,
  closeVotes,
  comments,
  flags,
  moderationLog,
  notifications,
  officialMarks,
  privateCaseMessages,
  privateCases,
  questions,
  questionTimeline,
  redactedOriginals,
  reputationEvents,
  revisions,
  searchOutbox,
  staffClaims,
  users,
  votes,
} from '#db/schema.ts'
import { startSession } from '#app/lib/auth.server.ts'
import { setOfficialAnswer } from '#app/models/answers.server.ts'
import { voteToClose } from '#app/models/close-votes.server.ts'
import { deletePost } from '#app/models/deletion.server.ts'
import { flagPost } from '#app/models/flags.server.ts'
import { editQuestion as editQuestionModel } from '#app/models/questions.server.ts'
import { getSiteSettings } from '#app/models/site-settings.server.ts'
import { openPrivateCase, postPrivateCaseMessage } from '#app/models/private-cases.server.ts'
import * as adminSettingsRoute from '#app/routes/admin.settings.tsx'
import * as adminUsersRoute from '#app/routes/admin.users.tsx'
import * as modLogRoute from '#app/routes/mod.log.tsx'
import * as modQueueRoute from '#app/routes/mod._index.tsx'
import * as threadRoute from '#app/routes/questions.$id.$slug.tsx'
import * as editQuestionRoute from '#app/routes/questions.$id.edit.tsx'
import * as flagRoute from '#app/routes/flag.tsx'
import * as revisionsRoute from '#app/routes/revisions.$type.$id.tsx'
import * as askRoute from '#app/routes/questions.ask.tsx'
import * as staffFiguresRoute from '#app/routes/staff.figures.tsx'
import * as staffQueueRoute from '#app/routes/staff._index.tsx'
import * as redactRoute from '#app/routes/staff.redact.$questionId.tsx'
import * as reverifyRoute from '#app/routes/staff.reverify.tsx'
import * as profileRoute from '#app/routes/users.$handle.tsx'
import * as dataDownloadRoute from '#app/routes/users_.$handle.data.ts'
import { makeAnswer, makeQuestion, makeUser, reload } from '#tests/fixtures/factories.ts'
import { contextFor, formRequest, ORIGIN, unwrap } from '#tests/fixtures/requests.ts'

// ── The policy (Y allowed, - denied). Columns: a visitor; members at 1, 15, 125, 2 000 and
// 3 000 reputation; a suspended member (at 5 000, so only the suspension refuses them); staff,
// moderator and admin at no reputation (their role gives what it needs). "The asker" rows are
// on the acting person's own question; every other row acts on someone else's post or account.
// Judgement calls where the SPEC is terse: staff have every reputation privilege (edit any post,
// vote to close: "the privileges their role needs whatever their reputation"; the re-verify list
// sends them to edit official answers); accepting stays the asker's alone, whatever the role;
// rolling back another's post is a moderator's (issue 12; the SPEC lists "Roll back" with the
// moderation buttons); nobody, not even an admin, downloads another member's data (issue 14
// item 10: a member downloads *their* data); a suspended member may still read their own case
// and download their own data (a suspension stops writes, not access to what is theirs).
const POLICY = `
  action                                visitor r1 r15 r125 r2000 r3000 suspended staff moderator admin
  ask a question                        -       Y  Y   Y    Y     Y     -         Y     Y         Y
  answer                                -       Y  Y   Y    Y     Y     -         Y     Y         Y
  comment on another's post             -       -  -   Y    Y     Y     -         Y     Y         Y
  flag a post                           -       Y  Y   Y    Y     Y     -         Y     Y         Y
  upvote                                -       -  Y   Y    Y     Y     -         Y     Y         Y
  downvote                              -       -  -   Y    Y     Y     -         Y     Y         Y
  accept an answer (not the asker)      -       -  -   -    -     -     -         -     -         -
  accept an answer (the asker)          -       Y  Y   Y    Y     Y     -         Y     Y         Y
  mark an official answer               -       -  -   -    -     -     -         Y     Y         Y
  remove an official mark               -       -  -   -    -     -     -         Y     Y         Y
  edit my own post                      -       Y  Y   Y    Y     Y     -         Y     Y         Y
  edit another's post                   -       -  -   -    Y     Y     -         Y     Y         Y
  roll back another's post              -       -  -   -    -     -     -         -     Y         Y
  delete another's post                 -       -  -   -    -     -     -         -     Y         Y
  undelete a post                       -       -  -   -    -     -     -         -     Y         Y
  dismiss flags                         -       -  -   -    -     -     -         -     Y         Y
  vote to close                         -       -  -   -    -     Y     -         Y     Y         Y
  close at once (binding)               -       -  -   -    -     -     -         -     Y         Y
  mark as duplicate (binding)           -       -  -   -    -     -     -         -     Y         Y
  reopen a closed question              -       -  -   -    -     -     -         -     Y         Y
  lock a thread                         -       -  -   -    -     -     -         -     Y         Y
  suspend a member                      -       -  -   -    -     -     -         -     Y         Y
  change a role                         -       -  -   -    -     -     -         -     -         Y
  open a private case (the asker)       -       Y  Y   Y    Y     Y     -         Y     Y         Y
  open a private case (not the asker)   -       -  -   -    -     -     -         Y     Y         Y
  reply in a private case (the asker)   -       Y  Y   Y    Y     Y     -         Y     Y         Y
  reply in a private case (not asker)   -       -  -   -    -     -     -         Y     Y         Y
  read a private case (the asker)       -       Y  Y   Y    Y     Y     Y         Y     Y         Y
  read a private case (not the asker)   -       -  -   -    -     -     -         Y     Y         Y
  claim a question (I'm on it)          -       -  -   -    -     -     -         Y     Y         Y
  redact personal data                  -       -  -   -    -     -     -         Y     Y         Y
  re-verify an official answer          -       -  -   -    -     -     -         Y     Y         Y
  read /staff                           -       -  -   -    -     -     -         Y     Y         Y
  read /staff/figures                   -       -  -   -    -     -     -         Y     Y         Y
  read /staff/reverify                  -       -  -   -    -     -     -         Y     Y         Y
  read /mod                             -       -  -   -    -     -     -         -     Y         Y
  read /mod/log                         -       -  -   -    -     -     -         -     Y         Y
  read /admin/users                     -       -  -   -    -     -     -         -     -         Y
  read /admin/settings                  -       -  -   -    -     -     -         -     -         Y
  change a site setting                 -       -  -   -    -     -     -         -     -         Y
  download another member's data        -       -  -   -    -     -     -         -     -         -
  download my own data                  -       Y  Y   Y    Y     Y     Y         Y     Y         Y
`

const ROLES = [
  'visitor',
  'r1',
  'r15',
  'r125',
  'r2000',
  'r3000',
  'suspended',
  'staff',
  'moderator',
  'admin',
] as const
type RoleKind = (typeof ROLES)[number]

function parsePolicy(table: string) {
  const [header, ...lines] = table
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
  const columns = header!.split(/\s+/).slice(1)
  const rows = lines.map((line) => {
    const words = line.split(/\s+/)
    const cells = words.slice(-columns.length)
    return { action: words.slice(0, -columns.length).join(' '), cells }
  })
  return { columns, rows }
}

// ── Who acts ─────────────────────────────────────────────────────────────────────────────────

type Member = ReturnType<typeof makeUser>

/** The acting person, not yet suspended: their own question is made before the suspension. */
function actorOf(role: RoleKind): Member | null {
  switch (role) {
    case 'visitor':
      return null
    case 'r1':
      return makeUser({ reputation: 1 })
    case 'r15':
      return makeUser({ reputation: 15 })
    case 'r125':
      return makeUser({ reputation: 125 })
    case 'r2000':
      return makeUser({ reputation: 2_000 })
    case 'r3000':
    case 'suspended':
      return makeUser({ reputation: role === 'r3000' ? 3_000 : 5_000 })
    default:
      return makeUser({ role })
  }
}

/** A week's suspension, as a moderator's "Suspend" leaves the account. */
function suspend(member: Member) {
  db.update(users)
    .set({ status: 'suspended', suspendedUntil: Date.now() + 7 * 86_400_000 })
    .where(eq(users.id, member.id))
    .run()
}

/** How the request arrives: the acting person's session cookie (none for a visitor), an IP. */
interface Caller {
  cookie?: string
  ip: string
}

let ipCounter = 0
/** Each cell from its own address, so the per-IP rate limits never refuse a cell. */
const nextIp = () => `198.51.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`

async function callerFor(actor: Member | null): Promise<Caller> {
  if (!actor) return { ip: nextIp() }
  const cookie = (await startSession(actor.id, new Request(ORIGIN))).split(';')[0]!
  return { cookie, ip: nextIp() }
}

// ── Calling the routes ──────────────────────────────────────────────────────────────────────

type Params = Record<string, string>
interface RouteArgs {
  request: Request
  params: Params
  context: Awaited<ReturnType<typeof contextFor>>
}
type RouteFunction = (args: RouteArgs) => Promise<unknown>

/** A route's result, thrown or returned: a thrown Response (redirect, 403, 404) is a result too. */
async function settle(call: Promise<unknown>): Promise<unknown> {
  try {
    return await call
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}

async function postTo(
  action: RouteFunction,
  path: string,
  params: Params,
  fields: Record<string, string>,
  caller: Caller,
) {
  const request = formRequest(path, fields, { cookie: caller.cookie })
  return settle(action({ request, params, context: await contextFor(request, caller.ip) }))
}

async function getFrom(loader: RouteFunction, path: string, params: Params, caller: Caller) {
  const headers = new Headers(caller.cookie ? { Cookie: caller.cookie } : {})
  const request = new Request(new URL(path, ORIGIN), { headers })
  return settle(loader({ request, params, context: await contextFor(request, caller.ip) }))
}

type Question = ReturnType<typeof makeQuestion>
const threadPath = (q: Question) => `/questions/${q.id}/${q.slug}`
const onThread = (q: Question, fields: Record<string, string>, caller: Caller) =>
  postTo(
    threadRoute.action as RouteFunction,
    threadPath(q),
    { id: String(q.id), slug: q.slug },
    fields,
    caller,
  )
const threadPage = (q: Question, caller: Caller) =>
  getFrom(
    threadRoute.loader as RouteFunction,
    threadPath(q),
    { id: String(q.id), slug: q.slug },
    caller,
  )

type Outcome = 'done' | 'login' | 'refused' | `status ${number}`

/** What the route answered, as a person would see it. */
function outcomeOf(result: unknown): Outcome {
  if (result instanceof Response) {
    if (result.status === 302 && (result.headers.get('Location') ?? '').startsWith('/login')) {
      return 'login'
    }
    if (result.status === 403) return 'refused'
    return result.status < 400 ? 'done' : `status ${result.status}`
  }
  const { status } = unwrap(result)
  if (status === 403) return 'refused'
  return status < 400 ? 'done' : `status ${status}`
}

// ── What each action does and how its effect shows ──────────────────────────────────────────

/** One cell's set-up: the call to make, and whether its change is there afterwards. */
interface Trial {
  act: (caller: Caller) => Promise<unknown>
  done: (result: unknown) => boolean
}
interface ActionSpec {
  trial: (actor: Member | null) => Trial
  /** How a denial shows when it is not a refusal (see the file's header). */
  denial?: 'hidden' | 'not binding'
}

const one = <T>(row: T | undefined) => row !== undefined
const questionRow = (id: number) => db.select().from(questions).where(eq(questions.id, id)).get()!
/** A question and an answer by two other members: what most actions act on. */
function othersThread() {
  const question = makeQuestion(makeUser({ reputation: 20 }))
  const answer = makeAnswer(makeUser({ reputation: 20 }), question.id)
  return { question, answer }
}
/** The actor's own question (a visitor has none: then someone else's), answered by another. */
function ownThread(actor: Member | null) {
  const question = makeQuestion(actor ?? makeUser())
  const answer = makeAnswer(makeUser({ reputation: 20 }), question.id)
  return { question, answer }
}
const byActor = (actor: Member | null) => actor?.id ?? -1
const isData = (result: unknown) => !(result instanceof Response) && outcomeOf(result) === 'done'

function voteOn(direction: 'up' | 'down'): ActionSpec {
  return {
    trial: (actor) => {
      const { answer, question } = othersThread()
      const fields = {
        intent: 'vote',
        postType: 'answer',
        postId: String(answer.id),
        direction,
      }
      return {
        act: (caller) => onThread(question, fields, caller),
        done: () =>
          one(
            db
              .select()
              .from(votes)
              .where(and(eq(votes.postId, answer.id), eq(votes.userId, byActor(actor))))
              .get(),
          ),
      }
    },
  }
}

function closeVote(outcome: 'vote' | 'closed' | 'duplicate'): ActionSpec {
  return {
    denial: outcome === 'vote' ? undefined : 'not binding',
    trial: (actor) => {
      const question = makeQuestion(makeUser({ reputation: 20 }))
      const original = outcome === 'duplicate' ? makeQuestion(makeUser({ reputation: 20 })) : null
      const fields: Record<string, string> = original
        ? { intent: 'close', reason: 'duplicate', duplicateOf: String(original.id) }
        : { intent: 'close', reason: 'unclear' }
      return {
        act: (caller) => onThread(question, fields, caller),
        done: () => {
          const row = questionRow(question.id)
          if (original) return row.status === 'duplicate' && row.duplicateOfId === original.id
          const closed = row.closedAt != null
          if (outcome === 'closed') return closed
          const voted = db
            .select()
            .from(closeVotes)
            .where(
              and(eq(closeVotes.questionId, question.id), eq(closeVotes.voterId, byActor(actor))),
            )
            .get()
          return closed || one(voted)
        },
      }
    },
  }
}

function editQuestion(whose: 'own' | 'others'): ActionSpec {
  return {
    trial: (actor) => {
      const { question } = whose === 'own' ? ownThread(actor) : othersThread()
      const title = `Router resets itself every night, question ${question.id}`
      const fields = {
        title,
        body: 'The router resets itself every night and I would like to know how to stop it.',
        tags: 'router',
        summary: 'Clearer title',
      }
      return {
        act: (caller) =>
          postTo(
            editQuestionRoute.action as RouteFunction,
            `/questions/${question.id}/edit`,
            { id: String(question.id) },
            fields,
            caller,
          ),
        done: () => questionRow(question.id).title === title,
      }
    },
  }
}

/** A thread with a private case opened by staff, who wrote the first message. */
function caseThread(asker: Member) {
  const question = makeQuestion(asker)
  const staff = makeUser({ role: 'staff' })
  openPrivateCase(staff, question.id)
  const message = postPrivateCaseMessage(staff, question.id, 'Which e-mail is on the account?')
  return { question, message }
}

function openCase(whose: 'own' | 'others'): ActionSpec {
  return {
    trial: (actor) => {
      const { question } = whose === 'own' ? ownThread(actor) : othersThread()
      return {
        act: (caller) => onThread(question, { intent: 'private-case-open' }, caller),
        done: () =>
          one(db.select().from(privateCases).where(eq(privateCases.questionId, question.id)).get()),
      }
    },
  }
}

function replyInCase(whose: 'own' | 'others'): ActionSpec {
  return {
    trial: (actor) => {
      const asker = whose === 'own' && actor ? actor : makeUser()
      const { question } = caseThread(asker)
      const fields = { intent: 'private-case-message', body: 'It is the address I signed up with.' }
      return {
        act: (caller) => onThread(question, fields, caller),
        done: () =>
          one(
            db
              .select()
              .from(privateCaseMessages)
              .where(eq(privateCaseMessages.authorId, byActor(actor)))
              .get(),
          ),
      }
    },
  }
}

function readCase(whose: 'own' | 'others'): ActionSpec {
  return {
    denial: 'hidden',
    trial: (actor) => {
      const asker = whose === 'own' && actor ? actor : makeUser()
      const { question, message } = caseThread(asker)
      return {
        act: (caller) => threadPage(question, caller),
        done: (result) => {
          if (!isData(result)) return false
          const page = result as Awaited<ReturnType<typeof threadRoute.loader>>
          return (
            page.privateCase?.open === true &&
            page.privateCase.messages.some((shown) => shown.id === message.id)
          )
        },
      }
    },
  }
}

/** A staff page: allowed when its loader returns the page's data. */
function page(path: string, loader: RouteFunction): ActionSpec {
  return {
    trial: () => ({ act: (caller) => getFrom(loader, path, {}, caller), done: isData }),
  }
}

function download(whose: 'own' | 'others'): ActionSpec {
  return {
    trial: (actor) => {
      const owner = whose === 'own' && actor ? actor : makeUser()
      return {
        act: (caller) =>
          getFrom(
            dataDownloadRoute.loader as RouteFunction,
            `/users/${owner.handle}/data`,
            { handle: owner.handle },
            caller,
          ),
        done: (result) =>
          result instanceof Response &&
          result.status === 200 &&
          (result.headers.get('Content-Type') ?? '').startsWith('application/json'),
      }
    },
  }
}

const ACTIONS: Record<string, ActionSpec> = {
  'ask a question': {
    trial: (actor) => {
      const title = `Matrix question ${ipCounter} about the router lights`
      const fields = {
        title,
        body: 'The router lights blink orange every few minutes and the wifi drops each time.',
        tags: 'router',
      }
      return {
        act: (caller) =>
          postTo(askRoute.action as RouteFunction, '/questions/ask', {}, fields, caller),
        done: () =>
          one(
            db
              .select()
              .from(questions)
              .where(and(eq(questions.title, title), eq(questions.authorId, byActor(actor))))
              .get(),
          ),
      }
    },
  },
  answer: {
    trial: (actor) => {
      const question = makeQuestion(makeUser({ reputation: 20 }))
      const fields = {
        intent: 'answer',
        body: 'Turn the hub off and on again, then pair the sensors one at a time.',
      }
      return {
        act: (caller) => onThread(question, fields, caller),
        done: () =>
          one(
            db
              .select()
              .from(answers)
              .where(and(eq(answers.questionId, question.id), eq(answers.authorId, byActor(actor))))
              .get(),
          ),
      }
    },
  },
  "comment on another's post": {
    trial: (actor) => {
      const { question } = othersThread()
      const fields = { intent: 'comment', body: 'Which firmware version is the router on?' }
      return {
        act: (caller) => onThread(question, fields, caller),
        done: () =>
          one(
            db
              .select()
              .from(comments)
              .where(
                and(eq(comments.questionId, question.id), eq(comments.authorId, byActor(actor))),
              )
              .get(),
          ),
      }
    },
  },
  'flag a post': {
    trial: (actor) => {
      const { question, answer } = othersThread()
      const fields = { post: `answer:${answer.id}`, reason: 'off_topic', details: '' }
      return {
        act: (caller) => postTo(flagRoute.action as RouteFunction, '/flag', {}, fields, caller),
        done: () =>
          one(
            db
              .select()
              .from(flags)
              .where(and(eq(flags.questionId, question.id), eq(flags.reporterId, byActor(actor))))
              .get(),
          ),
      }
    },
  },
  upvote: voteOn('up'),
  downvote: voteOn('down'),
  'accept an answer (not the asker)': {
    trial: () => {
      const { question, answer } = othersThread()
      return {
        act: (caller) =>
          onThread(question, { intent: 'accept', answerId: String(answer.id) }, caller),
        done: () => questionRow(question.id).acceptedAnswerId === answer.id,
      }
    },
  },
  'accept an answer (the asker)': {
    trial: (actor) => {
      const { question, answer } = ownThread(actor)
      return {
        act: (caller) =>
          onThread(question, { intent: 'accept', answerId: String(answer.id) }, caller),
        done: () => questionRow(question.id).acceptedAnswerId === answer.id,
      }
    },
  },
  'mark an official answer': {
    trial: () => {
      const { question, answer } = othersThread()
      const fields = { intent: 'official', answerId: String(answer.id), official: 'true' }
      return {
        act: (caller) => onThread(question, fields, caller),
        done: () => questionRow(question.id).officialAnswerId === answer.id,
      }
    },
  },
  'remove an official mark': {
    trial: () => {
      const { question, answer } = othersThread()
      setOfficialAnswer(makeUser({ role: 'staff' }), answer.id, true)
      const fields = { intent: 'official', answerId: String(answer.id), official: 'false' }
      return {
        act: (caller) => onThread(question, fields, caller),
        done: () => questionRow(question.id).officialAnswerId == null,
      }
    },
  },
  'edit my own post': editQuestion('own'),
  "edit another's post": editQuestion('others'),
  "roll back another's post": {
    trial: () => {
      const author = makeUser({ reputation: 20 })
      const question = makeQuestion(author)
      const firstTitle = questionRow(question.id).title
      editQuestionModel(author, question.id, {
        title: `${firstTitle} (edited)`,
        body: 'The router resets itself every night and I would like to know how to stop it.',
        tags: ['router'],
      })
      return {
        act: (caller) =>
          postTo(
            revisionsRoute.action as RouteFunction,
            `/revisions/question/${question.id}`,
            { type: 'question', id: String(question.id) },
            { revision: '1', summary: '' },
            caller,
          ),
        done: () => questionRow(question.id).title === firstTitle,
      }
    },
  },
  'dismiss flags': {
    trial: () => {
      const { answer } = othersThread()
      flagPost(makeUser({ reputation: 20 }), 'answer', answer.id, 'off_topic')
      const fields = { intent: 'dismiss', postType: 'answer', postId: String(answer.id) }
      const pending = () =>
        db
          .select()
          .from(flags)
          .where(
            and(
              eq(flags.postType, 'answer'),
              eq(flags.postId, answer.id),
              eq(flags.status, 'pending'),
            ),
          )
          .get()
      return {
        act: (caller) => postTo(modQueueRoute.action as RouteFunction, '/mod', {}, fields, caller),
        done: () => !one(pending()),
      }
    },
  },
  'change a site setting': {
    trial: () => {
      const minutes = 61 + (ipCounter % 500)
      const current = getSiteSettings()
      const fields = {
        intent: 'save',
        firstResponseTargetMinutes: String(minutes),
        reverifyAfterDays: String(current.reverifyAfterDays),
        ...(current.routingEnabled ? { routingEnabled: 'on' } : {}),
        expertsPerRound: String(current.expertsPerRound),
        redactionPatterns: '',
      }
      return {
        act: (caller) =>
          postTo(adminSettingsRoute.action as RouteFunction, '/admin/settings', {}, fields, caller),
        done: () => getSiteSettings().firstResponseTargetMinutes === minutes,
      }
    },
  },
  "delete another's post": {
    trial: () => {
      const { question, answer } = othersThread()
      const fields = { intent: 'delete', postType: 'answer', postId: String(answer.id) }
      return {
        act: (caller) => onThread(question, fields, caller),
        done: () =>
          db.select().from(answers).where(eq(answers.id, answer.id)).get()!.deletedAt != null,
      }
    },
  },
  'undelete a post': {
    trial: () => {
      const { question, answer } = othersThread()
      deletePost(makeUser({ role: 'moderator' }), { type: 'answer', id: answer.id })
      const fields = { intent: 'undelete', postType: 'answer', postId: String(answer.id) }
      return {
        act: (caller) => onThread(question, fields, caller),
        done: () =>
          db.select().from(answers).where(eq(answers.id, answer.id)).get()!.deletedAt == null,
      }
    },
  },
  'vote to close': closeVote('vote'),
  'close at once (binding)': closeVote('closed'),
  'mark as duplicate (binding)': closeVote('duplicate'),
  'reopen a closed question': {
    trial: () => {
      const { question } = othersThread()
      voteToClose(makeUser({ role: 'moderator' }), question.id, { reason: 'unclear' })
      return {
        act: (caller) => onThread(question, { intent: 'reopen', reason: 'Clarified' }, caller),
        // Open again, and its status follows from its answer once more (SPEC: "Reopening
        // recomputes the status").
        done: () => {
          const row = questionRow(question.id)
          return row.closedAt == null && row.status === 'answered'
        },
      }
    },
  },
  'lock a thread': {
    trial: () => {
      const { question } = othersThread()
      const fields = { intent: 'lock', locked: 'true', reason: 'Heated argument' }
      return {
        act: (caller) => onThread(question, fields, caller),
        done: () => questionRow(question.id).lockedAt != null,
      }
    },
  },
  'suspend a member': {
    trial: () => {
      const target = makeUser({ reputation: 20 })
      const fields = {
        intent: 'suspend',
        userId: String(target.id),
        days: '7',
        reason: 'Rude replies',
      }
      return {
        act: (caller) =>
          postTo(
            profileRoute.action as RouteFunction,
            `/users/${target.handle}`,
            { handle: target.handle },
            fields,
            caller,
          ),
        done: () => reload(target).status === 'suspended',
      }
    },
  },
  'change a role': {
    trial: () => {
      const target = makeUser({ reputation: 20 })
      const fields = { userId: String(target.id), role: 'staff', reason: 'Joined support' }
      return {
        act: (caller) =>
          postTo(adminUsersRoute.action as RouteFunction, '/admin/users', {}, fields, caller),
        done: () => reload(target).role === 'staff',
      }
    },
  },
  'open a private case (the asker)': openCase('own'),
  'open a private case (not the asker)': openCase('others'),
  'reply in a private case (the asker)': replyInCase('own'),
  'reply in a private case (not asker)': replyInCase('others'),
  'read a private case (the asker)': readCase('own'),
  'read a private case (not the asker)': readCase('others'),
  "claim a question (I'm on it)": {
    trial: (actor) => {
      const question = makeQuestion(makeUser({ reputation: 20 }))
      const fields = { intent: 'claim', questionId: String(question.id) }
      return {
        act: (caller) =>
          postTo(staffQueueRoute.action as RouteFunction, '/staff', {}, fields, caller),
        done: () =>
          one(
            db
              .select()
              .from(staffClaims)
              .where(
                and(
                  eq(staffClaims.questionId, question.id),
                  eq(staffClaims.userId, byActor(actor)),
                  isNull(staffClaims.releasedAt),
                ),
              )
              .get(),
          ),
      }
    },
  },
  'redact personal data': {
    trial: () => {
      const question = makeQuestion(makeUser({ reputation: 20 }), {
        body: 'My router is dead; write to me at jane.doe@example.com with the fix please.',
      })
      return {
        act: (caller) =>
          postTo(
            redactRoute.action as RouteFunction,
            `/staff/redact/${question.id}`,
            { questionId: String(question.id) },
            { intent: 'redact' },
            caller,
          ),
        done: () => !questionRow(question.id).bodyMd.includes('jane.doe@example.com'),
      }
    },
  },
  're-verify an official answer': {
    trial: (actor) => {
      const { question, answer } = othersThread()
      setOfficialAnswer(makeUser({ role: 'staff' }), answer.id, true)
      const fields = {
        intent: 'confirm',
        questionId: String(question.id),
        answerId: String(answer.id),
      }
      return {
        act: (caller) =>
          postTo(reverifyRoute.action as RouteFunction, '/staff/reverify', {}, fields, caller),
        done: () =>
          db.select().from(officialMarks).where(eq(officialMarks.questionId, question.id)).get()
            ?.verifiedBy === byActor(actor),
      }
    },
  },
  'read /staff': page('/staff', staffQueueRoute.loader as RouteFunction),
  'read /staff/figures': page('/staff/figures', staffFiguresRoute.loader as RouteFunction),
  'read /staff/reverify': page('/staff/reverify', reverifyRoute.loader as RouteFunction),
  'read /mod': page('/mod', modQueueRoute.loader as RouteFunction),
  'read /mod/log': page('/mod/log', modLogRoute.loader as RouteFunction),
  'read /admin/users': page('/admin/users', adminUsersRoute.loader as RouteFunction),
  'read /admin/settings': page('/admin/settings', adminSettingsRoute.loader as RouteFunction),
  "download another member's data": download('others'),
  'download my own data': download('own'),
}

// ── Nothing changed ─────────────────────────────────────────────────────────────────────────

/** Every table a write of these actions adds rows to. */
const WRITTEN: SQLiteTable[] = [
  questions,
  answers,
  comments,
  votes,
  closeVotes,
  flags,
  revisions,
  reputationEvents,
  moderationLog,
  notifications,
  searchOutbox,
  questionTimeline,
  staffClaims,
  officialMarks,
  privateCases,
  privateCaseMessages,
  redactedOriginals,
]
const rowCounts = () =>
  WRITTEN.map(
    (table) =>
      db
        .select({ n: sql<number>`count(*)` })
        .from(table)
        .get()!.n,
  )

// ── The test ────────────────────────────────────────────────────────────────────────────────

const policy = parsePolicy(POLICY)
const cells = policy.rows.flatMap(({ action, cells: marks }) =>
  ROLES.map((role, column) => ({ action, role, allowed: marks[column] === 'Y' })),
)

describe('the access-control matrix: every action × every role', () => {
  it('has one row for every action, one column for every role and a mark in every cell', () => {
    expect(policy.columns).toEqual([...ROLES])
    expect(policy.rows.map((row) => row.action).sort()).toEqual(Object.keys(ACTIONS).sort())
    expect(
      policy.rows.flatMap((row) => row.cells).every((mark) => mark === 'Y' || mark === '-'),
    ).toBe(true)
    expect(cells.length).toBe(420)
  })

  it.each(cells)('$action as $role: allowed $allowed', async ({ action, role, allowed }) => {
    const spec = ACTIONS[action]!
    const actor = actorOf(role)
    const trial = spec.trial(actor)
    if (role === 'suspended') suspend(actor!)
    const caller = await callerFor(actor)
    const before = rowCounts()
    const result = await trial.act(caller)
    const outcome = outcomeOf(result)
    const done = trial.done(result)
    if (allowed) {
      expect({ outcome, done }).toEqual({ outcome: 'done', done: true })
      return
    }
    expect(done).toBe(false)
    if (spec.denial === 'hidden') {
      // The page answers as it does for anyone, without the private part.
      expect(outcome).toBe('done')
    } else if (spec.denial === 'not binding' && outcome === 'done') {
      // A vote that counted (a row in close_votes) and left the question open (done is false).
    } else {
      expect(outcome).toBe(actor ? 'refused' : 'login')
    }
    if (!(spec.denial === 'not binding' && outcome === 'done')) {
      expect(rowCounts()).toEqual(before)
    }
  })
})
