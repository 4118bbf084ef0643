import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { csvCell } from '@/lib/csv';
import { GET as rejectsRoute } from '@/app/api/imports/[id]/rejects.csv/route';
import { createWorkspace } from '../helpers/factory';
import { keyFor } from '../helpers/routes';

const payloads = ['=HYPERLINK("https://evil.example","x")', '+1+cmd|calc', '-2+3', '@SUM(A1:A2)', '\t=1', '\r=1'];

describe('CSV injection', () => {
  it.each(payloads)('the shared writer neutralises %j as text', (cell) => {
    expect(csvCell(cell).replace(/^"/, '')).toMatch(/^'/);
  });

  it('rejects.csv guards formula cells in the reason and raw columns', async () => {
    const { workspace } = await createWorkspace();
    const key = await keyFor(workspace.id, 'viewer');
    const imp = await db.contactImport.create({ data: { workspaceId: workspace.id, fileName: 'evil.csv', status: 'completed' } });
    await db.contactImportReject.createMany({
      data: payloads.map((p, i) => ({ importId: imp.id, rowNumber: i + 2, reason: p, raw: `${p},x@example.test` })),
    });
    const res = await rejectsRoute(new Request(`http://herald.test/api/imports/${imp.id}/rejects.csv`, { headers: { authorization: `Bearer ${key}` } }), {
      params: Promise.resolve({ id: imp.id }),
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    // Every cell that is not a row number starts with the guard, quoted or not.
    for (const p of payloads) {
      expect(text).toContain(csvCell(p));
      expect(text).not.toMatch(new RegExp(`(^|,)"?${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
    }
  });
});
