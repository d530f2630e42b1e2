// Signing in with the admin token, and the page shown when something goes wrong.
import { Layout, type PageFrame } from "./layout.js";

export function LoginPage({
  frame,
  next,
  loginNonce,
  error,
  writesEnabled,
}: {
  frame: PageFrame;
  next: string;
  loginNonce: string;
  error?: string;
  writesEnabled: boolean;
}) {
  return (
    <Layout title="Sign in" frame={frame}>
      <div class="narrow">
        <h1>Sign in</h1>
        {!writesEnabled ? (
          <p class="notice notice-info">
            Signing in is not possible yet because <code>ADMIN_TOKEN</code> is not set. Set it to a secret of
            at least 12 characters in the service's environment (for example in <code>.env</code>) and restart
            policywatch.
          </p>
        ) : (
          <form method="post" action="/login">
            {error ? (
              <p class="notice notice-error" role="alert">
                {error}
              </p>
            ) : null}
            <input type="hidden" name="next" value={next} />
            <input type="hidden" name="_login" value={loginNonce} />
            <div class="field">
              <label for="token">Admin token</label>
              <input
                id="token"
                name="token"
                type="password"
                autocomplete="current-password"
                required
                autofocus
              />
              <p class="hint">
                The value of ADMIN_TOKEN in the service's environment. You stay signed in for 12 hours.
              </p>
            </div>
            <div class="form-actions">
              <button type="submit" class="primary">
                Sign in
              </button>
            </div>
          </form>
        )}
      </div>
    </Layout>
  );
}

export function ErrorPage({ frame, status, message }: { frame: PageFrame; status: number; message: string }) {
  const title =
    status === 404
      ? "Not found"
      : status === 401 || status === 403
        ? "Not allowed"
        : status >= 500
          ? "Server error"
          : "Cannot do that";
  return (
    <Layout title={title} frame={frame}>
      <div class="narrow">
        <h1>{title}</h1>
        <p class={`notice ${status >= 500 ? "notice-error" : "notice-info"}`} role="alert">
          {message}
        </p>
        <p>
          {status === 401 ? (
            <a href={`/login?next=${encodeURIComponent(frame.path)}`}>Sign in</a>
          ) : (
            <a href="/">Back to the overview</a>
          )}
        </p>
      </div>
    </Layout>
  );
}
