// A preload for the benchmarked server (`node --import tsx --import ./scripts/lib/event-loop-probe.ts
// server.ts`): it measures the event loop's delay inside the server without touching the app.
// On SIGUSR2 (and at exit) it writes the histogram since the previous report to a file of this
// process's own (loopFileOf: BENCH_LOOP_FILE and the pid, so each worker of a cluster, which
// inherits the preload, reports its own loop), with a sequence number the benchmark waits for,
// then starts afresh: the benchmark signals each serving process before a measurement and after.
import fs from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'

/** What the probe writes; times in milliseconds. */
export interface LoopReport {
  seq: number
  samples: number
  maxMs: number
  p50Ms: number
  p99Ms: number
  meanMs: number
}

/** Where the process `pid` writes its reports. */
export const loopFileOf = (base: string, pid: number) => `${base}.${pid}.json`

const base = process.env.BENCH_LOOP_FILE
if (base) {
  const file = loopFileOf(base, process.pid)
  // 1 ms resolution: the 10 ms budget must show, and the timer costs little at that rate.
  const histogram = monitorEventLoopDelay({ resolution: 1 })
  histogram.enable()
  let seq = 0
  const report = () => {
    const ms = (ns: number) => (Number.isFinite(ns) ? ns / 1e6 : 0)
    const out: LoopReport = {
      seq: ++seq,
      samples: histogram.count,
      maxMs: histogram.count ? ms(histogram.max) : 0,
      p50Ms: histogram.count ? ms(histogram.percentile(50)) : 0,
      p99Ms: histogram.count ? ms(histogram.percentile(99)) : 0,
      meanMs: histogram.count ? ms(histogram.mean) : 0,
    }
    // Written whole, then renamed: the benchmark never reads half a report.
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(out))
    fs.renameSync(`${file}.tmp`, file)
    histogram.reset()
  }
  process.on('SIGUSR2', report)
  process.on('exit', report)
}
