import { badRequest, HttpError } from '@/lib/http/errors';
import { TemplateRenderError, TemplateSyntaxError } from '@/lib/templates/errors';
import { describeIssue, type TemplateField, type TemplateIssue, type TemplateWarning } from '@/lib/templates/issues';
import { engineFor, parseTemplateFields, type ParsedFields, type TemplateSource } from '@/lib/templates/parse';
import { ATTRIBUTES_ROOT, BUILT_IN_VARIABLES } from '@/lib/templates/variables';

export type { TemplateWarning } from '@/lib/templates/issues';

/** Variables no contact field, declared attribute or special placeholder provides, each with where it is used. */
export function unknownVariables(parsed: ParsedFields, attributeKeys: ReadonlySet<string>): TemplateWarning[] {
  const warnings: TemplateWarning[] = [];
  for (const [field, nodes] of Object.entries(parsed) as [TemplateField, NonNullable<ParsedFields[TemplateField]>][]) {
    const { globals } = engineFor(field).analyzeSync(nodes, { partials: false });
    for (const [root, uses] of Object.entries(globals)) {
      for (const use of uses) {
        let unknown: string | null = null;
        if (root === ATTRIBUTES_ROOT) {
          const key = use.segments[1];
          if (typeof key === 'string' && !attributeKeys.has(key)) unknown = `${ATTRIBUTES_ROOT}.${key}`;
        } else if (!BUILT_IN_VARIABLES.has(root) && !attributeKeys.has(root)) {
          unknown = root;
        }
        if (unknown) {
          warnings.push({
            field,
            line: use.location.row,
            column: use.location.col,
            variable: unknown,
            message: `Unknown variable "${unknown}": not a contact field, declared attribute or special placeholder, so it renders empty`,
          });
        }
      }
    }
  }
  return warnings.sort((a, b) => a.field.localeCompare(b.field) || a.line - b.line || a.column - b.column);
}

/** The 400 every syntax or render problem becomes: the first issue at top level, all of them listed, each beside its field. */
export function templateError(issues: TemplateIssue[], kind: 'syntax' | 'render' = 'syntax'): HttpError {
  const [first] = issues;
  const fieldErrors: Record<string, string[]> = {};
  for (const i of issues) (fieldErrors[i.field] ??= []).push(describeIssue(i));
  const error = badRequest(
    kind === 'syntax' ? `Syntax error in ${first.field} at line ${first.line}, column ${first.column}: ${first.message}` : `The template could not be rendered: ${first.message}`,
    fieldErrors,
  );
  return new HttpError(400, error.message, { ...error.details, field: first.field, line: first.line, column: first.column, message: first.message, issues });
}

/** Maps template errors thrown by compile or render onto their 400; anything else passes through. */
export function asTemplateHttpError(err: unknown): unknown {
  if (err instanceof TemplateSyntaxError) return templateError(err.issues);
  if (err instanceof TemplateRenderError) return templateError([err.issue], 'render');
  return err;
}

/** Parses every field; a syntax error is a 400 naming field, line and column; unknown variables come back as warnings. */
export function checkTemplate(source: TemplateSource, attributeKeys: ReadonlySet<string>): { parsed: ParsedFields; warnings: TemplateWarning[] } {
  const { parsed, issues } = parseTemplateFields(source);
  if (issues.length) throw templateError(issues);
  return { parsed, warnings: unknownVariables(parsed, attributeKeys) };
}
