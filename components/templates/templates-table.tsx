import Link from 'next/link';

interface Row {
  id: string;
  name: string;
  subject: string;
  updatedAt: string;
}

/** The workspace's templates, most recently changed first. */
export function TemplatesTable({ templates }: { templates: Row[] }) {
  return (
    <div className="card overflow-x-auto p-0">
      <table className="table" data-testid="templates-table">
        <thead>
          <tr><th>Name</th><th>Subject</th><th>Updated</th></tr>
        </thead>
        <tbody className="divide-y divide-gray-100">
          {templates.map((t) => (
            <tr key={t.id}>
              <td className="font-medium"><Link href={`/templates/${t.id}`} className="text-indigo-700 hover:underline">{t.name}</Link></td>
              <td className="max-w-md truncate">{t.subject}</td>
              <td><time dateTime={t.updatedAt}>{t.updatedAt.slice(0, 16).replace('T', ' ')} UTC</time></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
