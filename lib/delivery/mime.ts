import { MESSAGE_ID_HEADER, type OutgoingEmail } from '@/lib/delivery/outgoing';

/**
 * One RFC 5322 message built in a single pass: multipart/alternative with base64 text and HTML parts. Why not
 * nodemailer's composer: its header normalisation and per-line streams cost about half of its CPU per message,
 * and every email Herald sends has this one shape.
 */

const CRLF = '\r\n';
/** Header values never carry line breaks (no header injection through a subject or a name). */
const oneLine = (v: string) => v.replace(/[\r\n]+/g, ' ');
const PRINTABLE = /^[\x20-\x7e]*$/;
/** Bytes of UTF-8 per encoded word, so each word stays within RFC 2047's 75 characters. */
const WORD_BYTES = 45;

/** A header value as RFC 2047 encoded words (folded onto continuation lines) when it is not plain short ASCII. */
export function encodeHeaderValue(v: string): string {
  if (PRINTABLE.test(v) && v.length <= 900) return v;
  const words: string[] = [];
  let chunk = '';
  for (const ch of v) {
    if (Buffer.byteLength(chunk + ch, 'utf8') > WORD_BYTES) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(`${CRLF} `);
}

const base64Lines = (s: string) => Buffer.from(s, 'utf8').toString('base64').replace(/.{76}(?=.)/g, `$&${CRLF}`);

/** "Name <addr>" → its address (for the envelope) and the header form with an encoded display name. */
export function parseMailbox(mailbox: string): { address: string; header: string } {
  const m = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(mailbox);
  if (!m) return { address: mailbox.trim(), header: mailbox.trim() };
  const name = m[1].replace(/^"|"$/g, '');
  if (!name) return { address: m[2], header: `<${m[2]}>` };
  const shown = PRINTABLE.test(name) ? `"${name.replace(/["\\]/g, '\\$&')}"` : encodeHeaderValue(name);
  return { address: m[2], header: `${shown} <${m[2]}>` };
}

/** The message as bytes for the SMTP DATA command; `messageId` is the Message-ID header (angle brackets included). */
export function buildMime(email: OutgoingEmail, from: string, messageId: string, date = new Date()): Buffer {
  const boundary = `----=_Herald_${messageId.replace(/[^A-Za-z0-9]/g, '').slice(0, 24)}`;
  const headers: string[] = [
    `From: ${parseMailbox(from).header}`,
    `To: <${oneLine(email.to)}>`,
    `Subject: ${encodeHeaderValue(oneLine(email.subject))}`,
    `Date: ${date.toUTCString()}`,
    `Message-ID: ${messageId}`,
    'MIME-Version: 1.0',
  ];
  for (const [k, v] of Object.entries(email.headers ?? {})) headers.push(`${k}: ${encodeHeaderValue(oneLine(v))}`);
  if (email.messageId) headers.push(`${MESSAGE_ID_HEADER}: ${email.messageId}`);
  headers.push(`Content-Type: multipart/alternative; boundary="${boundary}"`);
  const part = (type: string, body: string) =>
    `--${boundary}${CRLF}Content-Type: ${type}; charset=utf-8${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}${base64Lines(body)}${CRLF}`;
  return Buffer.from(headers.join(CRLF) + CRLF + CRLF + part('text/plain', email.text) + part('text/html', email.html) + `--${boundary}--${CRLF}`, 'utf8');
}
