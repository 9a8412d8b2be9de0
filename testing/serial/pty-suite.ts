/**
 * `describe` for suites that need socat. With CI=true a missing socat is a failing test (CI must run
 * the real thing); elsewhere the suite is skipped with a loud message.
 */
import { describe, it } from 'vitest';
import { socatGate } from './socat-pair.js';

const gate = socatGate();

export function describeWithSocat(name: string, body: () => void): void {
  if (gate.ok) {
    describe(name, body);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('has socat (required with CI=true)', () => {
        throw new Error(gate.reason ?? 'socat missing');
      });
    });
    return;
  }
  console.warn(`\n*** SKIPPING "${name}": ${gate.reason} ***\n`);
  describe.skip(name, body);
}
