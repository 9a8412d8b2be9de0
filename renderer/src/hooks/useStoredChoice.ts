/**
 * A UI choice (refresh interval, chart window) remembered across restarts in localStorage. The
 * stored text goes through `parse`, so an old or hand-edited value can only fall back to the default.
 */
import { useCallback, useState } from 'react';

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null; // storage disabled (privacy mode, file:// quirks): choices just are not remembered
  }
}

export function useStoredChoice<T extends string | number>(
  key: string,
  parse: (raw: unknown) => T,
): [T, (v: T) => void] {
  const [value, setValue] = useState<T>(() => parse(read(key)));
  const set = useCallback(
    (v: T) => {
      setValue(v);
      try {
        window.localStorage.setItem(key, String(v));
      } catch {
        /* see read() */
      }
    },
    [key],
  );
  return [value, set];
}
