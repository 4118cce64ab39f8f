// The benchmarks' client side: one HTTP request on a keep-alive agent, a closed load loop of
// concurrent tasks (HTTP or in-process) with latency percentiles and the CPU each process used,
// and the bare node:http server that answers fixed bytes as the reference for pages.
//
// No autocannon or wrk: the loops need per-request URLs, X-Cache checks, session cookies and
// in-process tasks (FTS5) timed the same way, which a plain loop gives without a dependency.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import {
  addCleanup,
  isInterrupted,
  LOOPBACK,
  percentile,
  processCpuSeconds,
  stopChild,
  type AppServer,
} from './bench.ts'

const REQUEST_TIMEOUT_MS = 30_000
/** Hard bounds on every measuring loop, whatever the options say. */
export const MAX_REQUESTS_PER_RUN = 2_000_000
export const MAX_RUN_SECONDS = 900

// ---------------------------------------------------------------- one request

export interface Reply {
  status: number
  headers: http.IncomingHttpHeaders
  bytes: number
  body: Buffer | null
}

export interface RequestOptions {
  method?: 'GET' | 'POST'
  path: string
  headers?: http.OutgoingHttpHeaders
  body?: string
  keepBody?: boolean
  /** Give up after this long (30 s). */
  timeoutMs?: number
}

/** One request to 127.0.0.1:port; counts the body's bytes (and keeps them if asked). */
export function send(agent: http.Agent, port: number, options: RequestOptions): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = { ...options.headers }
    if (options.body != null) headers['Content-Length'] = Buffer.byteLength(options.body)
    const request = http.request(
      { host: LOOPBACK, port, path: options.path, method: options.method ?? 'GET', agent, headers },
      (response) => {
        const chunks: Buffer[] = []
        let bytes = 0
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length
          if (options.keepBody) chunks.push(chunk)
        })
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            bytes,
            body: options.keepBody ? Buffer.concat(chunks) : null,
          }),
        )
        response.on('error', reject)
      },
    )
    const timeout = options.timeoutMs ?? REQUEST_TIMEOUT_MS
    request.setTimeout(timeout, () =>
      request.destroy(new Error(`${options.path}: no answer in ${timeout} ms`)),
    )
    request.on('error', reject)
    request.end(options.body)
  })
}

export const header = (reply: Reply, name: string) => {
  const value = reply.headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}

/** POST JSON to a URL on a kept-alive agent; rejects unless the answer is 2xx. */
export function postJson<T>(
  agent: http.Agent,
  url: string,
  apiKey: string,
  body: unknown,
): Promise<T> {
  const payload = JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(payload),
          Authorization: `Bearer ${apiKey}`,
        },
      },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          const status = response.statusCode ?? 0
          if (status >= 200 && status < 300) resolve(JSON.parse(text) as T)
          else reject(new Error(`POST ${url} answered ${status}: ${text.slice(0, 200)}`))
        })
        response.on('error', reject)
      },
    )
    request.setTimeout(REQUEST_TIMEOUT_MS, () =>
      request.destroy(new Error(`${url}: no answer in ${REQUEST_TIMEOUT_MS} ms`)),
    )
    request.on('error', reject)
    request.end(payload)
  })
}

// ---------------------------------------------------------------- the load loop

/** What one task reports: a failure, or what it saw. */
export interface Sample {
  failure?: string
  status?: number
  cache?: string
  bytes?: number
  /** Its own time when the task did more than the timed part (a write before a read). */
  ms?: number
}

/** A reply as a Sample: a failure unless its status is one of `ok`. */
export function sampleOf(path: string, reply: Reply, ok: readonly number[] = [200]): Sample {
  return {
    status: reply.status,
    cache: header(reply, 'x-cache') ?? '-',
    bytes: reply.bytes,
    failure: ok.includes(reply.status) ? undefined : `${path} answered ${reply.status}`,
  }
}

export interface LoadOptions {
  concurrency: number
  seconds: number
  maxRequests?: number
  /** The i-th task; null when there is nothing left to do (the run ends). */
  task: (i: number) => Promise<Sample | null>
  /** Processes whose CPU use is measured over the run (the server's: each of its workers). */
  pids?: { server?: number | readonly number[]; meili?: number }
}

export interface LoadResult {
  requests: number
  seconds: number
  rps: number
  p50: number
  p95: number
  p99: number
  max: number
  failures: number
  firstFailure: string | null
  statuses: Map<number, number>
  cache: Map<string, number>
  bytes: number
  /** Cores used over the run (1 = one core busy the whole time). */
  clientCpu: number
  serverCpu: number
  meiliCpu: number
}

