// The asker's text as a sentence vector, for the semantic signal of similar questions. Which
// encoder answers is set where search starts (the encoder thread in the server; a script may set
// its own); until one is set, or while it cannot answer, there is no vector and the ranking uses
// its keyword signals alone.
import { queryEncodedText } from './sentence-encoder.ts'

export type QueryEncoder = (text: string) => Promise<Float32Array | null>

const noEncoder: QueryEncoder = async () => null
let current: QueryEncoder = noEncoder

export function setQueryEncoder(encoder: QueryEncoder | null): void {
  current = encoder ?? noEncoder
}

/** The vector of what the asker typed (its title and opening, cut), or null when none answers. */
export function encodeQuery(text: string): Promise<Float32Array | null> {
  return current(queryEncodedText(text))
}
