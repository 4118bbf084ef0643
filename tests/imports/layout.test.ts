import { describe, expect, it } from 'vitest';
import { inspectCsv } from '@/lib/imports/layout';
import { HttpError } from '@/lib/http/errors';

const message = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(HttpError);
    return (err as Error).message;
  }
  throw new Error('no error');
};

describe('inspectCsv', () => {
  it('reads the layout and the sample rows of a file start', () => {
    const head = Buffer.from('Email;First name\na@x.org;Ann\nb@x.org;Bo\nc@x.or');
    expect(inspectCsv(head, false)).toEqual({ delimiter: ';', headers: ['Email', 'First name'], sampleRows: [['a@x.org', 'Ann'], ['b@x.org', 'Bo']] });
  });

  it('says a header-only file has no contacts', () => {
    expect(message(() => inspectCsv(Buffer.from('Email,Name\n'), true))).toBe('The file has a header row but no contacts below it.');
  });

  it('says a first contact row too long for the preview is too long, not missing', () => {
    const head = Buffer.from(`Email,Notes\na@x.org,${'n'.repeat(70_000)}`).subarray(0, 64 * 1024);
    expect(message(() => inspectCsv(head, false))).toBe('This file is not a CSV we can import: its first contact row is longer than 64 KB.');
  });

  it('reads a file whose lines end in a lone carriage return, and shows the records the import job will read', () => {
    const head = Buffer.from('\uFEFFEmail,Name\r"a@x.org","Ann, ""A"""\rb@x.org,Bo\rc@x.or');
    expect(inspectCsv(head, false)).toEqual({ delimiter: ',', headers: ['Email', 'Name'], sampleRows: [['a@x.org', 'Ann, "A"'], ['b@x.org', 'Bo']] });
  });

  it('says a file of empty fields is empty, and where a quote never closes', () => {
    expect(message(() => inspectCsv(Buffer.from(',,,\n , ,\n'), true))).toBe('This file is not a CSV we can import: it is empty.');
    expect(message(() => inspectCsv(Buffer.from('Email,Name\na@x.org,"Ann\n'), true))).toMatch(/^This file is not a CSV we can import: row 2 cannot be read \(Quote Not Closed/);
  });
});
