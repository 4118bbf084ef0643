interface Message {
  toAddress: string;
  fromAddress: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  createdAt: string;
}

/** One kept message: its envelope and headers, the HTML in a frame that may run nothing, and the text part. */
export function SinkMessageView({ message }: { message: Message }) {
  const headers: [string, string][] = [
    ['From', message.fromAddress],
    ['To', message.toAddress],
    ['Subject', message.subject],
    ...Object.entries(message.headers).map(([k, v]) => [k, String(v)] as [string, string]),
  ];
  return (
    <div className="space-y-6">
      <section className="card" aria-labelledby="headers-heading">
        <h2 id="headers-heading" className="text-lg font-semibold">Headers</h2>
        <dl className="mt-3 grid grid-cols-[minmax(8rem,auto)_1fr] gap-x-4 gap-y-1 text-sm" data-testid="outbox-headers">
          {headers.map(([name, value]) => (
            <div key={name} className="contents">
              <dt className="font-mono text-gray-500">{name}</dt>
              <dd className="break-all">{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="card space-y-3" aria-labelledby="html-heading">
        <h2 id="html-heading" className="text-lg font-semibold">HTML</h2>
        <iframe title="Message HTML" sandbox="" srcDoc={message.html} className="h-[40rem] w-full rounded-md border border-gray-200 bg-white" data-testid="outbox-html" />
      </section>
      <section className="card space-y-3" aria-labelledby="text-heading">
        <h2 id="text-heading" className="text-lg font-semibold">Text</h2>
        <pre className="overflow-auto whitespace-pre-wrap rounded-md bg-gray-50 p-3 font-mono text-xs" data-testid="outbox-text">{message.text}</pre>
      </section>
    </div>
  );
}
