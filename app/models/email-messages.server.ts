// The words of Peerdesk's e-mail: a notification as it happens, the daily digest, plain messages.
// Each message comes as plain text and as HTML with the same content, ends with why it was sent
// and a one-click unsubscribe link, and links back with absolute URLs (the site's PUBLIC_URL).
import { formatMoment } from '#app/lib/dates.ts'

/** A notification as an e-mail tells it (from the notification row and what it points at). */
export interface MailedNotification {
  id: number
  kind: string
  createdAt: number
  actorName: string | null
  questionTitle: string | null
  answerId: number | null
  commentId: number | null
  badgeName: string | null
}

export interface RenderedMail {
  subject: string
  text: string
  html: string
}

export interface MailContext {
  /** The site's origin for absolute links, e.g. https://help.example.com */
  origin: string
  recipientName: string
  unsubscribeUrl: string
}

const escapeHtml = (s: string) =>
  s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')

/**
 * What happened, in one sentence, and a subject line. The same wording as /notifications
 * (app/routes/notifications.tsx); kinds added later read as "something new".
 */
export function describeNotification(n: MailedNotification): { sentence: string; subject: string } {
  const who = n.actorName ?? 'Someone'
  const where = n.questionTitle != null ? `“${n.questionTitle}”` : 'a deleted question'
  const post = n.answerId != null ? 'your answer' : 'your question'
  switch (n.kind) {
    case 'answer_on_question':
      return {
        sentence: `${who} answered your question ${where}.`,
        subject: `New answer to ${where}`,
      }
    case 'comment_on_post':
      return {
        sentence: `${who} commented on ${post} in ${where}.`,
        subject: `New comment on ${where}`,
      }
    case 'answer_accepted':
      return {
        sentence: `${who} accepted your answer to ${where}.`,
        subject: `Your answer to ${where} was accepted`,
      }
    case 'answer_official':
      return {
        sentence: `${who} marked your answer to ${where} as the official answer.`,
        subject: `Your answer to ${where} is now the official answer`,
      }
    case 'mention':
      return {
        sentence: `${who} mentioned you ${n.commentId != null ? 'in a comment on' : 'in'} ${where}.`,
        subject: `${who} mentioned you in ${where}`,
      }
    case 'badge_earned':
      return n.badgeName
        ? {
            sentence: `You earned the “${n.badgeName}” badge.`,
            subject: `You earned the “${n.badgeName}” badge`,
          }
        : { sentence: 'You earned a badge.', subject: 'You earned a badge' }
    case 'question_routed':
      return {
        sentence: `${who} asked ${where} in a tag you answer. Can you help?`,
        subject: `A question for you: ${where}`,
      }
    case 'question_escalated':
      return {
        sentence: `${where} is still unanswered at the first-response target and was escalated to staff.`,
        subject: `Escalated: ${where}`,
      }
    case 'private_case_message':
      // Only that there is a message: its text stays on the site, behind the log-in.
      return {
        sentence: `There is a new message in your private case on ${where}.`,
        subject: `New message in your private case`,
      }
    default:
      return {
        sentence: `Something new in ${where}.`,
        subject: `Something new in ${where}`,
      }
  }
}

/** Where the mail's link goes: the notification's own opener, which marks it read. */
export const notificationUrl = (origin: string, notificationId: number) =>
  new URL(`/notifications/${notificationId}/open`, origin).toString()

function footer(context: MailContext, why: string) {
  const settings = new URL('/notifications', context.origin).toString()
  return {
    text: [
      '-- ',
      why,
      `Choose immediate, daily or no e-mail: ${settings}`,
      `Unsubscribe from all Peerdesk e-mail: ${context.unsubscribeUrl}`,
    ].join('\n'),
    html:
      `<hr><p style="color:#555;font-size:13px">${escapeHtml(why)}<br>` +
      `<a href="${escapeHtml(settings)}">Choose immediate, daily or no e-mail</a> · ` +
      `<a href="${escapeHtml(context.unsubscribeUrl)}">Unsubscribe</a></p>`,
  }
}

const page = (body: string) =>
  `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5">${body}</body></html>`

/** One notification, sent as it happens. */
export function notificationMail(n: MailedNotification, context: MailContext): RenderedMail {
  const { sentence, subject } = describeNotification(n)
  const url = notificationUrl(context.origin, n.id)
  const end = footer(context, 'You get this e-mail because you chose e-mail for each notification.')
  return {
    subject,
    text: [
      `Hello ${context.recipientName},`,
      '',
      sentence,
      '',
      `Open it: ${url}`,
      '',
      end.text,
    ].join('\n'),
    html: page(
      `<p>Hello ${escapeHtml(context.recipientName)},</p>` +
        `<p>${escapeHtml(sentence)}</p>` +
        `<p><a href="${escapeHtml(url)}">Open it on Peerdesk</a></p>${end.html}`,
    ),
  }
}

