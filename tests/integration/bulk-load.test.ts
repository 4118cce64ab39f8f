// withIndexesBuiltAfter: a bulk load's tables lose their secondary indexes for its length and get
// them back as they were, also when the load fails; unique and kept indexes never go.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { withIndexesBuiltAfter } from '#db/bulk-load.server.ts'

function scratchDatabase() {
  const client = new Database(':memory:')
  client.exec(`
    CREATE TABLE posts (id INTEGER PRIMARY KEY, author INTEGER, at INTEGER, slug TEXT);
    CREATE UNIQUE INDEX posts_slug_unique ON posts (slug);
    CREATE INDEX posts_author_idx ON posts (author, at);
    CREATE INDEX posts_at_idx ON posts (at) WHERE author IS NOT NULL;
    CREATE TABLE other (id INTEGER PRIMARY KEY, x INTEGER);
    CREATE INDEX other_x_idx ON other (x);
  `)
  return client
}
const indexNames = (client: Database.Database) =>
  client
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY 1`)
    .pluck()
    .all()
const definitions = (client: Database.Database) =>
  client.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY 1`).all()

describe('withIndexesBuiltAfter', () => {
  it('drops only the deferrable indexes of the named tables, and builds them again', async () => {
    const client = scratchDatabase()
    const before = definitions(client)
    const built: [number, number][] = []
    const during = await withIndexesBuiltAfter(
      client,
      { tables: ['posts'], keep: new Set(['posts_at_idx']), onBuilt: (n, t) => built.push([n, t]) },
      async () => {
        client.prepare('INSERT INTO posts (author, at, slug) VALUES (1, 2, ?)').run('a')
        return indexNames(client)
      },
    )
    expect(during).toEqual(['other_x_idx', 'posts_at_idx', 'posts_slug_unique'])
    expect(definitions(client)).toEqual(before)
    expect(built).toEqual([[1, 1]])
    const plan = client
      .prepare('EXPLAIN QUERY PLAN SELECT id FROM posts WHERE author = 1 ORDER BY at')
      .all() as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toContain('posts_author_idx')
  })

  it('builds them again when the load fails, and the failure reaches the caller', async () => {
    const client = scratchDatabase()
    const before = definitions(client)
    await expect(
      withIndexesBuiltAfter(client, { tables: ['posts', 'other'], keep: new Set() }, async () => {
        throw new Error('the load broke')
      }),
    ).rejects.toThrow('the load broke')
    expect(definitions(client)).toEqual(before)
  })
})
