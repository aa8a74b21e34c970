/**
 * The one Cookie-header parser, used by the browser shell's session (electron/web/auth.ts) and the share
 * server's password and terms state (share/server-state.ts).
 *
 * Every value the Cookie header gives for `name`. There may be several: cookies are not isolated by
 * port, so another server on 127.0.0.1 can set a cookie of the same name (with a longer Path, sent
 * first). The caller accepts the request if any value is valid, so such a cookie cannot lock us out.
 */
export function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) values.push(part.slice(eq + 1).trim());
  }
  return values;
}