/** The daily digest: every unread notification since the last one, oldest first. */
export function digestMail(items: MailedNotification[], context: MailContext): RenderedMail {
  const lines = items.map((n) => ({
    sentence: describeNotification(n).sentence,
    when: formatMoment(n.createdAt),
    url: notificationUrl(context.origin, n.id),
  }))
  const count = items.length === 1 ? '1 new notification' : `${items.length} new notifications`
  const end = footer(context, 'You get this e-mail because you chose a daily digest.')
  return {
    subject: `Your Peerdesk digest: ${count}`,
    text: [
      `Hello ${context.recipientName},`,
      '',
      `Since your last digest you have ${count}:`,
      '',
      ...lines.flatMap((l) => [`* ${l.sentence} (${l.when})`, `  ${l.url}`]),
      '',
      end.text,
    ].join('\n'),
    html: page(
      `<p>Hello ${escapeHtml(context.recipientName)},</p>` +
        `<p>Since your last digest you have ${escapeHtml(count)}:</p><ul>` +
        lines
          .map(
            (l) =>
              `<li><a href="${escapeHtml(l.url)}">${escapeHtml(l.sentence)}</a> ` +
              `<span style="color:#555">${escapeHtml(l.when)}</span></li>`,
          )
          .join('') +
        `</ul>${end.html}`,
    ),
  }
}

/**
 * A message written as plain text (a claim link, the account mail of account-links.server.ts),
 * also as HTML: its paragraphs, with each address in it a link.
 */
export function plainMail(message: { subject: string; text: string }): RenderedMail {
  const paragraphs = message.text
    .split('\n\n')
    .map((p) => `<p>${linkify(escapeHtml(p)).replaceAll('\n', '<br>')}</p>`)
    .join('')
  return { subject: message.subject, text: message.text, html: page(paragraphs) }
}

// Escaped text holds no quote or angle bracket, so an address ends at white space.
const linkify = (escaped: string) =>
  escaped.replace(/https?:\/\/[^\s]+/g, (url) => `<a href="${url}">${url}</a>`)

// ── Account mail (account-links.server.ts) ─────────────────────────────────────────────────
// Each goes to an address somebody typed: it says what was asked and that nothing happens if the
// reader did not ask.

const NOT_YOU = 'If this was not you, ignore this message: nothing changes.'

export function signupConfirmMail(m: { handle: string; url: string; hours: number }) {
  return plainMail({
    subject: 'Confirm your e-mail to finish joining Peerdesk',
    text: [
      `Someone, hopefully you, asked to join Peerdesk as @${m.handle} with this address.`,
      `Open this link to create the account (it works once, for ${m.hours} hours):\n${m.url}`,
      NOT_YOU,
    ].join('\n\n'),
  })
}

export function signupTakenMail(m: { handle: string; loginUrl: string; resetUrl: string }) {
  return plainMail({
    subject: 'You already have a Peerdesk account',
    text: [
      `Someone, hopefully you, asked to join Peerdesk with this address, which already has an account: @${m.handle}.`,
      `Log in here:\n${m.loginUrl}`,
      `Forgot your password? Choose a new one here:\n${m.resetUrl}`,
      NOT_YOU,
    ].join('\n\n'),
  })
}

export function passwordResetMail(m: { handle: string; url: string; minutes: number }) {
  return plainMail({
    subject: 'Choose a new Peerdesk password',
    text: [
      `Someone, hopefully you, asked to reset the password of @${m.handle} on Peerdesk.`,
      `Open this link to choose a new one (it works once, for ${m.minutes} minutes):\n${m.url}`,
      NOT_YOU,
    ].join('\n\n'),
  })
}

export function passwordChangedMail(m: { handle: string; resetUrl: string }) {
  return plainMail({
    subject: 'Your Peerdesk password was changed',
    text: [
      `The password of @${m.handle} on Peerdesk was just changed, and every device that was logged in was logged out.`,
      `If this was not you, choose a new password at once:\n${m.resetUrl}`,
    ].join('\n\n'),
  })
}

/** The settings page's test message. */
export function testMail(origin: string): RenderedMail {
  const text = `This is a test message from Peerdesk (${origin}). E-mail works.`
  return { subject: 'Peerdesk test message', text, html: page(`<p>${escapeHtml(text)}</p>`) }
}
