/** Operator-facing messages (errors, warnings) kept for the UI and echoed to the log. */
import type { Notice } from '../contract/index.js';

export type Logger = (level: Notice['level'], message: string) => void;

export const consoleLogger: Logger = (level, message) => {
  const line = `[station] ${level}: ${message}`;
  if (level === 'error') console.error(line);
  else if (level === 'warning') console.warn(line);
  else console.log(line);
};

export class Notices {
  private list: Notice[] = [];
  private nextId = 1;

  constructor(
    private readonly log: Logger,
    private readonly onNotice: (n: Notice) => void,
    private readonly max = 200,
  ) {}

  add(level: Notice['level'], code: string, message: string): Notice {
    const n: Notice = { id: this.nextId++, tMs: Date.now(), level, code, message };
    this.list.push(n);
    if (this.list.length > this.max) this.list.shift();
    this.log(level, `${message} [${code}]`);
    this.onNotice(n);
    return n;
  }

  all(): Notice[] {
    return [...this.list];
  }
}
