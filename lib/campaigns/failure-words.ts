import type { Formatter } from '@/lib/format';

/**
 * The failures beside the sent count: a bounced message was sent first and counts in both, so the words say how many
 * of the failures bounced after sending, and the two figures never look like more messages than recipients.
 */
export function failedInWords(f: Pick<Formatter, 'number'>, failed: number, bounced: number): string {
  if (!bounced) return `${f.number(failed)} failed`;
  if (bounced === failed) return `${f.number(failed)} failed, all bounced after sending`;
  return `${f.number(failed)} failed: ${f.number(failed - bounced)} not sent, ${f.number(bounced)} bounced after sending`;
}
