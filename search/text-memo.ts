// Stems of the texts the similar-questions look-up reads, kept by the text itself: a popular
// thread is a candidate for many askers, and tokenizing and stemming its title, body and answers
// was most of the look-up's JavaScript time. Keyed by the whole text, so an edited thread is a
// new key (never a stale answer); bounded by characters, per look-up thread and per use.
import { LRUCache } from 'lru-cache'

const MIN_CHARS = 64 // shorter texts cost less to stem again than to keep
const MAX_CHARS = 8_000_000 // the texts kept plus ~8 characters' worth per stem

/** `stemsOf`, remembered for texts of MIN_CHARS or more (callers must not change the result). */
export function memoStems(
  stemsOf: (text: string) => string[],
  maxChars = MAX_CHARS,
): (text: string) => readonly string[] {
  const cache = new LRUCache<string, string[]>({
    maxSize: maxChars,
    sizeCalculation: (stems, text) => text.length + stems.length * 8,
  })
  return (text) => {
    if (text.length < MIN_CHARS) return stemsOf(text)
    let stems = cache.get(text)
    if (stems === undefined) {
      stems = stemsOf(text)
      cache.set(text, stems)
    }
    return stems
  }
}
