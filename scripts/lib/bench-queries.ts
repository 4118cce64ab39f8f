// Queries the benchmarks send: what people type into /search (a few words of a thread's title,
// now and then with a typo), drawn with the benchmarks' seeded PRNG.
import type { Rng } from './bench.ts'

/** 1–4 consecutive content words of a title; about a quarter get a typo in a long word. */
export function makeQuery(r: Rng, title: string): { q: string; typo: boolean } {
  const words = (title.match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? []).filter(
    (w) => w.length >= 3 && !/^(the|and|for|how|can|does|with|not|why|when|what|from)$/i.test(w),
  )
  if (words.length === 0) return { q: title.slice(0, 20), typo: false }
  const roll = r.next()
  const length = Math.min(words.length, roll < 0.3 ? 1 : roll < 0.65 ? 2 : roll < 0.9 ? 3 : 4)
  const start = r.int(words.length - length + 1)
  const picked = words.slice(start, start + length).map((w) => w.toLowerCase())
  const long = picked.map((w, i) => ({ w, i })).filter(({ w }) => w.length >= 5)
  if (long.length === 0 || !r.chance(0.25)) return { q: picked.join(' '), typo: false }
  const { w, i } = r.pick(long)
  const at = 1 + r.int(w.length - 2)
  const kind = r.int(3)
  const typo =
    kind === 0
      ? `${w.slice(0, at)}${w[at + 1] ?? ''}${w[at] ?? ''}${w.slice(at + 2)}` // swap two letters
      : kind === 1
        ? `${w.slice(0, at)}${w.slice(at + 1)}` // drop one
        : `${w.slice(0, at)}${String.fromCharCode(97 + r.int(26))}${w.slice(at + 1)}` // replace one
  picked[i] = typo
  return { q: picked.join(' '), typo: true }
}
