'use client';

import { FormField, fieldErrorId } from '@/components/ui/form-field';
import { GATHER_INPUTS, MAX_TEXT_LENGTH, STANDARD_INTENTS, type PhoneChannel } from '@/lib/channels/content';
import { smsSegments } from '@/lib/channels/sms-segments';
import { GATHER_INPUT_LABELS, newChoice, newQuestion, splitList, type CallForm, type ChoiceForm, type QuestionForm } from '@/components/templates/phone-content-form';

export type FieldErrors = Record<string, string[]>;

/** Messages for one field path and everything below it (`content.refusalIntents` covers `content.refusalIntents.2`). */
export function errorsUnder(errors: FieldErrors, path: string): string[] | undefined {
  const out = Object.entries(errors).flatMap(([key, messages]) => (key === path || key.startsWith(`${path}.`) ? messages : []));
  return out.length ? [...new Set(out)] : undefined;
}

const VARIABLES_HINT = 'Use {{ first_name }}, {{ attributes.plan }} and fallbacks like {{ first_name | default: "there" }}.';
const describedBy = (id: string, errors: string[] | undefined, ...more: string[]) => [errors?.length ? fieldErrorId(id) : '', ...more].filter(Boolean).join(' ') || undefined;

/** Characters, encoding and segments as the carrier will count them; WhatsApp has no segments, only a length limit. */
export function TextCounter({ id, channel, body }: { id: string; channel: PhoneChannel; body: string }) {
  if (channel !== 'sms') {
    return <p id={id} className="mt-1 text-xs text-gray-500" aria-live="polite" data-testid="text-counter">{body.length.toLocaleString('en')} / {MAX_TEXT_LENGTH.toLocaleString('en')} characters</p>;
  }
  const s = smsSegments(body);
  return (
    <p id={id} className="mt-1 text-xs text-gray-500" aria-live="polite" data-testid="sms-counter">
      <span data-testid="sms-characters">{s.units} {s.units === 1 ? 'character' : 'characters'}</span> ·{' '}
      <span data-testid="sms-encoding">{s.encoding}</span> ·{' '}
      <span data-testid="sms-segments" className={s.segments > 1 ? 'font-medium text-amber-700' : undefined}>{s.segments} {s.segments === 1 ? 'segment' : 'segments'}</span>
      {s.segments > 0 && <> · {s.remaining} left in this segment</>}
      {s.nonGsm.length > 0 && <span className="block text-amber-700">UCS-2 because of: {s.nonGsm.slice(0, 10).join(' ')} (each message part then holds 70 characters, or 67 once split)</span>}
    </p>
  );
}

/** The message of an SMS or WhatsApp template, with its live counter and any unknown-variable warnings. */
export function TextBodyField({ channel, body, onChange, errors, warnings }: { channel: PhoneChannel; body: string; onChange: (body: string) => void; errors: FieldErrors; warnings: string[] }) {
  const id = 'template-body';
  const own = errorsUnder(errors, 'content.body') ?? errorsUnder(errors, 'content');
  return (
    <FormField id={id} label="Message" errors={own} hint={VARIABLES_HINT}>
      <textarea
        id={id}
        className="input h-40 font-mono text-sm"
        value={body}
        maxLength={MAX_TEXT_LENGTH * 2}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={Boolean(own)}
        aria-describedby={describedBy(id, own, `${id}-counter`)}
      />
      <TextCounter id={`${id}-counter`} channel={channel} body={body} />
      {warnings.length > 0 && (
        <ul className="mt-1 space-y-0.5 text-xs text-amber-700">{warnings.map((w) => <li key={w}>{w}</li>)}</ul>
      )}
    </FormField>
  );
}

