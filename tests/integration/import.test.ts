// The Stack Exchange importer on a tiny dump written here: what it makes of each row, that a
// re-run adds nothing, old addresses, malformed rows, claiming an imported account, and that
// imported history notifies nobody.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { answers, comments, notifications, questions, tags, users } from '#db/schema.ts'
import { authenticate } from '#app/lib/auth.server.ts'
import { createClaimLink } from '#app/models/claims.server.ts'
import { importAttribution, importedId, type ImportSummary } from '#app/models/import.server.ts'
import { reputationFromLedger } from '#app/models/reputation.server.ts'
import { questionTagNames } from '#app/models/questions.server.ts'
import { verifyLogin } from '#app/models/users.server.ts'
import { action as claimAction, loader as claimLoader } from '#app/routes/claim.$token.tsx'
import { loader as oldUrlLoader } from '#app/routes/q.$id.ts'
import { makeQuestion, makeUser } from '#tests/fixtures/factories.ts'
import { contextFor, cookieFrom, formRequest, unwrap } from '#tests/fixtures/requests.ts'
import { runImport } from '../../scripts/import-stackexchange.ts'

const SOURCE = 'tinysite.stackexchange.com'
const esc = (html: string) =>
  html
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#xA;')

const Q1_BODY = esc(
  '<p>My router drops Wi-Fi every evening. See <a href="https://example.com/docs" rel="nofollow noreferrer">the docs</a>.</p>\n' +
    '<ul>\n<li>first thing I tried</li>\n<li>second thing</li>\n</ul>\n' +
    '<pre class="lang-bash prettyprint-override"><code>sudo reboot &amp;&amp; ping 10.0.0.1\n</code></pre>\n',
)

// Line numbers matter: the malformed rows are on lines 6 and 8 of Posts.xml.
const POSTS = [
  '\uFEFF<?xml version="1.0" encoding="utf-8"?>',
  '<posts>',
  `  <row Id="1" PostTypeId="1" AcceptedAnswerId="3" CreationDate="2019-01-02T03:04:05.678" Score="7" ViewCount="100" Body="${Q1_BODY}" OwnerUserId="10" LastEditorUserId="11" LastEditDate="2019-01-03T00:00:00.000" LastActivityDate="2019-01-05T00:00:00.000" Title="Why does my router drop Wi-Fi every evening?" Tags="&lt;router&gt;&lt;wifi&gt;" AnswerCount="2" CommentCount="1" ContentLicense="CC BY-SA 4.0" />`,
  `  <row Id="3" PostTypeId="2" ParentId="1" CreationDate="2019-01-02T05:00:00.000" Score="12" Body="${esc('<p>Move the router away from the microwave oven; it shares the 2.4 GHz band.</p>')}" OwnerUserId="11" />`,
  `  <row Id="4" PostTypeId="2" ParentId="1" CreationDate="2019-01-03T05:00:00.000" Score="1" Body="${esc('<p>Try a different channel, <strong>11</strong> worked for me here.</p>')}" OwnerUserId="12" />`,
  '  <row Id="5" PostTypeId="1" Title="cut off in the middle',
  `  <row Id="6" PostTypeId="1" CreationDate="2019-02-01T00:00:00.000" Score="0" Body="${esc('<p>Same.</p>')}" OwnerUserId="12" Title="Router drops again and again?" Tags="" />`,
  `  <row Id="8" PostTypeId="2" CreationDate="2019-02-01T00:00:00.000" Body="no parent" />`,
  `  <row Id="7" PostTypeId="1" AcceptedAnswerId="10" CreationDate="2019-03-01T00:00:00.000" Score="2" Body="${esc('<p>How do I find the Wi-Fi password of my own router at home?</p>')}" OwnerUserId="99" OwnerDisplayName="Ghost" Title="Wifi?" Tags="&lt;wifi&gt;" />`,
  `  <row Id="90" PostTypeId="4" CreationDate="2019-01-01T00:00:00.000" Body="${esc('<p>Questions about routers.</p>')}" />`,
  `  <row Id="11" PostTypeId="2" ParentId="42" CreationDate="2019-03-02T00:00:00.000" Body="${esc('<p>An answer whose question is not in the dump at all.</p>')}" OwnerUserId="10" />`,
  `  <row Id="10" PostTypeId="2" ParentId="7" CreationDate="2019-03-03T00:00:00.000" Score="3" Body="${esc('<p>It is printed on the sticker under the router, next to the SSID.</p>')}" OwnerUserId="10" />`,
  '</posts>',
  '',
].join('\n')

