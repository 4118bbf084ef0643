import { db } from '@/lib/db';

/** Rows 2–11 of this file (the header is row 1) cover every way a row can be good or bad. */
export const MIXED_CSV = [
  'Email Address,First Name,Last Name,Phone,Time Zone,Score,Opted In,Tags,Notes',
  'ann@example.com,Ann,Lee,,Europe/London,10,yes,"vip, Early",hello',
  'BOB@Example.COM,Bob,,+44 (7700) 900-123,europe/london,,no,,"multi\nline, note"',
  'not-an-email,Nope,,,,,,,',
  'carl@example.com,Carl,,,Mars/Phobos,,,,',
  'dana@example.com,Dana,,12345,,,,,',
  ',Nameless,,,,,,,',
  'ann@example.com,Annie,,,,,,,',
  'erin@example.com,Erin',
  'fay@example.com,Zoë,,,,abc,,,',
  'gus@example.com,Gus,,,,,maybe,,',
].join('\r\n') + '\r\n';

export const MIXED_REJECTS = [
  { rowNumber: 4, reason: 'Email Address: Enter a valid email address', raw: 'not-an-email,Nope,,,,,,,' },
  { rowNumber: 5, reason: 'Time Zone: Use an IANA time zone, e.g. Europe/London', raw: 'carl@example.com,Carl,,,Mars/Phobos,,,,' },
  { rowNumber: 6, reason: 'Phone: Use E.164 format, e.g. +447700900123', raw: 'dana@example.com,Dana,,12345,,,,,' },
  { rowNumber: 7, reason: 'Email Address: Enter an email address', raw: ',Nameless,,,,,,,' },
  { rowNumber: 9, reason: 'Expected 9 fields like the header row, found 2', raw: 'erin@example.com,Erin' },
  { rowNumber: 10, reason: 'Score: Expected a number', raw: 'fay@example.com,Zoë,,,,abc,,,' },
  { rowNumber: 11, reason: 'Opted In: Expected true or false', raw: 'gus@example.com,Gus,,,,,maybe,,' },
];

export async function declareScore(workspaceId: string) {
  await db.attributeDefinition.create({ data: { workspaceId, key: 'score', label: 'Score', type: 'number' } });
}

/** `n` contacts, every seventh with a bad email, with names that need UTF-8 and quoting. */
export function generatedCsv(n: number, firstRow = 0): string {
  const lines = ['email,first_name,last_name,notes'];
  for (let i = firstRow; i < firstRow + n; i++) {
    const email = i % 7 === 3 ? `broken-${i}` : `user${i}@example.com`;
    lines.push(`${email},Zoë ${i},"O""Brien, ${i}","line one\nline two ✓"`);
  }
  return lines.join('\n') + '\n';
}