/** A closed loop of `concurrency` workers, bounded by seconds and by request count. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const maxRequests = Math.min(options.maxRequests ?? MAX_REQUESTS_PER_RUN, MAX_REQUESTS_PER_RUN)
  const seconds = Math.min(options.seconds, MAX_RUN_SECONDS)
  const { server, meili } = options.pids ?? {}
  const latencies: number[] = []
  const statuses = new Map<number, number>()
  const cache = new Map<string, number>()
  let issued = 0
  let failures = 0
  let firstFailure: string | null = null
  let bytes = 0
  let last = 0
  const cpu0 = process.cpuUsage()
  const serverSeconds = () =>
    (Array.isArray(server) ? server : [server]).reduce<number>(
      (sum, pid) => sum + processCpuSeconds(pid),
      0,
    )
  const server0 = serverSeconds()
  const meili0 = processCpuSeconds(meili)
  const start = performance.now()
  const deadline = start + seconds * 1000
  let ended = false
  const worker = async () => {
    while (!ended && !isInterrupted() && issued < maxRequests && performance.now() < deadline) {
      // Something is broken: stop early rather than time errors.
      if (failures > 100 && failures > latencies.length / 100) return
      const i = issued++
      const t0 = performance.now()
      try {
        const sample = await options.task(i)
        if (!sample) {
          ended = true
          return
        }
        const t1 = performance.now()
        latencies.push(sample.ms ?? t1 - t0)
        last = t1
        bytes += sample.bytes ?? 0
        if (sample.status != null) {
          statuses.set(sample.status, (statuses.get(sample.status) ?? 0) + 1)
        }
        if (sample.cache != null) cache.set(sample.cache, (cache.get(sample.cache) ?? 0) + 1)
        if (sample.failure) {
          failures++
          firstFailure ??= sample.failure
        }
      } catch (error) {
        failures++
        firstFailure ??= (error as Error).message
      }
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, worker))
  const elapsed = Math.max(1e-6, ((last || performance.now()) - start) / 1000)
  const cpu = process.cpuUsage(cpu0)
  const sorted = Float64Array.from(latencies).sort()
  return {
    requests: latencies.length,
    seconds: elapsed,
    rps: latencies.length / elapsed,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
    failures,
    firstFailure,
    statuses,
    cache,
    bytes,
    clientCpu: (cpu.user + cpu.system) / 1e6 / elapsed,
    serverCpu: (serverSeconds() - server0) / elapsed,
    meiliCpu: (processCpuSeconds(meili) - meili0) / elapsed,
  }
}

// ---------------------------------------------------------------- the bare server

// The reference for pages: node:http answering fixed bytes with fixed headers, nothing else. It
// runs as a child process so client and server sit in separate processes, as with server.ts.
const BARE_SERVER = `
import fs from 'node:fs'
import http from 'node:http'
const body = fs.readFileSync(process.env.BARE_BODY)
const status = Number(process.env.BARE_STATUS)
const headers = { ...JSON.parse(fs.readFileSync(process.env.BARE_HEADERS, 'utf8')), 'content-length': body.length }
const server = http.createServer((req, res) => {
  req.resume()
  res.writeHead(status, headers)
  res.end(body)
})
server.listen(0, '${LOOPBACK}', () => process.stdout.write(server.address().port + '\\n'))
process.on('SIGTERM', () => {
  server.closeAllConnections()
  server.close(() => process.exit(0))
})
`

/** Headers that belong to one connection or one response, not to the bytes a page is. */
const HOP_HEADERS = ['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']

/** A reply's headers as the bare server sends them (hop-by-hop ones left out). */
export function replayableHeaders(reply: Reply): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(reply.headers)) {
    if (value === undefined || HOP_HEADERS.includes(name)) continue
    out[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return out
}

/** A bare node:http server (child process) answering `body` with `headers` and `status`. */
export async function startBareServer(
  dir: string,
  body: Buffer,
  headers: Record<string, string>,
  status = 200,
) {
  const stamp = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`
  const bodyFile = path.join(dir, `bare-body-${stamp}`)
  const headersFile = path.join(dir, `bare-headers-${stamp}.json`)
  fs.writeFileSync(bodyFile, body)
  fs.writeFileSync(headersFile, JSON.stringify(headers))
  const child = spawn(process.execPath, ['--input-type=module', '-e', BARE_SERVER], {
    env: {
      ...process.env,
      BARE_BODY: bodyFile,
      BARE_HEADERS: headersFile,
      BARE_STATUS: String(status),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const stop = async () => {
    await stopChild(child)
    fs.rmSync(bodyFile, { force: true })
    fs.rmSync(headersFile, { force: true })
  }
  addCleanup(stop)
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the bare server did not start in 10 s')),
      10_000,
    )
    let out = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8')
      const line = out.split('\n')[0]
      if (out.includes('\n') && line) {
        clearTimeout(timer)
        resolve(Number(line))
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the bare server exited ${code}`))
    })
  })
  return { child, port, stop } satisfies AppServer
}
