import Link from 'next/link';

interface Row {
  id: string;
  toAddress: string;
  fromAddress: string;
  subject: string;
  createdAt: string;
}

/** Messages the local sink kept, newest first. */
export function SinkMessagesTable({ messages }: { messages: Row[] }) {
  return (
    <div className="card overflow-x-auto p-0">
      <table className="table" data-testid="outbox-table">
        <thead>
          <tr><th>Sent</th><th>To</th><th>Subject</th><th>From</th></tr>
        </thead>
        <tbody className="divide-y divide-gray-100">
          {messages.map((m) => (
            <tr key={m.id}>
              <td><time dateTime={m.createdAt}>{m.createdAt.slice(0, 19).replace('T', ' ')} UTC</time></td>
              <td>{m.toAddress}</td>
              <td className="max-w-md truncate"><Link href={`/outbox/${m.id}`} className="font-medium text-indigo-700 hover:underline">{m.subject || '(no subject)'}</Link></td>
              <td className="text-gray-500">{m.fromAddress}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
