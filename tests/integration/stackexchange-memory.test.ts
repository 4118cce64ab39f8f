// The dump reader streams: a Posts.xml of a few hundred megabytes goes through it in a child
// process whose peak resident memory stays far below the file's size (the importer's bound is
// 400 MB whatever the file; the reader alone must stay well under it).
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, expect, it } from 'vitest'

const run = promisify(execFile)
const TARGET_BYTES = 300 * 1024 * 1024
const RSS_BOUND_MB = 200

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peerdesk-dump-rss-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

/** Writes a Posts.xml of about `bytes` bytes: questions with long bodies and their answers. */
function writeBigPosts(file: string, bytes: number) {
  const fd = fs.openSync(file, 'w')
  const paragraph =
    '&lt;p&gt;' +
    'The hub drops the sensor every evening around six. '.repeat(40) +
    '&lt;/p&gt;&#xA;'
  const body = paragraph.repeat(4)
  let written = 0
  let id = 1
  const write = (text: string) => {
    fs.writeSync(fd, text)
    written += Buffer.byteLength(text)
  }
  write('\uFEFF<?xml version="1.0" encoding="utf-8"?>\n<posts>\n')
  let chunk = ''
  while (written + chunk.length < bytes) {
    const q = id++
    chunk += `  <row Id="${q}" PostTypeId="1" CreationDate="2020-01-01T00:00:00.000" Score="1" Body="${body}" OwnerUserId="5" Title="Why does my hub drop sensor ${q} in the evening?" Tags="&lt;hub&gt;" />\n`
    chunk += `  <row Id="${id++}" PostTypeId="2" ParentId="${q}" CreationDate="2020-01-02T00:00:00.000" Score="2" Body="${body}" OwnerUserId="6" />\n`
    if (chunk.length > 4 * 1024 * 1024) {
      write(chunk)
      chunk = ''
    }
  }
  write(`${chunk}  <row Id="broken\n</posts>\n`)
  fs.closeSync(fd)
  return { bytes: written, posts: id - 1 }
}

it(`streams a ${TARGET_BYTES / 1024 / 1024} MB Posts.xml in under ${RSS_BOUND_MB} MB of memory`, async () => {
  const file = path.join(dir, 'Posts.xml')
  const made = writeBigPosts(file, TARGET_BYTES)
  expect(fs.statSync(file).size).toBeGreaterThanOrEqual(TARGET_BYTES)
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', path.resolve('tests/fixtures/read-dump-rss.ts'), file],
    { maxBuffer: 1024 * 1024 },
  )
  const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
    posts: number
    problems: number
    maxRssMb: number
  }
  expect(result.posts).toBe(made.posts)
  expect(result.problems).toBe(1)
  console.log(
    `read ${made.posts} posts (${(made.bytes / 1024 / 1024).toFixed(0)} MB): peak RSS ${result.maxRssMb.toFixed(0)} MB`,
  )
  expect(result.maxRssMb).toBeLessThan(RSS_BOUND_MB)
}, 60_000)
