/** What a failed call says to the operator: its message, never an "[object Object]". */
export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
