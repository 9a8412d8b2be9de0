/**
 * The station's tabs in one registry. A tab whose capability has not landed stays visible but
 * disabled, and says which capability brings it — the UI never shows placeholder data.
 */
export type TabId = 'live' | 'insights' | 'history' | 'alarms' | 'settings';

export interface TabDef {
  id: TabId;
  label: string;
  /** Null when the tab is available; otherwise why it is not, shown as its tooltip. */
  comingWith: string | null;
}

export const TABS: readonly TabDef[] = [
  { id: 'live', label: 'Live', comingWith: null },
  { id: 'insights', label: 'Insights', comingWith: null },
  { id: 'history', label: 'History', comingWith: null },
  { id: 'alarms', label: 'Alarms', comingWith: null },
  { id: 'settings', label: 'Settings', comingWith: null },
];
