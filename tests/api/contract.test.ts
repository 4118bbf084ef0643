/**
 * The API contract: every route file is in the registry, every registered operation is called with real data
 * (tests/api/scenario.ts), and every answer — status, content type and JSON body — validates against the OpenAPI
 * document generated from the registry's zod schemas. The document is checked with a JSON Schema validator (Ajv),
 * so what is tested is what /api/openapi.json publishes.
 */
import Ajv from 'ajv';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureClickHouse } from '@/lib/clickhouse';
import { openApiDocument } from '@/lib/api/openapi';
import { operations, unlistedRoutes } from '@/lib/api/registry';
import { pathOfRouteFile, routeModules, runScenario, type Answer } from './scenario';

// Outside a Next request next-auth cannot read cookies: no session, so only API keys identify callers.
vi.mock('next-auth', async (importOriginal) => ({ ...(await importOriginal<typeof import('next-auth')>()), getServerSession: async () => null }));

const doc = openApiDocument();
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

// The document is the schema root, so `#/components/schemas/…` references resolve; formats are checked by zod.
const ajv = new Ajv({ allErrors: true, unknownFormats: 'ignore', schemaId: 'auto' });
ajv.addSchema(doc as object, 'openapi');
const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

function validate(answer: Answer): string[] {
  const op = doc.paths[answer.path]?.[answer.method];
  if (!op) return [`${answer.method.toUpperCase()} ${answer.path} is not in the document`];
  const response = op.responses[String(answer.status)];
  if (!response) return [`${answer.method.toUpperCase()} ${answer.path} answered ${answer.status}, which the document does not list (${Object.keys(op.responses).join(', ')})`];
  if (!response.content) return answer.body === '' ? [] : [`${answer.status} should have no body`];
  const type = answer.contentType.split(';')[0]!.trim();
  if (!response.content[type]) return [`${answer.status} answered ${type}, the document lists ${Object.keys(response.content).join(', ')}`];
  if (type !== 'application/json') return typeof answer.body === 'string' && answer.body.length > 0 ? [] : ['empty non-JSON answer'];
  const ref = `openapi#/${pointer('paths', answer.path, answer.method, 'responses', String(answer.status), 'content', 'application/json', 'schema')}`;
  const where = `${answer.method.toUpperCase()} ${answer.path} ${answer.status}`;
  if (!ajv.validate({ $ref: ref }, answer.body)) return (ajv.errors ?? []).map((e) => `${where}: ${e.dataPath || '(root)'} ${e.message} ${JSON.stringify(e.params)}`);
  // The zod schema the document was generated from agrees (formats such as uuid and date-time included).
  const schema = operations.find((o) => o.method === answer.method && o.path === answer.path)!.responses[answer.status]!.schema!;
  const parsed = schema.safeParse(answer.body);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${where} (zod): ${i.path.join('.')} ${i.message}`);
}

describe('the API document', () => {
  it('has an entry for every route file under app/api, and every method a route exports', async () => {
    const registered = new Set(operations.map((op) => `${op.method} ${op.path}`));
    const exported = new Set<string>();
    for (const [file, load] of Object.entries(routeModules)) {
      const path = pathOfRouteFile(file);
      if (path in unlistedRoutes) continue;
      const mod = await load();
      for (const m of METHODS) if (typeof mod[m] === 'function') exported.add(`${m.toLowerCase()} ${path}`);
      expect(METHODS.some((m) => registered.has(`${m.toLowerCase()} ${path}`)), `${file} has no registry entry`).toBe(true);
    }
    expect([...exported].filter((k) => !registered.has(k)), 'exported but not registered').toEqual([]);
    expect([...registered].filter((k) => !exported.has(k)), 'registered but not exported').toEqual([]);
  });

  it('is OpenAPI 3.1 with response schemas for every operation', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const success = Object.entries(op.responses).filter(([s]) => s.startsWith('2'));
        expect(success.length, `${method} ${path}`).toBeGreaterThan(0);
        for (const [status, r] of success) if (status !== '204') expect(r.content, `${method} ${path} ${status}`).toBeDefined();
      }
    }
    // Each JSON schema of the document compiles.
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        for (const status of Object.keys(op.responses)) {
          if (!op.responses[status]!.content?.['application/json']) continue;
          expect(() => ajv.compile({ $ref: `openapi#/${pointer('paths', path, method, 'responses', status, 'content', 'application/json', 'schema')}` })).not.toThrow();
        }
      }
    }
  });
});

describe('every real answer validates against the document', () => {
  const answers: Answer[] = [];
  beforeAll(async () => {
    await ensureClickHouse();
    await runScenario((a) => void answers.push(a));
  }, 600_000);

  it('for every registered operation, with data behind it', () => {
    const problems = answers.flatMap(validate);
    expect(problems).toEqual([]);
    const succeeded = new Set(answers.filter((a) => a.status < 300).map((a) => `${a.method} ${a.path}`));
    expect(operations.map((op) => `${op.method} ${op.path}`).filter((k) => !succeeded.has(k)), 'operations the scenario never called successfully').toEqual([]);
    // Failures answer in the one error shape too.
    expect(new Set(answers.filter((a) => a.status >= 400).map((a) => a.status))).toEqual(new Set([400, 401, 403, 404, 409]));
  });

  it('a wrong answer fails: the check is not vacuous', () => {
    const list = answers.find((a) => a.method === 'get' && a.path === '/api/campaigns' && a.status === 200)!;
    expect(validate({ ...list, body: { ...list.body, nextCursor: 7 } })).not.toEqual([]);
    expect(validate({ ...list, body: { campaigns: list.body.items } })).not.toEqual([]);
    expect(validate({ ...list, status: 418 })).not.toEqual([]);
  });
});
