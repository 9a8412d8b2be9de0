import type { z } from 'zod';

/** One request of the contract: the params the core accepts and the result it promises. */
export function method<P extends z.ZodType, R extends z.ZodType>(params: P, result: R) {
  return { params, result };
}
