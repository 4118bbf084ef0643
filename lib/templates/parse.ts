import type { Liquid, Template as LiquidTemplate } from 'liquidjs';
import { engines } from '@/lib/templates/engine';
import { issueOf, type TemplateField, type TemplateIssue } from '@/lib/templates/errors';

/** The editable text of a template; null/absent optional parts are simply not there. */
export interface TemplateSource {
  subject: string;
  preheader?: string | null;
  htmlBody: string;
  textBody?: string | null;
}

export type ParsedFields = Partial<Record<TemplateField, LiquidTemplate[]>>;

/** Which engine parses a field: values in the HTML body are escaped, everything else is plain text. */
export const engineFor = (field: TemplateField): Liquid => (field === 'htmlBody' ? engines().html : engines().text);

/** Parses every present field once; each field that does not parse yields one issue with its line and column. */
export function parseTemplateFields(source: TemplateSource): { parsed: ParsedFields; issues: TemplateIssue[] } {
  const parsed: ParsedFields = {};
  const issues: TemplateIssue[] = [];
  const fields: [TemplateField, string | null | undefined][] = [
    ['subject', source.subject],
    ['preheader', source.preheader],
    ['htmlBody', source.htmlBody],
    ['textBody', source.textBody],
  ];
  for (const [field, text] of fields) {
    if (!text) continue;
    try {
      parsed[field] = engineFor(field).parse(text);
    } catch (err) {
      issues.push(issueOf(field, err));
    }
  }
  return { parsed, issues };
}
