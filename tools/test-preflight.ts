/**
 * The first lines of `npm test`: which suites will skip on this machine, and the one command that
 * enables them. It never fails the run itself — with CI=true the suites fail on their own.
 */
import { PREREQUISITES } from '../testing/prerequisites.js';

const rows = PREREQUISITES.map((p) => ({ p, why: p.missing() }));
const missing = rows.filter((r) => r.why !== null);
console.log('Test prerequisites:');
for (const { p, why } of rows)
  console.log(
    why === null
      ? `  ok       ${p.name}`
      : `  MISSING  ${p.name}: ${why} — ${p.suites} will ${process.env.CI === 'true' && !p.name.startsWith('Electron') ? 'FAIL (CI=true)' : 'SKIP'}`,
  );
console.log(
  missing.length === 0
    ? 'Every suite will run.'
    : `${missing.length} prerequisite(s) missing. To install what this machine can get and run everything: npm run setup-and-test`,
);
