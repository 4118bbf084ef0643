import { describe, expect, it } from 'vitest';
import { engines } from '@/lib/templates/engine';
import { TemplateRenderError, TemplateSyntaxError } from '@/lib/templates/errors';
import { parseTemplateFields } from '@/lib/templates/parse';
import { compileProgram, runProgram } from '@/lib/templates/program';
import { compileTemplate, renderForContact } from '@/lib/templates/render';
import { deriveTextSource, htmlToText } from '@/lib/templates/text';
import { checkTemplate, unknownVariables } from '@/lib/templates/validate';
import { STARTER_TEMPLATE } from '@/lib/templates/samples';
import { contactScope, type TemplateContact } from '@/lib/templates/variables';
import { HttpError } from '@/lib/http/errors';

const ada: TemplateContact = { email: 'ada@example.test', firstName: 'Ada', lastName: 'Lovelace', attributes: { plan: 'pro', seats: 3, vip: true } };
const nobody: TemplateContact = { email: 'x@example.test', firstName: null, lastName: null, attributes: {} };
const extras = {
  unsubscribeUrl: 'https://herald.test/u/abc?x=1&y=2',
  viewInBrowserUrl: 'https://herald.test/v/abc',
  qrCode: { imageSrc: 'https://herald.test/qr/abc.png', code: 'QR-ABC' },
};

const render = (t: { subject?: string; htmlBody: string; textBody?: string | null; preheader?: string | null }, contact = ada) =>
  renderForContact(compileTemplate({ subject: 'S', ...t }), contact, extras);

