// `npm run eval:similar` on a small hand-made dump whose answers are known: the real command
// (its own database, a managed Meilisearch, the models), read back from its --json output.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peerdesk-eval-dump-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const attr = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
const question = (id: number, title: string, body: string) =>
  `  <row Id="${id}" PostTypeId="1" Title="${attr(title)}" Body="${attr(body)}" Tags="&lt;printer&gt;" />`

// Three duplicates: two share their original's words, one shares none — except in the
// "Possible Duplicate" notice its body opens with, which the evaluator must not let through.
const posts = [
  question(1, 'Zebra printer prints blank labels', '<p>Every label comes out blank.</p>'),
  question(2, 'Blank labels from my zebra printer', '<p>My printer feeds blank labels.</p>'),
  question(3, 'Gateway firmware upgrade bricked the router', '<p>The router is dead.</p>'),
  question(4, 'Router bricked after gateway firmware upgrade', '<p>No lights at all now.</p>'),
  question(5, 'Invoice shows the wrong currency', '<p>Prices are in dollars, not euros.</p>'),
  question(6, 'Zebra printer ribbon wrinkles', '<p>The ribbon wrinkles on long prints.</p>'),
  question(
    7,
    'Bill displays incorrect money',
    '<blockquote><p><strong>Possible Duplicate:</strong><br><a href="https://example.test/q/5">Invoice shows the wrong currency</a></p></blockquote><p>Amounts look odd.</p>',
  ),
]
const links = [
  [2, 1],
  [4, 3],
  [7, 5],
].map(
  ([from, to], i) =>
    `  <row Id="${i + 1}" PostId="${from}" RelatedPostId="${to}" LinkTypeId="3" />`,
)

interface Outcome {
  rank: number | null
  recall5: number
}
interface Report {
  results: {
    site: string
    duplicates: number
    queries: { duplicateId: number; heldOut: boolean }[]
    methods: { key: string; outcomes: { title: Outcome[]; titleBody: Outcome[] } }[]
  }[]
  verdict: { gain: unknown; noLoss: { site: string; passes: boolean }[] }
}

describe('npm run eval:similar', () => {
  it('reports the exact ranks of a hand-made dump, the notice stripped from the queries', async () => {
    const dump = path.join(dir, 'handmade')
    fs.mkdirSync(dump)
    fs.writeFileSync(path.join(dump, 'Posts.xml'), `<posts>\n${posts.join('\n')}\n</posts>\n`)
    fs.writeFileSync(
      path.join(dump, 'PostLinks.xml'),
      `<postlinks>\n${links.join('\n')}\n</postlinks>\n`,
    )
    const out = path.join(dir, 'report.json')
    await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/eval-similar.ts', '--dir', dump, '--json', out],
      { env: { ...process.env, DATABASE_PATH: '', LOG_LEVEL: 'warn' }, timeout: 170_000 },
    )
    const report = JSON.parse(fs.readFileSync(out, 'utf8')) as Report
    const [result] = report.results
    expect(result).toMatchObject({ site: 'handmade', duplicates: 3 })
    expect(result!.queries.map((q) => q.duplicateId)).toEqual([2, 4, 7])

    const baseline = result!.methods.find((m) => m.key === 'baseline')!
    expect(baseline.outcomes.title).toEqual([
      { rank: 1, recall5: 1 },
      { rank: 1, recall5: 1 },
      { rank: null, recall5: 0 },
    ])
    // With the notice, "title + body" of q7 would name its original; without it, nothing matches.
    expect(baseline.outcomes.titleBody[2]).toEqual({ rank: null, recall5: 0 })
    expect(result!.methods.map((m) => m.key)).toContain('similar-default')
    expect(report.verdict.gain).toBeNull() // too few duplicates for a held-apart figure
    expect(report.verdict.noLoss).toEqual([{ site: 'handmade', passes: expect.any(Boolean) }])
  }, 180_000)
})
