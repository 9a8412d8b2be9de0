/**
 * The error a promise rejects with, or null if it resolves — caught at once, so a test can run fake
 * timers (a timeout, a reconnect) before it looks, without an unhandled rejection in between.
 */
export function rejectionOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => null,
    (e: unknown) => e,
  );
}
