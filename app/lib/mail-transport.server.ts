// Sending one message through the admin's SMTP server with nodemailer. Timeouts are short: the
// delivery job retries a slow or failing server later from the outbox, it never waits long.
import nodemailer from 'nodemailer'
import type { SmtpSettings } from '#app/models/site-settings.server.ts'

export interface OutgoingMail {
  to: string
  subject: string
  text: string
  html: string
  /** RFC 8058 one-click unsubscribe: the URL a mail client POSTs to. */
  unsubscribeUrl: string | null
}

export type MailTransport = ReturnType<typeof smtpTransport>

export function smtpTransport(smtp: SmtpSettings) {
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  })
}

export async function sendMail(transport: MailTransport, from: string, mail: OutgoingMail) {
  await transport.sendMail({
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    headers: mail.unsubscribeUrl
      ? {
          'List-Unsubscribe': `<${mail.unsubscribeUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        }
      : {},
  })
}
