// Stems of the texts the similar-questions look-up reads, kept by the text itself: a popular
// thread is a candidate for many askers, and tokenizing and stemming its title, body and answers
// was most of the look-up's JavaScript time. Keyed by the whole text, so an edited thread is a
// new key (never a stale answer); bounded by characters, per look-up thread.
import { LRUCache } from 'lru-cache'

const MIN_CHARS = 64 // shorter texts cost less to stem again than to keep

export function memoByText<T extends object>(
  compute: (text: string) => T,
  opts: { maxChars: number; sizeOf: (value: T) => number },
): (text: string) => T {
  const cache = new LRUCache<string, T>({
    maxSize: opts.maxChars,
    sizeCalculation: (value, text) => text.length + opts.sizeOf(value),
  })
  return (text) => {
    if (text.length < MIN_CHARS) return compute(text)
    let value = cache.get(text)
    if (value === undefined) {
      value = compute(text)
      cache.set(text, value)
    }
    return value
  }
}
