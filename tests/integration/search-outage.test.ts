// Meilisearch goes down mid-session: writes still succeed, search answers from SQLite FTS5,
// health says degraded and the outbox lag grows; Meilisearch comes back with the same data and
// key, the outbox drains and the index matches the database again.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { isNull } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { searchOutbox } from '#db/schema.ts'
import { toggleAcceptedAnswer } from '#app/models/answers.server.ts'
import { editQuestion } from '#app/models/questions.server.ts'
import {
  drainOutbox,
  drainOutboxOnce,
  meilisearchBackend,
  searchHealth,
  searchThreads,
  startSearch,
  stopSearch,
} from '#search/index.server.ts'
import { checkSearchIndex } from '#search/reindex.ts'
import { makeAnswer, makeQuestion, makeUser } from '#tests/fixtures/factories.ts'
import { useMeilisearch } from '#tests/fixtures/meilisearch.ts'

const search = useMeilisearch()

/** Forwards to Meilisearch, holding each search request `delayMs` before passing it on. */
async function slowSearchProxy(target: string, delayMs: number) {
  const upstream = new URL(target)
  const state = { held: 0 }
  const timers = new Set<NodeJS.Timeout>()
  const server = http.createServer((req, res) => {
    const forward = () => {
      const proxied = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          path: req.url,
          method: req.method,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(res)
        },
      )
      proxied.on('error', () => res.destroy())
      req.pipe(proxied)
    }
    if (/search/.test(req.url ?? '')) {
      state.held++
      const timer = setTimeout(() => {
        timers.delete(timer)
        forward()
      }, delayMs)
      timers.add(timer)
    } else {
      forward()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    host: `http://127.0.0.1:${port}`,
    get held() {
      return state.held
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer)
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

describe('a Meilisearch outage', () => {
  it('degrades to FTS5 without losing a write, then catches up', async () => {
    const asker = makeUser()
    const expert = makeUser({ reputation: 1500 })
    const before = makeQuestion(asker, {
      title: 'Mesh node shows an orange light',
      body: 'One quollnode of the mesh glows orange instead of white since yesterday evening.',
      tags: ['mesh'],
    })
    expect((await drainOutbox()).error).toBeUndefined()
    expect((await searchThreads({ q: 'quollnode', status: 'all' })).backend).toBe('meilisearch')

    await search.meili.stop()

    // Writes succeed while Meilisearch is down.
    const during = makeQuestion(asker, {
      title: 'Thermostat offline after router swap',
      body: 'After replacing my router the quollthermo thermostat shows offline in the app.',
      tags: ['thermostat', 'wifi'],
    })
    const answer = makeAnswer(expert, during.id, 'Re-run Wi-Fi setup from the thermostat menu.')
    toggleAcceptedAnswer(asker, answer.id)
    editQuestion(asker, before.id, {
      title: 'Mesh node shows an orange light after update',
      body: 'One quollnode of the mesh glows orange instead of white since the firmware update.',
      tags: ['mesh'],
    })

    // Search answers from FTS5, current with every write.
    const fallback = await searchThreads({ q: 'quollthermo', status: 'resolved' })
    expect(fallback.backend).toBe('sqlite-fts')
    expect(fallback.hits.map((h) => h.id)).toEqual([during.id])
    expect(fallback.hits[0]!.titleHtml).toBe('Thermostat offline after router swap')
    expect(fallback.hits[0]!.snippetHtml).toContain('<mark>quollthermo</mark>')
    const edited = await searchThreads({ q: 'quollnode firmware', status: 'all' })
    expect(edited.hits.map((h) => h.id)).toEqual([before.id])

    // The worker fails, keeps the rows pending with a backoff, and health says degraded.
    const failed = await drainOutboxOnce()
    expect(failed.error).toBeDefined()
    const rows = db.select().from(searchOutbox).where(isNull(searchOutbox.processedAt)).all()
    expect(rows.length).toBeGreaterThanOrEqual(4)
    for (const row of rows) {
      expect(row.attempts).toBe(1)
      expect(row.lastError).toBeTruthy()
      expect(row.availableAt).toBeGreaterThan(Date.now())
    }
    const degraded = await searchHealth()
    expect(degraded).toMatchObject({ backend: 'sqlite-fts', status: 'degraded' })
    expect(degraded.outbox.pending).toBe(rows.length)

    makeQuestion(asker, {
      title: 'Doorbell chime too quiet',
      body: 'The quollchime indoor chime is barely audible even at the loudest setting.',
      tags: ['doorbell'],
    })
    await new Promise((resolve) => setTimeout(resolve, 5))
    const later = await searchHealth()
    expect(later.outbox.pending).toBe(rows.length + 1)
    expect(later.outbox.oldestPendingAgeMs!).toBeGreaterThan(degraded.outbox.oldestPendingAgeMs!)

    // Meilisearch comes back (same data, same key): the rows drain once their backoff is due.
    await search.meili.start()
    const recovered = await drainOutbox({ now: Date.now() + 60_000 })
    expect(recovered.error).toBeUndefined()
    expect(recovered.threads).toBe(3)
    expect((await searchHealth()).outbox.pending).toBe(0)

    const back = await searchThreads({ q: 'quollthermo', status: 'resolved' })
    expect(back.backend).toBe('meilisearch')
    expect(back.hits.map((h) => h.id)).toEqual([during.id])
    const report = await checkSearchIndex({ db, meili: meilisearchBackend() })
    expect(report.meilisearch).toEqual({ missing: [], stale: [], extra: [] })
    expect(report.fts).toEqual({ missing: [], stale: [], extra: [] })
    expect(await searchHealth()).toMatchObject({ backend: 'meilisearch', status: 'ok' })
  })

  it('answers from FTS5 when Meilisearch is too slow', async () => {
    const asker = makeUser()
    const question = makeQuestion(asker, {
      title: 'App login loops back to the start',
      body: 'Signing in to the quolllogin app returns me to the welcome screen every time.',
      tags: ['app'],
    })
    expect((await drainOutbox()).error).toBeUndefined()

    // The same Meilisearch behind a proxy that holds every search for 3 s: really slow, not mocked.
    const slow = await slowSearchProxy(search.meili.host, 3_000)
    await stopSearch()
    await startSearch({
      meilisearch: { host: slow.host, apiKey: search.meili.apiKey },
      worker: false,
      timeouts: { searchMs: 300 },
      log: () => {},
    })
    try {
      const result = await searchThreads({ q: 'quolllogin', status: 'all' })
      expect(result.backend).toBe('sqlite-fts')
      expect(result.hits.map((h) => h.id)).toEqual([question.id])
      const heldBefore = slow.held
      // The breaker is open: the next request does not wait on Meilisearch at all.
      expect((await searchThreads({ q: 'quolllogin', status: 'all' })).backend).toBe('sqlite-fts')
      expect(slow.held).toBe(heldBefore)
      expect(await searchHealth()).toMatchObject({ backend: 'sqlite-fts', status: 'degraded' })
    } finally {
      await stopSearch()
      await slow.close()
      await startSearch({
        meilisearch: { host: search.meili.host, apiKey: search.meili.apiKey },
        worker: false,
        timeouts: { searchMs: 5000 },
        log: () => {},
      })
    }
  })
})