const USERS = `<?xml version="1.0" encoding="utf-8"?>
<users>
  <row Id="10" Reputation="250" CreationDate="2018-05-01T00:00:00.000" DisplayName="Ann Asker" AboutMe="&lt;p&gt;I ask.&lt;/p&gt;" />
  <row Id="11" Reputation="1500" CreationDate="2018-05-02T00:00:00.000" DisplayName="Bob Answerer" />
  <row Reputation="3" DisplayName="No id at all" />
  <row Id="12" Reputation="30" CreationDate="2018-05-03T00:00:00.000" DisplayName="Zoë Commenter" />
</users>
`

const TAGS = `<?xml version="1.0" encoding="utf-8"?>
<tags>
  <row Id="1" TagName="router" Count="2" ExcerptPostId="90" WikiPostId="91" />
  <row Id="2" TagName="wifi" Count="2" />
</tags>
`

const COMMENTS = `<?xml version="1.0" encoding="utf-8"?>
<comments>
  <row Id="100" PostId="1" Score="2" Text="Have you tried turning it off and on again?" CreationDate="2019-01-02T04:00:00.000" UserId="12" />
  <row Id="101" PostId="3" Score="0" Text="Thanks, that worked for me in the end." CreationDate="2019-01-02T06:00:00.000" UserId="10" />
  <row Id="102" PostId="999" Score="0" Text="A comment on a post that is gone." CreationDate="2019-01-02T06:00:00.000" UserId="10" />
</comments>
`

const LINKS = `<?xml version="1.0" encoding="utf-8"?>
<postlinks>
  <row Id="1" CreationDate="2019-02-02T00:00:00.000" PostId="6" RelatedPostId="1" LinkTypeId="3" />
  <row Id="2" CreationDate="2019-03-02T00:00:00.000" PostId="7" RelatedPostId="1" LinkTypeId="1" />
</postlinks>
`

const VOTES = `<?xml version="1.0" encoding="utf-8"?>
<votes>
  <row Id="1" PostId="1" VoteTypeId="2" CreationDate="2019-01-02T00:00:00.000" />
  <row Id="2" PostId="3" VoteTypeId="2" CreationDate="2019-01-02T00:00:00.000" />
  <row Id="3" PostId="3" VoteTypeId="1" CreationDate="2019-01-03T00:00:00.000" />
  <row Id="4" PostId="4" VoteTypeId="3" CreationDate="2019-01-04T00:00:00.000" />
</votes>
`

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'peerdesk-import-'))
const dir = path.join(root, 'tinysite')
let first: ImportSummary
let second: ImportSummary
let nativeQuestionId: number

const count = (table: typeof questions | typeof answers | typeof comments | typeof users) =>
  db
    .select({ n: sql<number>`count(*)` })
    .from(table)
    .get()?.n ?? 0

function thread(sourceId: number) {
  const id = importedId(SOURCE, 'question', sourceId)
  if (id == null) throw new Error(`question ${sourceId} was not imported`)
  const row = db.select().from(questions).where(eq(questions.id, id)).get()
  if (!row) throw new Error(`no question ${id}`)
  return row
}

