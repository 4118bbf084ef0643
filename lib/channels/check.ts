import type { TemplateInput } from '@/lib/templates/schema';
import { templateError } from '@/lib/templates/validate';
import { TemplateSyntaxError } from '@/lib/templates/errors';
import { compileText } from '@/lib/channels/render';

/** Every text of a text or call template must parse as Liquid; the first that does not is a 400 naming it. */
export function checkPhoneTemplate(input: Exclude<TemplateInput, { channel: 'email' }>): void {
  const texts = input.channel === 'call' ? [input.content.script, input.content.closing, ...input.content.questions.map((q) => q.prompt)] : [input.content.body];
  for (const text of texts) {
    try {
      compileText(text);
    } catch (err) {
      if (err instanceof TemplateSyntaxError) throw templateError(err.issues);
      throw err;
    }
  }
}
