/** A numbered schema step. Applied in order, each in its own transaction, recorded in user_version. */
export interface Migration {
  version: number;
  name: string;
  up: string;
}
