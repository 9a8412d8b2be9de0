/**
 * The desktop app's core host as a Node child process (child_process.fork with tsx): the same
 * runCoreHost the utility process runs, its port made of Node's IPC channel. Lets the tests kill -9
 * the real host and restart it, which needs no Electron binary.
 */
import { runCoreHost } from '../../electron/main/core-host-runner.js';

// Node's process.send is asynchronous: exit only once what was posted (the 'closed' answer) is out.
let sending = 0;
let exitCode: number | null = null;
const exitWhenSent = () => {
  if (exitCode !== null && sending === 0) process.exit(exitCode);
};

void runCoreHost(
  {
    postMessage: (m) => {
      sending++;
      process.send?.(m, () => {
        sending--;
        exitWhenSent();
      });
    },
    on: (_event, listener) => process.on('message', (data) => listener({ data })),
  },
  {
    env: process.env,
    exit: (code) => {
      exitCode = code;
      exitWhenSent();
    },
  },
).catch(() => undefined);
