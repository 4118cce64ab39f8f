// Every moderation action × every role, in one table: allowed or refused on the server exactly as
// issue 12 and the SPEC say, whatever the page showed. Each cell acts on fresh posts by someone
// else; a refusal is a PermissionError and changes nothing the cell can see.
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { questions, users } from '#db/schema.ts'
import { voteToClose } from '#app/models/close-votes.server.ts'
import { deletePost, undeletePost } from '#app/models/deletion.server.ts'
import { PermissionError } from '#app/models/errors.server.ts'
import { flagPost } from '#app/models/flags.server.ts'
import { liftSuspension, setThreadLock, suspendMember } from '#app/models/moderation.server.ts'
import type { WriteActor } from '#app/models/permissions.server.ts'
import { editQuestion } from '#app/models/questions.server.ts'
import { dismissFlags } from '#app/models/review-queue.server.ts'
import { rollbackPost } from '#app/models/revisions.server.ts'
import { changeRole } from '#app/models/roles.server.ts'
import { makeAnswer, makeQuestion, makeUser, reload } from '#tests/fixtures/factories.ts'

const ROLES = [
  'member',
  'member at 15',
  'member at 2 000',
  'member at 3 000',
  'suspended member',
  'staff',
  'moderator',
  'admin',
] as const
type RoleKind = (typeof ROLES)[number]

function actorOf(kind: RoleKind): WriteActor {
  switch (kind) {
    case 'member':
      return makeUser()
    case 'member at 15':
      return makeUser({ reputation: 15 })
    case 'member at 2 000':
      return makeUser({ reputation: 2_000 })
    case 'member at 3 000':
      return makeUser({ reputation: 3_000 })
    case 'suspended member': {
      const member = makeUser({ reputation: 5_000 })
      db.update(users)
        .set({
          status: 'suspended',
          suspendedUntil: Date.now() + 86_400_000,
          suspensionReason: 'x',
        })
        .where(eq(users.id, member.id))
        .run()
      return reload(member)
    }
    default:
      return makeUser({ role: kind })
  }
}

const QUESTION = {
  title: 'Why does the hub forget its pairing every morning?',
  body: 'Each morning the hub has forgotten every paired sensor and I pair them all again.',
  tags: ['hub'],
}

/** Fresh things to act on, made by someone else, and a moderator to set them up. */
function scene() {
  const moderator = makeUser({ role: 'moderator' })
  const author = makeUser({ reputation: 20 })
  const question = makeQuestion(author, QUESTION)
  const answer = makeAnswer(author, makeQuestion(makeUser()).id)
  editQuestion(author, question.id, { ...QUESTION, title: `${QUESTION.title} (edited)` })
  return { moderator, author, question, answer }
}

type Action = (actor: WriteActor, s: ReturnType<typeof scene>) => unknown
const MODERATORS: RoleKind[] = ['moderator', 'admin']

const ACTIONS: [string, Action, RoleKind[]][] = [
  [
    'delete another member’s answer',
    (a, s) => deletePost(a, { type: 'answer', id: s.answer.id }),
    MODERATORS,
  ],
  [
    'undelete a post',
    (a, s) => {
      deletePost(s.moderator, { type: 'answer', id: s.answer.id })
      return undeletePost(a, { type: 'answer', id: s.answer.id })
    },
    MODERATORS,
  ],
  [
    'dismiss flags',
    (a, s) => {
      flagPost(makeUser({ reputation: 20 }), 'answer', s.answer.id, 'off_topic')
      return dismissFlags(a, { type: 'answer', id: s.answer.id })
    },
    MODERATORS,
  ],
  [
    'lock a thread',
    (a, s) => setThreadLock(a, s.question.id, { locked: true, reason: 'Heated' }),
    MODERATORS,
  ],
  [
    'unlock a thread',
    (a, s) => {
      setThreadLock(s.moderator, s.question.id, { locked: true, reason: 'Heated' })
      return setThreadLock(a, s.question.id, { locked: false, reason: '' })
    },
    MODERATORS,
  ],
  [
    'close a question at once (a binding vote)',
    (a, s) => {
      const result = voteToClose(a, s.question.id, { reason: 'unclear' })
      if (!result.closed) throw new PermissionError('the vote did not close it')
      return result
    },
    MODERATORS,
  ],
  [
    'suspend a member',
    (a, s) => suspendMember(a, { userId: s.author.id, days: 7, reason: 'Rude replies' }),
    MODERATORS,
  ],
  [
    'lift a suspension',
    (a, s) => {
      suspendMember(s.moderator, { userId: s.author.id, days: 7, reason: 'Rude replies' })
      return liftSuspension(a, { userId: s.author.id, reason: '' })
    },
    MODERATORS,
  ],
  [
    'roll back another member’s post',
    (a, s) => rollbackPost(a, { type: 'question', id: s.question.id, revision: 1 }),
    MODERATORS,
  ],
  ['grant a role', (a, s) => changeRole(a, { userId: s.author.id, role: 'staff' }), ['admin']],
]

describe('every moderation action × every role', () => {
  const cells = ACTIONS.flatMap(([name, act, allowed]) =>
    ROLES.map((role) => [name, role, allowed.includes(role), act] as const),
  )
  it.each(cells)('%s as %s: allowed %s', (_name, role, allowed, act) => {
    const s = scene()
    const actor = actorOf(role)
    const titleBefore = db
      .select({ title: questions.title })
      .from(questions)
      .where(eq(questions.id, s.question.id))
      .get()!.title
    if (allowed) {
      expect(() => act(actor, s)).not.toThrow()
    } else {
      expect(() => act(actor, s)).toThrow(PermissionError)
      const after = db
        .select({
          title: questions.title,
          lockedAt: questions.lockedAt,
          closedAt: questions.closedAt,
        })
        .from(questions)
        .where(eq(questions.id, s.question.id))
        .get()!
      expect(after.title).toBe(titleBefore)
      expect(reload(s.author).role).toBe('member')
    }
  })
})
