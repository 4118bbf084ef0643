'use client';

import { useSearchParams } from 'next/navigation';
import { ChartCard, CsvLink } from './chart-card';
import { RangePicker, useSetParams } from './range-picker';
import { templatesReportParams } from '@/lib/analytics/query-key';
import { csvHref, useAnalytics } from './fetch';
import { useFormat } from '@/components/format-provider';
import { DataTable, type Column } from '@/components/ui/data-table';
import type { TemplatesData } from './types';

type Row = TemplatesData['topTemplates'][number];

function TemplateTable({ rows }: { rows: Row[] }) {
  const f = useFormat();
  const columns: Column<Row>[] = [
    { header: 'Template', className: 'max-w-xs truncate', cell: (r) => <span title={r.name ?? r.templateId}>{r.name ?? <span className="text-gray-400">{r.templateId}</span>}</span> },
    { header: 'Sent', align: 'right', cell: (r) => f.number(r.usageCount) },
    { header: 'Open rate', align: 'right', cell: (r) => f.percent(r.openRate) },
    { header: 'Click rate', align: 'right', cell: (r) => f.percent(r.clickRate) },
  ];
  return <DataTable rows={rows} columns={columns} rowKey={(r) => r.templateId} caption="Templates by open rate" frame="bare" />;
}

/** Best and worst templates over the URL's range, among those sent at least `minVolume` times. */
export function TemplatesReport() {
  const sp = useSearchParams();
  const setParams = useSetParams();
  const params = templatesReportParams((key) => sp.get(key));
  const { minVolume } = params;
  const query = useAnalytics<TemplatesData>('templates', params);
  const empty = `No template was sent at least ${minVolume} times in this period.`;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <RangePicker defaultPreset="30d" />
        <label className="text-xs text-gray-600">
          Sent at least
          <input type="number" min={0} className="input mt-0.5 w-28" defaultValue={minVolume} onBlur={(e) => setParams({ minVolume: e.target.value === '100' ? null : e.target.value })} onKeyDown={(e) => e.key === 'Enter' && setParams({ minVolume: e.currentTarget.value })} />
        </label>
      </div>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <ChartCard title="Best performing" subtitle="Highest open rate" query={query} skeleton="list" isEmpty={(d) => d.topTemplates.length === 0} empty={empty} actions={<CsvLink href={csvHref('templates', params, 'topTemplates')} />} testId="top-templates">
          {(d) => <TemplateTable rows={d.topTemplates} />}
        </ChartCard>
        <ChartCard title="Worst performing" subtitle="Lowest open rate" query={query} skeleton="list" isEmpty={(d) => d.worstPerforming.length === 0} empty={empty} actions={<CsvLink href={csvHref('templates', params, 'worstPerforming')} />} testId="worst-templates">
          {(d) => <TemplateTable rows={d.worstPerforming} />}
        </ChartCard>
      </div>
    </div>
  );
}
