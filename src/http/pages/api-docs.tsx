// /api: the API in a glance, from the same operation list as /api/openapi.json.
import type { ApiOperation } from "../openapi.js";
import { Layout, type PageFrame } from "./layout.js";

export function ApiDocsPage({
  frame,
  operations,
  baseUrl,
}: {
  frame: PageFrame;
  operations: ApiOperation[];
  baseUrl: string;
}) {
  return (
    <Layout title="API" frame={frame}>
      <div class="page-head">
        <h1>JSON API</h1>
        <p class="muted">
          The same data as the pages. Machine-readable description:{" "}
          <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).
        </p>
      </div>
      <p>
        Reading is open unless the server sets <code>REQUIRE_TOKEN_FOR_READS=true</code>. Every write needs
        the header <code>Authorization: Bearer &lt;ADMIN_TOKEN&gt;</code>. Errors are{" "}
        <code>{'{"error": {"kind", "message"}}'}</code> with status 400 (bad input, the message names the
        field), 401/403, 404, 409 (already exists) or 422 (a source that yields nothing).
      </p>
      <p>
        Example: <code>curl {baseUrl}/api/status</code>
      </p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Method</th>
              <th scope="col">Path</th>
              <th scope="col">What it does</th>
              <th scope="col">Token</th>
            </tr>
          </thead>
          <tbody>
            {operations.map((op) => (
              <tr>
                <td>
                  <code>{op.method.toUpperCase()}</code>
                </td>
                <td>
                  <code>{op.path}</code>
                </td>
                <td>{op.summary}</td>
                <td>{op.write || op.admin ? "required" : "no"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
