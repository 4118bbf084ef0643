/** Template problems as plain data, free of the Liquid engine so the browser editor can import them too. */

export const TEMPLATE_FIELDS = ['subject', 'preheader', 'htmlBody', 'textBody'] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];

/** Where in which field a template went wrong, as the editor shows it beside the field. */
export interface TemplateIssue {
  field: TemplateField;
  line: number;
  column: number;
  message: string;
}

/** A name the template uses that nothing will fill: shown to the author, never blocking a save. */
export interface TemplateWarning extends TemplateIssue {
  variable: string;
}

export const describeIssue = (i: TemplateIssue) => `Line ${i.line}, column ${i.column}: ${i.message}`;
