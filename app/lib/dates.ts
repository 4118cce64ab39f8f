// A moment as people read it in a sentence ("8 December 2026 at 09:00 UTC"), the same on the
// server and in the browser (UTC, so hydration never disagrees).
const MOMENT = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'UTC',
})

export const formatMoment = (ms: number) => `${MOMENT.format(ms)} UTC`
