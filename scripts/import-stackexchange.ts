// npm run import:stackexchange -- --dir DIR [--site cardano.stackexchange.com] [--batch 400]
//
// Imports a Stack Exchange data dump directory: Posts.xml (required) and, when present,
// Users.xml, Tags.xml, Comments.xml, PostLinks.xml and Votes.xml. Every file is streamed line by
// line (app/lib/stackexchange-dump.server.ts); the domain work is app/models/import.server.ts.
// Safe to run again: what was imported is left as it is, what is new is added.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import cliProgress from 'cli-progress'
import type { ImportSummary, Lined } from '#app/models/import.server.ts'
import {
  LINK_TYPE,
  POST_TYPE,
  VOTE_TYPE,
  postRowProblem,
  readDumpLines,
  toComment,
  toPost,
  toPostLink,
  toTag,
  toUser,
  toVote,
  type SeAnswer,
  type SeComment,
  type SePostLink,
  type SeQuestion,
  type SeUser,
} from '#app/lib/stackexchange-dump.server.ts'

export interface ImportOptions {
  dir: string
  /** The source site's host; by default "<dir name>.stackexchange.com". */
  site?: string
  /** Posts per transaction (default 400: about 150–250 threads). */
  batchSize?: number
  /** Show a progress bar on a terminal (default: when stderr is one). */
  progress?: boolean
}

/** "cardano" → "cardano.stackexchange.com"; a name with a dot is taken as the host. */
export function siteOf(dir: string, site?: string) {
  if (site) return site
  const name = path.basename(path.resolve(dir))
  return name.includes('.') ? name : `${name}.stackexchange.com`
}