/** A call's script, questions with their answers, refusal intents and closing line. */
export function CallFields({ call, onChange, errors }: { call: CallForm; onChange: (call: CallForm) => void; errors: FieldErrors }) {
  const set = (patch: Partial<CallForm>) => onChange({ ...call, ...patch });
  const setQuestion = (i: number, patch: Partial<QuestionForm>) => set({ questions: call.questions.map((q, j) => (j === i ? { ...q, ...patch } : q)) });
  const setChoice = (i: number, k: number, patch: Partial<ChoiceForm>) =>
    setQuestion(i, { choices: call.questions[i].choices.map((c, j) => (j === k ? { ...c, ...patch } : c)) });
  const at = (path: string) => errors[`content.${path}`];
  const scriptErrors = at('script') ?? (errors.content ? errors.content : undefined);
  const refusalErrors = errorsUnder(errors, 'content.refusalIntents');

  return (
    <div className="space-y-4">
      <datalist id="standard-intents">
        {STANDARD_INTENTS.map((intent) => <option key={intent} value={intent} />)}
      </datalist>
      <FormField id="call-script" label="Script" errors={scriptErrors} hint={`What the call says once it is answered. ${VARIABLES_HINT}`}>
        <textarea id="call-script" className="input h-32 text-sm" value={call.script} onChange={(e) => set({ script: e.target.value })} aria-invalid={Boolean(scriptErrors)} aria-describedby={describedBy('call-script', scriptErrors)} />
      </FormField>

      <fieldset className="space-y-3">
        <legend className="label">Questions</legend>
        {at('questions') && <div id={fieldErrorId('call-questions')}>{at('questions')!.map((m) => <p key={m} className="field-error">{m}</p>)}</div>}
        {call.questions.length === 0 && <p className="text-sm text-gray-500">No questions: the call says its script and closing line, then hangs up.</p>}
        {call.questions.map((q, i) => {
          const base = `questions.${i}`;
          const qid = `call-q${i}`;
          const choicesErrors = at(`${base}.choices`);
          return (
            <fieldset key={q.uid} className="space-y-3 rounded-md border border-gray-200 p-3" data-testid="call-question">
              <legend className="px-1 text-sm font-medium text-gray-700">Question {i + 1}</legend>
              <div className="grid grid-cols-1 gap-3 sm:grid-cols-[minmax(0,12rem)_minmax(0,10rem)_auto] sm:items-start">
                <FormField id={`${qid}-key`} label="Answer key" errors={at(`${base}.key`)} hint="Names the answer in analytics, e.g. interest.">
                  <input id={`${qid}-key`} className="input font-mono" value={q.key} maxLength={40} onChange={(e) => setQuestion(i, { key: e.target.value })} aria-invalid={Boolean(at(`${base}.key`))} aria-describedby={describedBy(`${qid}-key`, at(`${base}.key`))} />
                </FormField>
                <FormField id={`${qid}-input`} label="Answered by" errors={at(`${base}.input`)}>
                  <select id={`${qid}-input`} className="input" value={q.input} onChange={(e) => setQuestion(i, { input: e.target.value as QuestionForm['input'] })}>
                    {GATHER_INPUTS.map((g) => <option key={g} value={g}>{GATHER_INPUT_LABELS[g]}</option>)}
                  </select>
                </FormField>
                <button type="button" className="btn-secondary self-end" onClick={() => set({ questions: call.questions.filter((_, j) => j !== i) })} aria-label={`Remove question ${i + 1}`}>Remove</button>
              </div>
              <FormField id={`${qid}-prompt`} label="Question asked" errors={at(`${base}.prompt`)}>
                <textarea id={`${qid}-prompt`} className="input h-20 text-sm" value={q.prompt} onChange={(e) => setQuestion(i, { prompt: e.target.value })} aria-invalid={Boolean(at(`${base}.prompt`))} aria-describedby={describedBy(`${qid}-prompt`, at(`${base}.prompt`))} />
              </FormField>
              <table className="w-full text-sm">
                <caption className="mb-1 text-left text-sm font-medium text-gray-700">Answers to question {i + 1}</caption>
                <thead>
                  <tr className="text-left text-xs text-gray-500">
                    <th scope="col" className="pr-2 font-normal">Keys</th>
                    <th scope="col" className="pr-2 font-normal">Spoken words (comma-separated)</th>
                    <th scope="col" className="pr-2 font-normal">Intent</th>
                    <th scope="col"><span className="sr-only">Remove</span></th>
                  </tr>
                </thead>
                <tbody>
                  {q.choices.map((c, k) => {
                    const cbase = `${base}.choices.${k}`;
                    const cid = `${qid}-c${k}`;
                    const digitsErrors = at(`${cbase}.digits`);
                    const wordsErrors = errorsUnder(errors, `content.${cbase}.words`);
                    const intentErrors = at(`${cbase}.intent`);
                    const rowErrors = [...(digitsErrors ?? []), ...(wordsErrors ?? []), ...(intentErrors ?? [])];
                    return (
                      <tr key={c.uid} className="align-top">
                        <td className="py-1 pr-2">
                          <label htmlFor={`${cid}-digits`} className="sr-only">Keys for answer {k + 1}</label>
                          <input id={`${cid}-digits`} className="input w-20 font-mono" inputMode="tel" value={c.digits} maxLength={4} placeholder="1" onChange={(e) => setChoice(i, k, { digits: e.target.value })} aria-invalid={Boolean(digitsErrors)} aria-describedby={rowErrors.length ? `${cid}-errors` : undefined} />
                        </td>
                        <td className="py-1 pr-2">
                          <label htmlFor={`${cid}-words`} className="sr-only">Spoken words for answer {k + 1}</label>
                          <input id={`${cid}-words`} className="input" value={c.words} placeholder="yes, sure" onChange={(e) => setChoice(i, k, { words: e.target.value })} aria-invalid={Boolean(wordsErrors)} aria-describedby={rowErrors.length ? `${cid}-errors` : undefined} />
                        </td>
                        <td className="py-1 pr-2">
                          <label htmlFor={`${cid}-intent`} className="sr-only">Intent for answer {k + 1}</label>
                          <input id={`${cid}-intent`} className="input font-mono" list="standard-intents" value={c.intent} maxLength={40} placeholder="interested" onChange={(e) => setChoice(i, k, { intent: e.target.value })} aria-invalid={Boolean(intentErrors)} aria-describedby={rowErrors.length ? `${cid}-errors` : undefined} />
                          {rowErrors.length > 0 && (
                            <div id={`${cid}-errors`}>{[...new Set(rowErrors)].map((m) => <p key={m} className="field-error">{m}</p>)}</div>
                          )}
                        </td>
                        <td className="py-1">
                          <button type="button" className="btn-secondary" onClick={() => setQuestion(i, { choices: q.choices.filter((_, j) => j !== k) })} aria-label={`Remove answer ${k + 1} of question ${i + 1}`}>×</button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              {choicesErrors && <div>{choicesErrors.map((m) => <p key={m} className="field-error">{m}</p>)}</div>}
              <button type="button" className="text-sm font-medium text-indigo-700 hover:underline" onClick={() => setQuestion(i, { choices: [...q.choices, newChoice()] })}>+ Add an answer</button>
            </fieldset>
          );
        })}
        <button type="button" className="btn-secondary" onClick={() => set({ questions: [...call.questions, newQuestion()] })}>Add a question</button>
      </fieldset>

      <FormField id="call-refusal" label="Refusal intents" errors={refusalErrors} hint={`Comma-separated; an answer with one of these intents marks the call as declined. Standard intents: ${STANDARD_INTENTS.join(', ')}.`}>
        <input id="call-refusal" className="input font-mono" value={call.refusalIntents} onChange={(e) => set({ refusalIntents: e.target.value })} aria-invalid={Boolean(refusalErrors)} aria-describedby={describedBy('call-refusal', refusalErrors)} />
      </FormField>
      <FormField id="call-closing" label="Closing line" errors={at('closing')} hint="Said before hanging up.">
        <input id="call-closing" className="input" value={call.closing} maxLength={500} onChange={(e) => set({ closing: e.target.value })} aria-invalid={Boolean(at('closing'))} aria-describedby={describedBy('call-closing', at('closing'))} />
      </FormField>
    </div>
  );
}

/** How one answer is given: "press 1 or say yes, sure". */
function answerWays(c: ChoiceForm): string {
  const words = splitList(c.words);
  const ways = [c.digits.trim() ? `press ${c.digits.trim()}` : '', words.length ? `say ${words.map((w) => `“${w}”`).join(' or ')}` : ''].filter(Boolean);
  return ways.join(' or ') || '(no key or word yet)';
}

/** What the call says, in order, as written (variables are filled per contact when it is placed). */
export function CallPreview({ call }: { call: CallForm }) {
  return (
    <section className="card space-y-3" aria-labelledby="call-preview-heading">
      <h2 id="call-preview-heading" className="text-lg font-semibold">What the call says</h2>
      <ol className="space-y-3 text-sm" data-testid="call-preview">
        <li>
          <div className="text-xs uppercase tracking-wide text-gray-500">Script</div>
          <p className="whitespace-pre-wrap">{call.script.trim() || <span className="text-gray-400">No script yet.</span>}</p>
        </li>
        {call.questions.map((q, i) => (
          <li key={q.uid}>
            <div className="text-xs uppercase tracking-wide text-gray-500">Question {i + 1}{q.key.trim() ? ` (${q.key.trim()})` : ''} · {GATHER_INPUT_LABELS[q.input].toLowerCase()}</div>
            <p className="whitespace-pre-wrap">{q.prompt.trim() || <span className="text-gray-400">No question yet.</span>}</p>
            <ul className="mt-1 list-disc pl-5 text-gray-600">
              {q.choices.map((c) => <li key={c.uid}>{answerWays(c)} → <code>{c.intent.trim() || '?'}</code></li>)}
            </ul>
          </li>
        ))}
        <li>
          <div className="text-xs uppercase tracking-wide text-gray-500">Closing</div>
          <p className="whitespace-pre-wrap">{call.closing.trim() || <span className="text-gray-400">Hangs up without a closing line.</span>}</p>
        </li>
      </ol>
      <p className="text-xs text-gray-500">Variables such as {'{{ first_name }}'} are filled in for each contact when the call is placed.</p>
    </section>
  );
}

/** A text message rendered for the chosen contact. */
export function TextPreview({ text, stale, problem, to }: { text: string | undefined; stale: boolean; problem: string | null; to: string }) {
  return (
    <section className="card space-y-3" aria-labelledby="preview-heading" aria-busy={stale}>
      <h2 id="preview-heading" className="text-lg font-semibold">Preview</h2>
      {problem && <p role="alert" className="text-sm text-red-600">{problem}</p>}
      <p className="text-sm text-gray-500">For {to}</p>
      {text !== undefined && (
        <p className={`max-w-sm whitespace-pre-wrap rounded-2xl rounded-bl-sm bg-gray-100 px-4 py-2 text-sm ${stale || problem ? 'opacity-60' : ''}`} data-testid="text-preview">{text || ' '}</p>
      )}
    </section>
  );
}
