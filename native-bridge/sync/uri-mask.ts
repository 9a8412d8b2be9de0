/**
 * Keeps the MongoDB password out of everything the station shows or logs. A URI is masked before it
 * leaves the core (settings shown in the UI), and any message that might echo it (a driver error) is
 * scrubbed of the URI, its password and its secret options.
 */

export const MASK = '••••';

/** Query options that carry secrets of their own (AWS session tokens, a key file's password). */
const SECRET_OPTIONS = /([?&](?:authMechanismProperties|tlsCertificateKeyFilePassword|sslPEMKeyPassword)=)[^&]*/gi;

/** `mongodb://user:secret@host/db?…` → `mongodb://user:••••@host/db?…`; anything unparseable is masked more, not less. */
export function maskUri(uri: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(uri);
  const head = scheme ? scheme[0] : '';
  let rest = uri.slice(head.length);
  // The last '@' ends the user info: a mistyped password may hold an unescaped '@', '/' or '?', so
  // nothing before it is trusted to be host or path (an '@' in the options masks more, never less).
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    const userInfo = rest.slice(0, at);
    const colon = userInfo.indexOf(':');
    const user = colon < 0 ? userInfo : userInfo.slice(0, colon);
    rest = `${user}${colon < 0 ? '' : `:${MASK}`}@${rest.slice(at + 1)}`;
  }
  return (head + rest).replace(SECRET_OPTIONS, `$1${MASK}`);
}

/** The secrets inside a URI: the password (raw and decoded) and the values of secret options. */
export function uriSecrets(uri: string): string[] {
  const out: string[] = [];
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(uri);
  const rest = uri.slice(scheme ? scheme[0].length : 0);
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    const userInfo = rest.slice(0, at);
    const colon = userInfo.indexOf(':');
    if (colon >= 0) {
      const raw = userInfo.slice(colon + 1);
      out.push(raw);
      try {
        out.push(decodeURIComponent(raw));
      } catch {
        // A malformed escape: the raw form is all there is.
      }
    }
  }
  for (const m of uri.matchAll(SECRET_OPTIONS)) out.push(uri.slice(m.index + m[1]!.length, m.index + m[0].length));
  return out.filter((s) => s.length > 0);
}

/** A message with the URI, its password and secret options replaced, whatever echoed them. */
export function scrub(message: string, uri: string | null): string {
  if (!uri) return message;
  let out = message.split(uri).join(maskUri(uri));
  for (const s of uriSecrets(uri).sort((a, b) => b.length - a.length)) out = out.split(s).join(MASK);
  return out;
}
