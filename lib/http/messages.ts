/**
 * Plain words for the problems a schema names no message of its own for: zod's defaults read
 * "Invalid input: expected string, received undefined", which tells a person filling a form nothing.
 * A message a schema gives (as most of ours do) always wins over these.
 */
import { z } from 'zod';

type Issue = z.core.$ZodRawIssue;

const KINDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  date: 'a date',
  bigint: 'a whole number',
};

const kind = (expected: string) => KINDS[expected] ?? expected;

const listed = (values: readonly unknown[]) => values.map((v) => (typeof v === 'string' ? `"${v}"` : String(v))).join(', ');

/** The message for one issue, or undefined to keep zod's. */
export function plainMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return 'Required';
      if (issue.input === null) return `Give ${kind(issue.expected)}, not null`;
      // NaN and Infinity, or a blank field coerced to a number.
      if (issue.expected === 'number' && typeof issue.input === 'number') return 'Enter a number';
      return `Expected ${kind(issue.expected)}`;
    }
    case 'invalid_value':
      return issue.values.length === 1 ? `Must be ${listed(issue.values)}` : `Choose one of ${listed(issue.values)}`;
    case 'too_small':
    case 'too_big': {
      const most = issue.code === 'too_big';
      const bound = Number(issue.code === 'too_big' ? issue.maximum : issue.minimum);
      const inclusive = issue.inclusive !== false;
      const word = most ? (inclusive ? 'At most' : 'Less than') : inclusive ? 'At least' : 'More than';
      if (issue.origin === 'string') return bound === 1 && !most ? 'Required' : `${word} ${bound.toLocaleString('en-US')} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `${word} ${bound.toLocaleString('en-US')} item${bound === 1 ? '' : 's'}`;
      return `${word} ${bound.toLocaleString('en-US')}`;
    }
    case 'invalid_format':
      if (issue.format === 'uuid' || issue.format === 'guid') return 'Not a valid id';
      if (issue.format === 'email') return 'Enter an email address';
      if (issue.format === 'datetime') return 'Use an ISO 8601 date and time, e.g. 2026-01-31T09:00:00Z';
      if (issue.format === 'date') return 'Use the format YYYY-MM-DD';
      if (issue.format === 'url') return 'Enter a URL';
      return undefined;
    case 'unrecognized_keys':
      return `Unknown field${issue.keys.length === 1 ? '' : 's'}: ${issue.keys.join(', ')}`;
    default:
      return undefined;
  }
}

z.config({ customError: plainMessage });