beforeAll(async () => {
  fs.mkdirSync(dir)
  for (const [name, text] of Object.entries({
    'Posts.xml': POSTS,
    'Users.xml': USERS,
    'Tags.xml': TAGS,
    'Comments.xml': COMMENTS,
    'PostLinks.xml': LINKS,
    'Votes.xml': VOTES,
  }))
    fs.writeFileSync(path.join(dir, name), text)
  // A thread of this community already holds id 1: the imported question 1 must move aside.
  nativeQuestionId = makeQuestion(makeUser()).id
  // Two posts per transaction, so answers and accepted marks arrive in later batches too.
  first = await runImport({ dir, batchSize: 2, progress: false })
})

afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

describe('importing a Stack Exchange dump', () => {
  it('counts what it made', () => {
    expect(nativeQuestionId).toBe(1)
    expect(first.source).toBe(SOURCE)
    expect(first.questions).toEqual({ created: 3, existing: 0, keptId: 2 })
    expect(first.answers).toEqual({ created: 3, existing: 0, orphans: 1 })
    expect(first.accepted).toBe(2)
    expect(first.comments).toEqual({ created: 2, existing: 0, orphans: 1 })
    expect(first.duplicates).toMatchObject({ marked: 1 })
    // Ann, Bob and Zoë from Users.xml; "Ghost" (owner 99) is not in it.
    expect(first.users).toEqual({ created: 3, existing: 0, placeholders: 1 })
    expect(first.defaults).toMatchObject({ untagged: 1, titleTooShort: 1, bodyTooShort: 1 })
    expect(first.votes).toEqual({ up: 2, down: 1, accepted: 1, other: 0 })
    expect(first.tagDescriptions).toBe(1)
    expect(first.outboxPending).toBeGreaterThanOrEqual(3)
  })

  it('reports malformed rows with their line number and goes on', () => {
    expect(first.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'Posts.xml', line: 6 }),
        expect.objectContaining({
          file: 'Posts.xml',
          line: 8,
          message: 'an answer without ParentId',
        }),
        expect.objectContaining({ file: 'Users.xml', line: 5 }),
      ]),
    )
    expect(first.problems).toHaveLength(3)
  })

  it('keeps original ids when free and maps the others', () => {
    expect(thread(1).id).not.toBe(1)
    expect(thread(6).id).toBe(6)
    expect(thread(7).id).toBe(7)
  })

  it('keeps dates, edit times, scores and view counts', () => {
    const q = thread(1)
    expect(q.createdAt).toBe(Date.UTC(2019, 0, 2, 3, 4, 5, 678))
    expect(q.editedAt).toBe(Date.UTC(2019, 0, 3))
    expect(q.lastActivityAt).toBe(Date.UTC(2019, 0, 5))
    expect(q.score).toBe(7)
    expect(q.viewCount).toBe(100)
    expect(q.firstAnswerAt).toBe(Date.UTC(2019, 0, 2, 5))
    const editor = db
      .select()
      .from(users)
      .where(eq(users.id, q.lastEditorId ?? 0))
      .get()
    expect(editor?.displayName).toBe('Bob Answerer')
    const answer = db
      .select()
      .from(answers)
      .where(eq(answers.id, importedId(SOURCE, 'answer', 3) ?? 0))
      .get()
    expect(answer).toMatchObject({
      score: 12,
      createdAt: Date.UTC(2019, 0, 2, 5),
      questionId: q.id,
    })
  })

  it('marks accepted answers, also when the answer came in a later batch', () => {
    const q1 = thread(1)
    expect(q1.acceptedAnswerId).toBe(importedId(SOURCE, 'answer', 3))
    expect(q1.status).toBe('resolved')
    expect(q1.answerCount).toBe(2)
    expect(q1.commentCount).toBe(2)
    const q7 = thread(7)
    expect(q7.acceptedAnswerId).toBe(importedId(SOURCE, 'answer', 10))
    expect(q7.status).toBe('resolved')
    expect(q7.resolvedAt).toBe(Date.UTC(2019, 2, 3))
  })

  it('closes duplicates as duplicates of their original', () => {
    const dup = thread(6)
    expect(dup.status).toBe('duplicate')
    expect(dup.duplicateOfId).toBe(thread(1).id)
    expect(dup.closedAt).toBe(Date.UTC(2019, 1, 2))
    // A plain link (LinkTypeId 1) closes nothing.
    expect(thread(7).duplicateOfId).toBeNull()
  })

  it('maps tags, gives untagged questions a default and fixes short titles and bodies', () => {
    expect(questionTagNames(thread(1).id)).toEqual(['router', 'wifi'])
    expect(questionTagNames(thread(6).id)).toEqual(['untagged'])
    expect(thread(7).title).toBe(`Wifi? (from ${SOURCE})`)
    expect(thread(6).bodyMd).toContain(`https://${SOURCE}/q/6`)
    expect(thread(6).bodyMd.length).toBeGreaterThanOrEqual(30)
    expect(db.select().from(tags).where(eq(tags.name, 'router')).get()?.description).toBe(
      'Questions about routers.',
    )
  })

  it('turns HTML bodies into Markdown and renders them as the site does', () => {
    const q = thread(1)
    expect(q.bodyMd).toContain('[the docs](https://example.com/docs)')
    expect(q.bodyMd).toMatch(/^- first thing I tried$/m)
    expect(q.bodyMd).toContain('```bash\nsudo reboot && ping 10.0.0.1\n```')
    expect(q.bodyHtml).toContain('<pre><code class="language-bash">sudo reboot &amp;&amp; ping')
    expect(q.bodyHtml).toContain('<li>first thing I tried</li>')
    expect(q.bodyHtml).toContain(
      '<a href="https://example.com/docs" rel="nofollow ugc noopener">the docs</a>',
    )
    expect(q.excerpt).toMatch(/^My router drops Wi-Fi every evening/)
  })

  it('brings users in unclaimed, with their reputation as one ledger row', () => {
    const bobId = importedId(SOURCE, 'user', 11) ?? 0
    const bob = db.select().from(users).where(eq(users.id, bobId)).get()
    expect(bob).toMatchObject({ handle: 'BobAnswerer', passwordHash: null, reputation: 1500 })
    expect(reputationFromLedger(bobId)).toBe(1500)
    const zoe = db
      .select()
      .from(users)
      .where(eq(users.id, importedId(SOURCE, 'user', 12) ?? 0))
      .get()
    expect(zoe?.handle).toBe('ZoeCommenter')
    const ghost = db
      .select()
      .from(users)
      .where(eq(users.id, thread(7).authorId))
      .get()
    expect(ghost?.displayName).toBe('Ghost')
  })

  it('credits the original post, its author and the licence', () => {
    expect(importAttribution(thread(1).id)).toEqual({
      site: SOURCE,
      postUrl: `https://${SOURCE}/q/1`,
      authorName: 'Ann Asker',
      authorUrl: `https://${SOURCE}/users/10`,
      license: 'CC BY-SA 4.0',
    })
    // No ContentLicense on the row (old dumps): CC BY-SA 3.0.
    expect(importAttribution(thread(6).id)?.license).toBe('CC BY-SA 3.0')
    expect(importAttribution(nativeQuestionId)).toBeNull()
  })

  it('notifies nobody of imported history', () => {
    expect(db.select().from(notifications).all()).toEqual([])
  })

  it('adds nothing on a second run', async () => {
    const before = [count(questions), count(answers), count(comments), count(users)]
    second = await runImport({ dir, batchSize: 2, progress: false })
    expect([count(questions), count(answers), count(comments), count(users)]).toEqual(before)
    expect(second.questions).toEqual({ created: 0, existing: 3, keptId: 0 })
    expect(second.answers).toMatchObject({ created: 0, existing: 3 })
    expect(second.comments).toMatchObject({ created: 0, existing: 2 })
    expect(second.users).toEqual({ created: 0, existing: 3, placeholders: 0 })
    expect(second.duplicates.marked).toBe(0)
    expect(reputationFromLedger(importedId(SOURCE, 'user', 11) ?? 0)).toBe(1500)
  })
})

