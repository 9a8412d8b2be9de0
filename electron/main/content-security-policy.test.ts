/** The window's CSP: the page may load only its own files and may connect nowhere (it talks over IPC). */
import { describe, expect, it } from 'vitest';
import { APP_CSP, devServerCspDirectives, cspHeader } from './content-security-policy.js';

function parse(header: string): Map<string, string[]> {
  return new Map(
    header.split(';').map((d) => {
      const [name, ...sources] = d.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

describe('APP_CSP', () => {
  const csp = parse(APP_CSP);

  it('denies by default and connects nowhere', () => {
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('connect-src')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('runs only its own scripts: no inline script, no eval, no wildcard anywhere', () => {
    expect(csp.get('script-src')).toEqual(["'self'"]);
    for (const [name, sources] of csp) {
      for (const s of sources) expect(s, name).not.toMatch(/^\*|unsafe-eval|^https?:$|^ws/);
      if (name !== 'style-src') expect(sources, name).not.toContain("'unsafe-inline'");
    }
  });

  it("the dev server's policy adds that server alone, and only to scripts and connections", () => {
    const dev = parse(cspHeader(devServerCspDirectives('http://localhost:5173')));
    expect(dev.get('connect-src')).toEqual(["'self'", 'http://localhost:5173', 'ws://localhost:5173']);
    expect(dev.get('script-src')).toContain('http://localhost:5173');
    expect(dev.get('default-src')).toEqual(["'none'"]);
    expect(dev.get('img-src')).toEqual(csp.get('img-src'));
  });
});
