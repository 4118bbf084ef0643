import type { TemplateInput } from '@/lib/templates/schema';
import { templateError } from '@/lib/templates/validate';
import { TemplateSyntaxError, type TemplateIssue } from '@/lib/templates/errors';
import { describeIssue } from '@/lib/templates/issues';
import { HttpError } from '@/lib/http/errors';
import { compileText } from '@/lib/channels/render';

type PhoneTemplateInput = Exclude<TemplateInput, { channel: 'email' }>;

/** Each text of a text or call template, by the path of its field in the input (`content.questions.0.prompt`). */
function textsOf(input: PhoneTemplateInput): [path: string, text: string][] {
  if (input.channel !== 'call') return [['content.body', input.content.body]];
  const { script, questions, closing } = input.content;
  return [['content.script', script], ...questions.map((q, i): [string, string] => [`content.questions.${i}.prompt`, q.prompt]), ['content.closing', closing]];
}

/** The 400 of a text that does not parse, its field errors under the text's own path so the editor shows them there. */
function phoneTemplateError(path: string, issues: TemplateIssue[]): HttpError {
  const base = templateError(issues);
  const [first] = issues;
  return new HttpError(400, `Syntax error in ${path} at line ${first.line}, column ${first.column}: ${first.message}`, {
    ...base.details,
    field: path,
    fieldErrors: { [path]: issues.map(describeIssue) },
  });
}

/** Every text of a text or call template must parse as Liquid; the first that does not is a 400 naming it. */
export function checkPhoneTemplate(input: PhoneTemplateInput): void {
  for (const [path, text] of textsOf(input)) {
    try {
      compileText(text);
    } catch (err) {
      if (err instanceof TemplateSyntaxError) throw phoneTemplateError(path, err.issues);
      throw err;
    }
  }
}
