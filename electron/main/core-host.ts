/**
 * Runs the station core in an Electron utility process, so SQLite writes and inference never block
 * the main (UI) thread. What it does is core-host-runner.ts; this hands it the utility process's port.
 */
import { runCoreHost } from './core-host-runner.js';

void runCoreHost(process.parentPort, { env: process.env, exit: (code) => process.exit(code) }).catch(() => undefined);
