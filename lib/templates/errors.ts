import { LiquidError } from 'liquidjs';
import { describeIssue, type TemplateField, type TemplateIssue } from '@/lib/templates/issues';

export type { TemplateField, TemplateIssue } from '@/lib/templates/issues';

/** Liquid appends ", line:2, col:3" to its messages; the position travels separately here. */
const stripPosition = (message: string) => message.replace(/,\s*line:\d+,\s*col:\d+\s*$/, '');

/** Turns anything Liquid threw into an issue of `field`; errors without a token point at the field's start. */
export function issueOf(field: TemplateField, err: unknown): TemplateIssue {
  if (LiquidError.is(err)) {
    const [line, column] = err.token?.getPosition?.() ?? [1, 1];
    const message = stripPosition(err.originalError?.message ?? err.message);
    return { field, line, column, message };
  }
  return { field, line: 1, column: 1, message: err instanceof Error ? err.message : String(err) };
}

/** One or more fields do not parse; the caller shows each issue beside its field. */
export class TemplateSyntaxError extends Error {
  constructor(readonly issues: TemplateIssue[]) {
    super(`Template syntax error in ${issues[0].field} at ${describeIssue(issues[0])}`);
    this.name = 'TemplateSyntaxError';
  }
}

/** A template that parsed but failed while rendering (a limit was hit, a filter refused its input). */
export class TemplateRenderError extends Error {
  constructor(readonly issue: TemplateIssue) {
    super(`Template could not be rendered (${issue.field}, ${describeIssue(issue)})`);
    this.name = 'TemplateRenderError';
  }
}