describe('rendering', () => {
  it('fills contact fields, attributes (top level and under attributes.) and fallbacks', () => {
    const r = render({
      subject: 'Hi {{ first_name | default: "there" }}',
      htmlBody: '<p>{{ first_name }} {{ last_name }} <{{ email }}> {{ plan }}/{{ attributes.plan }} {{ attributes["seats"] }} {{ vip }}</p>',
    });
    expect(r.subject).toBe('Hi Ada');
    expect(r.html).toBe('<p>Ada Lovelace <ada@example.test> pro/pro 3 true</p>');
    const n = render({ subject: 'Hi {{ first_name | default: "there" }}', htmlBody: '<p>{{ first_name | default: "friend" }}{{ plan }}</p>' }, nobody);
    expect(n.subject).toBe('Hi there');
    expect(n.html).toBe('<p>friend</p>');
  });

  it('escapes values in HTML but not in the subject or the text part', () => {
    const evil: TemplateContact = { email: 'e@example.test', firstName: '<script>alert("x")</script>', lastName: "O'Brien & co", attributes: { plan: '<b>' } };
    const r = render({ subject: '{{ first_name }} {{ last_name }}', htmlBody: '<p title="{{ last_name }}">{{ first_name }} {{ plan }}</p>', textBody: '{{ first_name }} {{ last_name }}' }, evil);
    expect(r.html).toBe('<p title="O&#39;Brien &amp; co">&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &lt;b&gt;</p>');
    expect(r.html).not.toContain('<script>');
    expect(r.subject).toBe('<script>alert("x")</script> O\'Brien & co');
    expect(r.text).toBe('<script>alert("x")</script> O\'Brien & co');
  });

  it('lets a contact field win over an attribute of the same name', () => {
    const r = render({ htmlBody: '{{ email }} {{ unsubscribe_url }}' }, { ...ada, attributes: { email: 'spoof', unsubscribe_url: 'https://evil' } });
    expect(r.html).toBe('ada@example.test https://herald.test/u/abc?x=1&amp;y=2');
  });

  it('fills the special placeholders: links, and the QR code as an image in HTML and as text in the text part', () => {
    const r = render({
      htmlBody: '<a href="{{ view_in_browser_url }}">View</a> {{ qr_code }} <a href="{{ unsubscribe_url }}">Unsubscribe</a>',
    });
    expect(r.html).toContain('<a href="https://herald.test/v/abc">View</a>');
    expect(r.html).toContain('<img src="https://herald.test/qr/abc.png" alt="QR code QR-ABC"');
    expect(r.html).toContain('href="https://herald.test/u/abc?x=1&amp;y=2"');
    expect(r.text).toBe('View (https://herald.test/v/abc) QR code: QR-ABC Unsubscribe (https://herald.test/u/abc?x=1&y=2)');
    const bare = renderForContact(compileTemplate({ subject: 'S', htmlBody: '[{{ qr_code }}][{{ unsubscribe_url }}]' }), ada);
    expect(bare.html).toBe('[][]');
  });

  it('puts the preheader in a hidden block right after <body> and returns it as text', () => {
    const r = render({ preheader: 'News for {{ first_name }} & you', htmlBody: '<html><body class="x"><p>Hi</p></body></html>' });
    expect(r.preheader).toBe('News for Ada & you');
    expect(r.html).toMatch(/^<html><body class="x"><div style="display:none[^"]*">News for Ada &amp; you(&#847;&zwnj;&nbsp;)+<\/div><p>Hi<\/p>/);
    expect(r.text).toBe('Hi');
    expect(render({ preheader: 'P', htmlBody: '<p>no body tag</p>' }).html).toMatch(/^<div style="display:none/);
  });

  it('renders tags through Liquid: if/else, for loops, assign shadowing a contact field, case', () => {
    const r = render({
      htmlBody:
        '{% if plan == "pro" %}PRO{% elsif plan %}other{% else %}none{% endif %}|{% unless vip %}no{% endunless %}|{% for i in (1..3) %}{{ i }}{% endfor %}|{% assign first_name = "Bob" %}{{ first_name }}|{% case seats %}{% when 3 %}three{% endcase %}',
    });
    expect(r.html).toBe('PRO||123|Bob|three');
  });

  it('matches plain Liquid output exactly for a corpus of templates', () => {
    const corpus = [
      'Hi {{ first_name | default: "there" }}! {{ plan | upcase }} {{ seats | plus: 2 }} {{ missing.deep.path }} {{ first_name.size }}',
      '{{ attributes.plan | append: "-" | append: last_name }} {{ "lit" }} {{ 3 }} {{ first_name | default: plan }}',
      '{% if seats > 2 and vip %}{{ first_name | downcase }}{% endif %}{%- comment -%} x {%- endcomment -%} {{ email | split: "@" | first }}',
      '{% capture c %}{{ plan }}!{% endcapture %}{{ c }}{{ c | size }} {% increment n %}{{ n }}',
      '{{ first_name | default: "x", allow_false: true }} {{ vip | default: "no", allow_false: true }} {{ nothing | default: 0 }}',
      '{% raw %}{{ not_rendered }}{% endraw %}{{ "<i>" | escape }} {{ qr_code }}',
    ];
    for (const source of corpus) {
      for (const liquid of [engines().html, engines().text]) {
        for (const contact of [ada, nobody]) {
          const scope = contactScope(contact, extras);
          const expected = liquid.renderSync(liquid.parse(source), contactScope(contact, extras));
          expect(runProgram(compileProgram(liquid, liquid.parse(source)), scope), source).toBe(expected);
        }
      }
    }
  });

  it('caches the compiled form per saved version', () => {
    const t = { id: 'a9d4c0a4-0000-4000-8000-000000000001', updatedAt: new Date(1000), subject: 'S', htmlBody: '<p>{{ email }}</p>' };
    expect(compileTemplate(t)).toBe(compileTemplate({ ...t }));
    expect(compileTemplate({ ...t, updatedAt: new Date(2000) })).not.toBe(compileTemplate(t));
  });
});

describe('syntax errors and warnings', () => {
  it('reports the field, line and column of a syntax error', () => {
    const { issues } = parseTemplateFields({ subject: 'ok', htmlBody: '<p>\n  {% if first_name %}\n</p>' });
    expect(issues).toEqual([{ field: 'htmlBody', line: 2, column: 3, message: 'tag {% if first_name %} not closed' }]);
    const unknownFilter = parseTemplateFields({ subject: 'Hi {{ first_name | shout }}', htmlBody: 'x' }).issues;
    expect(unknownFilter).toEqual([{ field: 'subject', line: 1, column: 4, message: 'undefined filter: shout' }]);
    const unclosed = parseTemplateFields({ subject: 'x', htmlBody: 'a', textBody: 'line\nline {{ email ' }).issues;
    expect(unclosed[0]).toMatchObject({ field: 'textBody', line: 2, column: 6 });
    expect(() => compileTemplate({ subject: '{{', htmlBody: 'x' })).toThrow(TemplateSyntaxError);
  });

  it('turns syntax errors into a 400 with field, line, column and message', () => {
    try {
      checkTemplate({ subject: 'ok', preheader: '{% for %}', htmlBody: 'x' }, new Set());
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(HttpError);
      const e = err as HttpError;
      expect(e.status).toBe(400);
      expect(e.details).toMatchObject({ field: 'preheader', line: 1, column: 1, fieldErrors: { preheader: [expect.stringContaining('Line 1, column 1')] } });
    }
  });

  it('refuses tags that read files', () => {
    for (const tag of ['{% include "secrets" %}', '{% render "x" %}', '{% layout "x" %}']) {
      const { issues } = parseTemplateFields({ subject: 's', htmlBody: `<p>\n${tag}</p>` });
      expect(issues[0]).toMatchObject({ field: 'htmlBody', line: 2, column: 1 });
      expect(issues[0].message).toMatch(/not available in Herald templates/);
    }
  });

  it('warns about unknown variables with their line and column, but not about known ones', () => {
    const { parsed } = parseTemplateFields({
      subject: '{{ first_name }} {{ nickname }}',
      htmlBody: '<p>{{ plan }} {{ attributes.plan }}\n{{ attributes.tier }} {{ unsubscribe_url }} {{ qr_code }}</p>\n{% if coupon %}{% assign x = 1 %}{{ x }}{% endif %}{% for i in (1..2) %}{{ i }}{% endfor %}',
    });
    const warnings = unknownVariables(parsed, new Set(['plan']));
    expect(warnings.map((w) => [w.field, w.variable, w.line, w.column])).toEqual([
      ['htmlBody', 'attributes.tier', 2, 4],
      ['htmlBody', 'coupon', 3, 7],
      ['subject', 'nickname', 1, 21],
    ]);
  });
});

describe('text derived from HTML', () => {
  it('strips tags, keeps links as "text (url)" and collapses whitespace', () => {
    const html = `<html><head><title>T</title><style>p { color: red }</style></head><body>
      <h1>Hello   there</h1><p>First&nbsp;line<br>second line &amp; more</p>
      <ul><li>One</li><li>Two</li></ul>
      <p>Read <a href="https://herald.test/a?b=1&amp;c=2">the   <b>news</b></a> or <a href="https://herald.test/x">https://herald.test/x</a>.</p>
      <a href="mailto:help@herald.test">help@herald.test</a> <img src="x.png" alt="Logo"> <!-- hidden -->
      <table><tr><td>a</td><td>b</td></tr></table><script>alert(1)</script></body></html>`;
    expect(htmlToText(html)).toBe(
      'Hello there\n\nFirst line\nsecond line & more\n\n- One\n- Two\n\nRead the news (https://herald.test/a?b=1&c=2) or https://herald.test/x.\n\nhelp@herald.test Logo\n\na b',
    );
  });

  it('derives the text template from the HTML source with Liquid markup intact', () => {
    expect(deriveTextSource('<p>Hi {{ first_name | default: "<there>" }}</p>{% if vip %}<p>VIP</p>{% endif %}<a href="{{ unsubscribe_url }}">Unsubscribe</a>')).toBe(
      'Hi {{ first_name | default: "<there>" }}\n\n{% if vip %}\n\nVIP\n\n{% endif %}Unsubscribe ({{ unsubscribe_url }})',
    );
    const r = render({ htmlBody: '<p>Hi {{ first_name }}</p>{% if coupon %}<p>Coupon</p>{% endif %}<p>Bye</p>' });
    expect(r.text).toBe('Hi Ada\n\nBye');
  });

  it('uses the written text part when there is one', () => {
    expect(render({ htmlBody: '<p>HTML</p>', textBody: 'Plain {{ first_name }}' }).text).toBe('Plain Ada');
  });
});

describe('hostile templates', () => {
  const hostile = [
    '{% for i in (1..100000000) %}x{% endfor %}',
    '{% for i in (1..10000) %}{% for j in (1..10000) %}{{ i }}{% endfor %}{% endfor %}',
    '{% assign s = "xxxxxxxxxx" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}',
    '{% for a in (1..1000) %}{% for b in (1..1000) %}{% for c in (1..1000) %}{% endfor %}{% endfor %}{% endfor %}',
  ];
  it.each(hostile)('stops %s quickly with a render error', (htmlBody) => {
    const started = performance.now();
    expect(() => render({ htmlBody })).toThrow(TemplateRenderError);
    expect(performance.now() - started).toBeLessThan(3000);
    try {
      render({ htmlBody });
    } catch (err) {
      expect((err as TemplateRenderError).issue).toMatchObject({ field: 'htmlBody', message: expect.stringMatching(/limit exceeded/) });
    }
  });

  it('reports a limit hit in the subject as a render error of the subject', () => {
    expect(() => render({ subject: '{% for i in (1..100000000) %}{% endfor %}', htmlBody: 'x' })).toThrow(/subject/);
  });
});

describe('throughput', () => {
  it('renders the starter email far faster than plain Liquid, reusing the parsed form', () => {
    const compiled = compileTemplate(STARTER_TEMPLATE);
    const contacts = Array.from({ length: 1000 }, (_, i) => ({ email: `c${i}@example.test`, firstName: `Name${i}`, lastName: 'L', attributes: { plan: i % 2 ? 'pro' : 'free' } }));
    // Baseline: the same four parts rendered by Liquid alone from its parsed form.
    const { html, text } = engines();
    const parts = [
      [text, text.parse(STARTER_TEMPLATE.subject)],
      [text, text.parse(STARTER_TEMPLATE.preheader)],
      [html, html.parse(STARTER_TEMPLATE.htmlBody)],
      [text, text.parse(deriveTextSource(STARTER_TEMPLATE.htmlBody))],
    ] as const;
    const measure = (renderOne: (i: number) => void) => {
      let n = 0;
      const loop = (ms: number) => {
        const t0 = performance.now();
        while (performance.now() - t0 < ms) renderOne(n++);
      };
      loop(300); // warm-up
      n = 0;
      const wall0 = performance.now();
      const cpu0 = process.cpuUsage();
      loop(1500);
      const cpu = process.cpuUsage(cpu0);
      return { wall: Math.round(n / ((performance.now() - wall0) / 1000)), cpu: Math.round(n / ((cpu.user + cpu.system) / 1e6)) };
    };
    const herald = measure((i) => renderForContact(compiled, contacts[i % 1000], extras));
    const liquid = measure((i) => {
      const scope = contactScope(contacts[i % 1000], extras);
      for (const [engine, tpl] of parts) engine.renderSync(tpl, scope);
    });
    console.log(
      `[throughput] starter email (${STARTER_TEMPLATE.htmlBody.length} B HTML + subject, preheader, derived text): ` +
        `${herald.wall} renders/s wall, ${herald.cpu} per CPU-second; plain Liquid: ${liquid.wall} renders/s wall, ${liquid.cpu} per CPU-second`,
    );
    // Loose floors, since test machines are shared; the printed figures are what to compare.
    expect(herald.cpu).toBeGreaterThan(10_000);
    expect(herald.cpu).toBeGreaterThan(liquid.cpu);
  });
});
