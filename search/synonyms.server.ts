// The synonym groups of search/synonyms.json, in the shapes the two backends want.
// Imported (not read from disk) so the Remix server bundle carries it along.
import synonymsFile from './synonyms.json' with { type: 'json' }
import { queryChunks } from './query.ts'

export const SYNONYM_GROUPS: readonly string[][] = synonymsFile.groups.map((group) =>
  group.map((word) => word.toLowerCase().trim()).filter(Boolean),
)

/** Meilisearch's synonyms setting: every word of a group maps to the others. */
export function meiliSynonyms(): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const group of SYNONYM_GROUPS) {
    for (const word of group) {
      out[word] = [...new Set([...(out[word] ?? []), ...group.filter((w) => w !== word)])]
    }
  }
  return out
}

// For FTS5: a typed word (its tokens joined by spaces) → the token lists of its synonyms.
const tokenSynonyms = new Map<string, string[][]>()
for (const group of SYNONYM_GROUPS) {
  const members = group.map((word) => queryChunks(word).flat()).filter((t) => t.length > 0)
  for (const member of members) {
    const key = member.join(' ')
    const others = members.filter((m) => m.join(' ') !== key)
    tokenSynonyms.set(key, [...(tokenSynonyms.get(key) ?? []), ...others])
  }
}

export function synonymsOf(tokens: string[]): string[][] {
  return tokenSynonyms.get(tokens.join(' ')) ?? []
}