function progressBar(enabled: boolean, label: string, total: number) {
  if (!enabled) return null
  const bar = new cliProgress.SingleBar(
    {
      format: `${label.padEnd(13)} {bar} {percentage}% | {value}/{total} KiB | {rows} rows`,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  )
  bar.start(Math.max(1, Math.round(total / 1024)), 0, { rows: 0 })
  return {
    update: (bytes: number, rows: number) => bar.update(Math.round(bytes / 1024), { rows }),
    stop: () => {
      bar.update(Math.max(1, Math.round(total / 1024)))
      bar.stop()
    },
  }
}

/** Streams one dump file's rows in batches; broken lines go to the summary's problems. */
async function streamFile<T>(
  file: string,
  options: {
    summary: ImportSummary
    progress: boolean
    batchSize: number
    parse: (row: Record<string, string>) => T | null | { problem: string }
    onBatch: (batch: Lined<T>[]) => void
  },
) {
  const name = path.basename(file)
  const bar = progressBar(options.progress, name, fs.statSync(file).size)
  let batch: Lined<T>[] = []
  let rows = 0
  for await (const entry of readDumpLines(file)) {
    rows++
    if ('error' in entry) {
      options.summary.problems.push({ file: name, line: entry.line, message: entry.error })
    } else {
      const parsed = options.parse(entry.row)
      if (parsed && typeof parsed === 'object' && 'problem' in parsed) {
        options.summary.problems.push({ file: name, line: entry.line, message: parsed.problem })
      } else if (parsed != null) {
        batch.push({ line: entry.line, item: parsed as T })
      }
    }
    if (batch.length >= options.batchSize) {
      options.onBatch(batch)
      batch = []
    }
    if (rows % 200 === 0) bar?.update(entry.bytesRead, rows)
  }
  if (batch.length > 0) options.onBatch(batch)
  bar?.stop()
}

export async function runImport(options: ImportOptions): Promise<ImportSummary> {
  const dir = path.resolve(options.dir)
  const postsFile = path.join(dir, 'Posts.xml')
  if (!fs.existsSync(postsFile)) throw new Error(`${postsFile} not found`)
  const source = siteOf(dir, options.site)
  const batchSize = options.batchSize ?? 400
  const progress = options.progress ?? Boolean(process.stderr.isTTY)
  const model = await import('#app/models/import.server.ts')
  const summary = model.emptySummary(source)
  const now = Date.now()
  const file = (name: string) => {
    const full = path.join(dir, name)
    return fs.existsSync(full) ? full : null
  }
  const common = { summary, progress }

  // Tags.xml first (small): which posts hold the tags' descriptions.
  const excerptTags = new Map<number, string>()
  const tagsFile = file('Tags.xml')
  if (tagsFile) {
    await streamFile(tagsFile, {
      ...common,
      batchSize: 1000,
      parse: (row) => toTag(row) ?? { problem: 'a tag without Id or TagName' },
      onBatch: (batch) => {
        for (const { item } of batch)
          if (item.excerptPostId != null) excerptTags.set(item.excerptPostId, item.name)
      },
    })
  }

  const usersFile = file('Users.xml')
  if (usersFile) {
    await streamFile<SeUser>(usersFile, {
      ...common,
      batchSize: 500,
      parse: (row) => toUser(row) ?? { problem: 'Id is missing or not a whole number' },
      onBatch: (batch) => model.importUsers(source, batch, summary, now),
    })
  }

  const descriptions = new Map<string, string>()
  let waiting: Lined<SeAnswer>[] = []
  type PostRow = SeQuestion | SeAnswer
  await streamFile<PostRow>(postsFile, {
    ...common,
    batchSize,
    parse: (row) => {
      const problem = postRowProblem(row)
      if (problem) return { problem }
      const id = Number(row.Id)
      if (Number(row.PostTypeId) === 4 && excerptTags.has(id)) {
        descriptions.set(excerptTags.get(id) ?? '', row.Body ?? '')
      }
      const type = Number(row.PostTypeId)
      if (type !== POST_TYPE.question && type !== POST_TYPE.answer) return null
      return toPost(row)
    },
    onBatch: (batch) => {
      const questions: Lined<SeQuestion>[] = []
      const answers: Lined<SeAnswer>[] = []
      for (const entry of batch) {
        if (entry.item.kind === 'question') questions.push({ line: entry.line, item: entry.item })
        else answers.push({ line: entry.line, item: entry.item })
      }
      waiting.push(...model.importPosts(source, { questions, answers }, summary, now))
    },
  })
  model.importWaitingAnswers(source, waiting, summary, now)
  waiting = []

  const linksFile = file('PostLinks.xml')
  if (linksFile) {
    await streamFile<SePostLink>(linksFile, {
      ...common,
      batchSize: 1000,
      parse: (row) => {
        const link = toPostLink(row)
        if (!link) return { problem: 'Id, PostId, RelatedPostId or LinkTypeId is missing' }
        return link.linkTypeId === LINK_TYPE.duplicate ? link : null
      },
      onBatch: (batch) => model.importDuplicates(source, batch, summary, now),
    })
  }

  const commentsFile = file('Comments.xml')
  if (commentsFile) {
    await streamFile<SeComment>(commentsFile, {
      ...common,
      batchSize: 1000,
      parse: (row) => toComment(row) ?? { problem: 'Id, PostId, CreationDate or Text is missing' },
      onBatch: (batch) => model.importComments(source, batch, summary, now),
    })
  }

  // Votes: counted only. Scores come from Posts.xml's Score; the dump names no voters, and
  // Peerdesk does not make vote rows (or reputation) up for people who never cast them here.
  const votesFile = file('Votes.xml')
  if (votesFile) {
    await streamFile(votesFile, {
      ...common,
      batchSize: 10_000,
      parse: (row) => toVote(row) ?? { problem: 'Id, PostId or VoteTypeId is missing' },
      onBatch: (batch) => {
        for (const { item } of batch) {
          if (item.voteTypeId === VOTE_TYPE.up) summary.votes.up++
          else if (item.voteTypeId === VOTE_TYPE.down) summary.votes.down++
          else if (item.voteTypeId === VOTE_TYPE.accepted) summary.votes.accepted++
          else summary.votes.other++
        }
      },
    })
  }

  model.importTagDescriptions(descriptions, summary)
  return model.finishImport(summary)
}

export function formatSummary(s: ImportSummary): string {
  const d = s.defaults
  const lines = [
    `Imported from ${s.source}:`,
    `  users      ${s.users.created} new (${s.users.placeholders} placeholders for owners Users.xml lacked), ${s.users.existing} already imported`,
    `  questions  ${s.questions.created} new (${s.questions.keptId} kept their original id), ${s.questions.existing} already imported, ${s.closed} closed`,
    `  answers    ${s.answers.created} new, ${s.answers.existing} already imported, ${s.answers.orphans} without their question (skipped); ${s.accepted} accepted`,
    `  comments   ${s.comments.created} new, ${s.comments.existing} already imported, ${s.comments.orphans} on posts not imported (skipped)`,
    `  duplicates ${s.duplicates.marked} marked, ${s.duplicates.existing} already marked, ${s.duplicates.unresolved} pointing outside the dump`,
    `  tags       ${s.tagDescriptions} descriptions set`,
    `  defaults   ${d.untagged} untagged, titles ${d.titleTooShort} too short / ${d.titleTooLong} too long, question bodies ${d.bodyTooShort} too short / ${d.bodyTooLong} too long, answer bodies ${d.answerBodyTooShort} too short / ${d.answerBodyTooLong} too long, ${d.commentOutsideLimits} comments outside 15–600 chars (kept)`,
  ]
  if (s.votes.up + s.votes.down + s.votes.accepted + s.votes.other > 0) {
    lines.push(
      `  votes      ${s.votes.up} up, ${s.votes.down} down, ${s.votes.accepted} accept marks (counted; scores come from Posts.xml)`,
    )
  }
  lines.push(
    `  search     ${s.outboxPending} threads queued in the outbox (the running server's worker sends them to Meilisearch)`,
  )
  if (s.problems.length > 0) {
    lines.push(`  skipped ${s.problems.length} malformed rows:`)
    for (const p of s.problems.slice(0, 50)) lines.push(`    ${p.file}:${p.line}: ${p.message}`)
    if (s.problems.length > 50) lines.push(`    … and ${s.problems.length - 50} more`)
  }
  return lines.join('\n')
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string' },
      site: { type: 'string' },
      batch: { type: 'string' },
    },
  })
  if (!values.dir) {
    console.error(
      'Usage: npm run import:stackexchange -- --dir DIR [--site HOST] [--batch POSTS_PER_TRANSACTION]',
    )
    process.exit(1)
  }
  const batchSize = values.batch ? Number(values.batch) : undefined
  if (batchSize != null && !(Number.isInteger(batchSize) && batchSize > 0)) {
    console.error('--batch: a whole number of posts per transaction, e.g. 400')
    process.exit(1)
  }
  const { db } = await import('#db/client.server.ts')
  const { runMigrations } = await import('#db/migrate.ts')
  runMigrations(db)
  const started = performance.now()
  const summary = await runImport({ dir: values.dir, site: values.site, batchSize })
  console.log(formatSummary(summary))
  console.log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`)
  // Encoding costs 10–40 ms a thread: it would make the import many times slower.
  console.log(
    'Similar questions rank the imported threads by keywords until `npm run search:vectors` ' +
      'adds their sentence vectors.',
  )
}
