/**
 * Whether a request's Content-Type says JSON: `application/json` (any parameters, e.g.
 * `; charset=utf-8`) or the JSON-RPC names `application/json-rpc` and `application/jsonrequest`.
 * A browser can send `text/plain`, `application/x-www-form-urlencoded` or `multipart/form-data`
 * from any web page without asking the server first; requiring JSON keeps such cross-site
 * requests away from `/rpc` when authentication is off.
 */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const semicolon = header.indexOf(';');
  const type = (semicolon < 0 ? header : header.slice(0, semicolon)).trim().toLowerCase();
  return type === 'application/json' || type === 'application/json-rpc' || type === 'application/jsonrequest';
}
