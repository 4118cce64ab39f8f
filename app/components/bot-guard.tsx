// The two fields app/lib/bot-guard.server.ts checks: a honeypot hidden from people (off-screen,
// out of the tab order, hidden from assistive technology, never autofilled) and the signed
// stamp of when the form was served.

export function BotGuardFields({ formStarted }: { formStarted: string }) {
  return (
    <>
      <div className="bot-trap" aria-hidden="true">
        <label>
          Website
          <input type="text" name="website" tabIndex={-1} autoComplete="off" defaultValue="" />
        </label>
      </div>
      <input type="hidden" name="formStarted" value={formStarted} />
    </>
  )
}
