const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
}

export function escapeXml(text: string) {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch]!)
}

export const isoDate = (ms: number) => new Date(ms).toISOString()
