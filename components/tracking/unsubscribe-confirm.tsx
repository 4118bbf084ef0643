interface Props {
  action: string;
  email: string;
  workspaceName: string;
  unsubscribed: boolean;
}

/** The page behind an email's unsubscribe link: one button, or the confirmation once it is done. */
export function UnsubscribeConfirm({ action, email, workspaceName, unsubscribed }: Props) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-3 p-8 text-center">
      {unsubscribed ? (
        <>
          <h1 className="text-2xl font-semibold">You are unsubscribed</h1>
          <p className="text-gray-500">
            {email} will get no more emails from {workspaceName}.
          </p>
        </>
      ) : (
        <>
          <h1 className="text-2xl font-semibold">Unsubscribe from {workspaceName}?</h1>
          <p className="text-gray-500">{email} will get no more of these emails.</p>
          <form method="post" action={action}>
            <button type="submit" className="btn-primary mt-2">
              Unsubscribe
            </button>
          </form>
        </>
      )}
    </main>
  );
}
