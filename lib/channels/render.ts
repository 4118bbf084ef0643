/** Texts and call scripts use the same Liquid variables as email, rendered as plain text (nothing is HTML-escaped). */
import { engineFor } from '@/lib/templates/parse';
import { compileProgram, runProgram, type Program } from '@/lib/templates/program';
import { TemplateRenderError, TemplateSyntaxError, issueOf } from '@/lib/templates/errors';
import { contactScope, type TemplateContact } from '@/lib/templates/variables';
import type { CallContent } from '@/lib/channels/content';

/** Parses plain text with variables once; a syntax error throws TemplateSyntaxError (reported on the text body). */
export function compileText(source: string): Program {
  try {
    return compileProgram(engineFor('textBody'), engineFor('textBody').parse(source));
  } catch (err) {
    throw new TemplateSyntaxError([issueOf('textBody', err)]);
  }
}

export function renderText(program: Program, contact: TemplateContact): string {
  try {
    return runProgram(program, contactScope(contact)).trim();
  } catch (err) {
    throw new TemplateRenderError(issueOf('textBody', err));
  }
}

const renderOnce = (source: string, contact: TemplateContact) => renderText(compileText(source), contact);

/** A call's words for one contact: the script, every prompt and the closing with their variables filled in. */
export function renderCallContent(content: CallContent, contact: TemplateContact): CallContent {
  return {
    ...content,
    script: renderOnce(content.script, contact),
    closing: content.closing ? renderOnce(content.closing, contact) : '',
    questions: content.questions.map((q) => ({ ...q, prompt: renderOnce(q.prompt, contact) })),
  };
}
