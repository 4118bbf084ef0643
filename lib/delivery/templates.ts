import { db } from '@/lib/db';
import { prepareTemplate, type PreparedTemplate } from '@/lib/delivery/compose';

/** The templates of one dispatch run, each loaded and compiled once however many batches use it. */
export class RunTemplates {
  private readonly prepared = new Map<string, PreparedTemplate>();

  constructor(private readonly workspaceId: string) {}

  /** Loads the ones not seen yet in one query; a template deleted since activation becomes a permanent error. */
  async load(ids: Iterable<string>): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.prepared.has(id));
    if (!missing.length) return;
    const rows = await db.template.findMany({ where: { id: { in: missing }, workspaceId: this.workspaceId } });
    for (const t of rows) this.prepared.set(t.id, prepareTemplate(t));
    for (const id of missing) {
      if (!this.prepared.has(id)) this.prepared.set(id, { id, channel: 'email', compiled: null, error: 'The template was deleted', usesQrCode: false, usesViewUrl: false });
    }
  }

  get(id: string): PreparedTemplate {
    const t = this.prepared.get(id);
    if (!t) throw new Error(`Template ${id} was not loaded`);
    return t;
  }
}
