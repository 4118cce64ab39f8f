/** URL slug of a title: lowercase ASCII words joined by hyphens, at most 80 characters. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '')
  // 'edit' is a page of its own under /questions/:id/.
  if (!slug || slug === 'edit') return `${slug || 'question'}${slug ? '-question' : ''}`
  return slug
}
