/**
 * Which links the station opens in the user's browser: `https:` pages of the hosts listed here and
 * nothing else. shell.openExternal hands a URL to the OS, which opens `file:`, `smb:` or a custom
 * handler's scheme as readily as a web page, so anything the page asks to open is checked first.
 */

/** USB-serial driver vendors the setup notes point to (CP210x, CH340) and Espressif's documentation. */
export const EXTERNAL_HOSTS: readonly string[] = [
  'www.silabs.com',
  'www.wch-ic.com',
  'www.wch.cn',
  'docs.espressif.com',
];

export function isAllowedExternalUrl(url: string, hosts: readonly string[] = EXTERNAL_HOSTS): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'https:' &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === '' &&
    hosts.includes(parsed.hostname)
  );
}

/** Opens an allowed link; says whether it did. Never throws: the OS refusing is not the page's problem. */
export function openExternalIfAllowed(open: (url: string) => Promise<void>, url: string): boolean {
  if (!isAllowedExternalUrl(url)) return false;
  open(url).catch(() => undefined);
  return true;
}
