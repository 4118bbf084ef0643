import { escapeHtml } from '@/lib/templates/engine';
import { TemplateRenderError, TemplateSyntaxError, issueOf, type TemplateField } from '@/lib/templates/errors';
import { engineFor, parseTemplateFields, type ParsedFields, type TemplateSource } from '@/lib/templates/parse';
import { compileProgram, runProgram, withSlotAfterBodyOpen, type Program } from '@/lib/templates/program';
import { deriveTextSource, htmlToText } from '@/lib/templates/text';
import { contactScope, type RenderExtras, type TemplateContact } from '@/lib/templates/variables';

/** A template parsed and flattened once, then rendered for every recipient of a campaign. */
export interface CompiledTemplate {
  subject: Program;
  preheader: Program | null;
  html: Program;
  /** null: the text is derived from each rendered HTML (only when deriving it from the source failed) */
  text: Program | null;
  /** whether the text part was derived from the HTML rather than written */
  textDerived: boolean;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  preheader: string;
}

export type CompilableTemplate = TemplateSource & { id?: string; updatedAt?: Date };

const program = (field: TemplateField, parsed: ParsedFields) => {
  const nodes = parsed[field];
  return nodes ? compileProgram(engineFor(field), nodes) : null;
};

/** The text part as written, else one derived from the HTML source with its Liquid markup intact. */
function textProgram(source: TemplateSource, parsed: ParsedFields): Program | null {
  if (parsed.textBody) return program('textBody', parsed);
  try {
    return compileProgram(engineFor('textBody'), engineFor('textBody').parse(deriveTextSource(source.htmlBody)));
  } catch {
    return null;
  }
}

/** Compiles already-parsed fields (the preview parses once for both warnings and rendering). */
export function compileParsed(source: TemplateSource, parsed: ParsedFields): CompiledTemplate {
  return {
    subject: program('subject', parsed) ?? { pieces: [] },
    preheader: program('preheader', parsed),
    html: withSlotAfterBodyOpen(program('htmlBody', parsed) ?? { pieces: [] }),
    text: textProgram(source, parsed),
    textDerived: !parsed.textBody,
  };
}

const CACHE_SIZE = 100;
const cache = new Map<string, CompiledTemplate>();

/**
 * Parses a template once; a saved template (id + updatedAt) is cached, so every batch of a campaign reuses the
 * same compiled form until the template changes. A syntax error throws TemplateSyntaxError.
 */
export function compileTemplate(template: CompilableTemplate): CompiledTemplate {
  const key = template.id && template.updatedAt ? `${template.id}@${template.updatedAt.getTime()}` : null;
  const hit = key ? cache.get(key) : undefined;
  if (hit) {
    cache.delete(key!);
    cache.set(key!, hit);
    return hit;
  }
  const { parsed, issues } = parseTemplateFields(template);
  if (issues.length) throw new TemplateSyntaxError(issues);
  const compiled = compileParsed(template, parsed);
  if (key) {
    cache.set(key, compiled);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  return compiled;
}

function run(field: TemplateField, part: Program, scope: ReturnType<typeof contactScope>, slot?: string): string {
  try {
    return runProgram(part, scope, slot);
  } catch (err) {
    throw new TemplateRenderError(issueOf(field, err));
  }
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Padding after the preheader keeps inbox previews from running on into the body's first words. */
const PREHEADER_PADDING = '&#847;&zwnj;&nbsp;'.repeat(20);

/** Inbox clients show the first text of the body beside the subject; this hidden block supplies it. */
const hiddenPreheader = (text: string) =>
  text
    ? `<div style="display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;overflow:hidden;mso-hide:all">${escapeHtml(text)}${PREHEADER_PADDING}</div>`
    : '';

/** Renders one recipient's email; a template that fails at render time throws TemplateRenderError. */
export function renderForContact(compiled: CompiledTemplate, contact: TemplateContact, extras: RenderExtras = {}): RenderedEmail {
  const scope = contactScope(contact, extras);
  const subject = oneLine(run('subject', compiled.subject, scope));
  const preheader = compiled.preheader ? oneLine(run('preheader', compiled.preheader, scope)) : '';
  const html = run('htmlBody', compiled.html, scope, hiddenPreheader(preheader));
  const text = compiled.text ? run('textBody', compiled.text, scope) : htmlToText(run('htmlBody', compiled.html, scope));
  // Derived text loses its blank-line rhythm where a tag rendered nothing; written text is kept as written.
  return { subject, html, text: compiled.textDerived ? text.replace(/\n[ \t]*\n(?:[ \t]*\n)+/g, '\n\n').trim() : text, preheader };
}
