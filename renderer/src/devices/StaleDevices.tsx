/**
 * Which devices' values are not current, for any view that shows readings (the Live table marks
 * their rows). Provided by the shell from the pushed link health.
 */
import { createContext, useContext, type ReactNode } from 'react';

const StaleDevicesContext = createContext<ReadonlySet<string>>(new Set());

export function StaleDevicesProvider({ value, children }: { value: ReadonlySet<string>; children: ReactNode }) {
  return <StaleDevicesContext.Provider value={value}>{children}</StaleDevicesContext.Provider>;
}

export function useStaleDevices(): ReadonlySet<string> {
  return useContext(StaleDevicesContext);
}