describe('old addresses', () => {
  async function follow(id: string) {
    const request = new Request(`http://peerdesk.test/q/${id}`)
    try {
      return await oldUrlLoader({ request, params: { id }, context: await contextFor(request) })
    } catch (thrown) {
      return thrown as Response
    }
  }

  it('/q/ID answers 301 with the thread the question became', async () => {
    const q = thread(1)
    const response = (await follow('1')) as Response
    expect(response.status).toBe(301)
    expect(response.headers.get('Location')).toBe(`/questions/${q.id}/${q.slug}`)
  })

  it('/q/ID of an answer leads to the answer in its thread', async () => {
    const q = thread(1)
    const response = (await follow('3')) as Response
    expect(response.headers.get('Location')).toBe(
      `/questions/${q.id}/${q.slug}#answer-${importedId(SOURCE, 'answer', 3)}`,
    )
  })

  it('an unknown id is a 404', async () => {
    expect(((await follow('123456')) as Response).status).toBe(404)
  })
})

describe('claiming an imported account', () => {
  async function claim(token: string, fields: Record<string, string>) {
    const request = formRequest(`/claim/${token}`, fields)
    return claimAction({ request, params: { token }, context: await contextFor(request) })
  }

  it('sets e-mail and password through the claim form, logs in and spends the link', async () => {
    const link = createClaimLink('AnnAsker')
    expect(link.path).toBe(`/claim/${link.token}`)
    // Nothing but a hash of the token is stored.
    const stored = db.$client.prepare('SELECT token_hash FROM claim_tokens').all() as {
      token_hash: string
    }[]
    expect(stored.map((r) => r.token_hash)).not.toContain(link.token)

    const shown = await claimLoader({
      request: new Request(`http://peerdesk.test${link.path}`),
      params: { token: link.token },
      context: {} as never,
    })
    expect(shown).toMatchObject({ handle: 'AnnAsker', displayName: 'Ann Asker' })

    const invalid = unwrap(await claim(link.token, { email: 'not an email', password: 'short' }))
    expect(invalid.status).toBe(400)
    const errors = (invalid.data.result as { error: Record<string, string[]> }).error
    expect(errors.email).toEqual(['Enter a valid email address'])
    expect(errors.password?.[0]).toMatch(/at least 10 characters/)

    const response = (await claim(link.token, {
      email: 'ann@example.test',
      password: 'a long new password',
    })) as Response
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe('/users/AnnAsker')
    const auth = await authenticate(
      new Request('http://peerdesk.test/', { headers: { Cookie: cookieFrom(response) } }),
    )
    expect(auth.user?.handle).toBe('AnnAsker')
    expect(await verifyLogin('ann@example.test', 'a long new password')).toEqual({
      id: importedId(SOURCE, 'user', 10),
    })

    // Spent: the page and the form refuse it now.
    await expect(
      claimLoader({
        request: new Request(`http://peerdesk.test${link.path}`),
        params: { token: link.token },
        context: {} as never,
      }),
    ).rejects.toMatchObject({ status: 404 })
    await expect(
      claim(link.token, { email: 'other@example.test', password: 'another long password' }),
    ).rejects.toMatchObject({ status: 404 })
    expect(() => createClaimLink('AnnAsker')).toThrow(/already has a password/)
  })

  it('refuses an e-mail another account has, on the field', async () => {
    const link = createClaimLink('BobAnswerer')
    const result = unwrap(
      await claim(link.token, { email: 'ann@example.test', password: 'a long new password' }),
    )
    expect(result.status).toBe(400)
    expect((result.data.result as { error: Record<string, string[]> }).error.email).toEqual([
      'An account with this email already exists',
    ])
  })
})
