import type { OpenApiDocument, OpenApiOperation } from '@/lib/api/openapi';
import { describeSchema, fieldRows, type FieldRow } from '@/lib/api/describe';

type Json = Record<string, unknown>;

const METHOD_STYLE: Record<string, string> = {
  get: 'bg-sky-100 text-sky-800',
  post: 'bg-emerald-100 text-emerald-800',
  put: 'bg-amber-100 text-amber-800',
  patch: 'bg-amber-100 text-amber-800',
  delete: 'bg-rose-100 text-rose-800',
};

/** The document's text marks code with backticks, as OpenAPI descriptions do (CommonMark). */
export function Prose({ text }: { text: string }) {
  return <>{text.split('`').map((part, i) => (i % 2 ? <code key={i} className="rounded bg-gray-100 px-1 text-[0.85em]">{part}</code> : part))}</>;
}

const anchorOf = (operationId: string) => `op-${operationId}`;

function Fields({ rows }: { rows: FieldRow[] }) {
  if (!rows.length) return <p className="text-sm text-gray-500">No fields.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="table table-compact">
        <thead>
          <tr><th>Field</th><th>Type</th><th>Required</th><th>Notes</th></tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.path}>
              <td className="font-mono text-xs">{r.path}</td>
              <td className="font-mono text-xs">{r.type}</td>
              <td>{r.required ? 'yes' : ''}</td>
              <td className="text-xs text-gray-600"><Prose text={r.notes} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Operation({ path, method, op, components }: { path: string; method: string; op: OpenApiOperation; components: Record<string, Json> }) {
  const body = op.requestBody ? Object.entries(op.requestBody.content)[0] : undefined;
  return (
    <section id={anchorOf(op.operationId)} className="card mb-4 scroll-mt-4 p-4" data-testid="api-operation">
      <h3 className="flex flex-wrap items-center gap-2 text-base font-semibold">
        <span className={`rounded px-2 py-0.5 font-mono text-xs uppercase ${METHOD_STYLE[method] ?? ''}`}>{method}</span>
        <code className="break-all text-sm">{path}</code>
      </h3>
      <p className="mt-1 text-sm text-gray-700"><Prose text={op.summary} /></p>
      <p className="text-xs text-gray-500"><Prose text={op.description} /></p>
      {op.parameters.length > 0 && (
        <>
          <h4 className="mt-3 text-sm font-semibold">Parameters</h4>
          <Fields rows={op.parameters.map((p) => ({ path: `${p.name} (${p.in})`, required: p.required, ...describeSchema(p.schema, components), ...(p.description ? { notes: p.description } : {}) }))} />
        </>
      )}
      {body && (
        <>
          <h4 className="mt-3 text-sm font-semibold">Body <span className="font-normal text-gray-500">({body[0]})</span></h4>
          <Fields rows={fieldRows(body[1].schema, components)} />
        </>
      )}
      <h4 className="mt-3 text-sm font-semibold">Responses</h4>
      {Object.entries(op.responses).map(([status, r]) => {
        const json = r.content?.['application/json'];
        const others = Object.keys(r.content ?? {}).filter((t) => t !== 'application/json');
        return (
          <details key={status} className="mt-1" open={status.startsWith('2')}>
            <summary className="cursor-pointer text-sm">
              <span className="font-mono">{status}</span> <Prose text={r.description} />
              {others.length > 0 && <span className="text-gray-500"> ({[json ? 'application/json' : null, ...others].filter(Boolean).join(', ')})</span>}
            </summary>
            {json && <div className="mt-1"><Fields rows={fieldRows(json.schema, components)} /></div>}
          </details>
        );
      })}
    </section>
  );
}

/** The API reference: the OpenAPI document grouped by tag, each operation with its parameters, body and answers. */
export function ApiReference({ doc }: { doc: OpenApiDocument }) {
  const byTag = new Map<string, { path: string; method: string; op: OpenApiOperation }[]>(doc.tags.map((t) => [t.name, []]));
  for (const [path, item] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(item)) byTag.get(op.tags[0]!)?.push({ path, method, op });
  return (
    <div className="lg:flex lg:gap-6">
      <nav className="mb-6 text-sm lg:sticky lg:top-4 lg:mb-0 lg:max-h-[calc(100vh-2rem)] lg:w-64 lg:shrink-0 lg:overflow-y-auto" aria-label="Operations">
        {[...byTag].map(([tag, ops]) => (
          <div key={tag} className="mb-3">
            <a href={`#tag-${tag.replace(/\W+/g, '-')}`} className="font-semibold">{tag}</a>
            <ul className="mt-1 space-y-0.5">
              {ops.map(({ path, method, op }) => (
                <li key={op.operationId}><a href={`#${anchorOf(op.operationId)}`} className="font-mono text-xs text-gray-600 hover:underline">{method.toUpperCase()} {path}</a></li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      <div className="min-w-0 flex-1">
        {[...byTag].map(([tag, ops]) => (
          <section key={tag} id={`tag-${tag.replace(/\W+/g, '-')}`} className="mb-8">
            <h2 className="mb-3 text-lg font-semibold">{tag}</h2>
            {ops.map(({ path, method, op }) => <Operation key={op.operationId} path={path} method={method} op={op} components={doc.components.schemas} />)}
          </section>
        ))}
      </div>
    </div>
  );
}
