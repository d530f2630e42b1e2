// The unsubscribe link's pages. Opening the link only asks (mail scanners open links); the button
// posts, and so does a mail client's one-click unsubscribe (RFC 8058), which needs no page.
import { Layout } from "./layout.js";

export function UnsubscribeConfirmPage({ email, token }: { email: string; token: string }) {
  return (
    <Layout title="Unsubscribe">
      <h2>Unsubscribe</h2>
      <p>
        Stop all policywatch mail to <strong>{email}</strong>?
      </p>
      <form method="post" action={`/unsubscribe/${encodeURIComponent(token)}`}>
        <button type="submit">Unsubscribe</button>
      </form>
    </Layout>
  );
}

export function UnsubscribeDonePage({ email, already }: { email: string; already: boolean }) {
  return (
    <Layout title="Unsubscribed">
      <h2>Unsubscribed</h2>
      <p>
        {already ? "You had already unsubscribed" : "Done"}: policywatch sends no more mail to{" "}
        <strong>{email}</strong>.
      </p>
    </Layout>
  );
}

export function UnsubscribeUnknownPage() {
  return (
    <Layout title="Unsubscribe">
      <h2>Unsubscribe</h2>
      <p>This unsubscribe link is not valid: the subscription may have been removed already.</p>
    </Layout>
  );
}
