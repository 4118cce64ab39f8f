const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
}

// Characters XML 1.0 forbids anywhere, even as references: one in a title would make the whole
// feed or sitemap unreadable, so they are dropped (control characters, U+FFFE/U+FFFF and lone
// surrogate halves).
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** The text without the characters no XML document may hold. */
export const xmlCharactersOnly = (text: string) => text.replace(NOT_XML, '')

export function escapeXml(text: string) {
  return xmlCharactersOnly(text).replace(/[&<>"']/g, (ch) => ENTITIES[ch]!)
}

export const isoDate = (ms: number) => new Date(ms).toISOString()
