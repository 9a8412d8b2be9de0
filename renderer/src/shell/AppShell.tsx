/**
 * The frame every view lives in: header, standing notices, tab bar and the active tab. It owns the
 * station-wide state (status, connection, notices, pushed snapshots) and shares it through context.
 */
import { useMemo, useState } from 'react';
import type { StationApi } from '../../../native-bridge/contract/index.js';
import { AlarmBanner } from '../alarms/AlarmBanner.js';
import { AlarmsProvider } from '../alarms/AlarmsContext.js';
import { AlarmsTab } from '../alarms/AlarmsTab.js';
import { DeviceBar } from '../devices/DeviceBar.js';
import { SyncPanel } from '../settings/SyncPanel.js';
import { DevicesPanel } from '../devices/DevicesPanel.js';
import { staleDeviceIds } from '../devices/device-format.js';
import { StaleDevicesProvider } from '../devices/StaleDevices.js';
import { useDeviceLinks } from '../devices/useDeviceLinks.js';
import { useConnectionReport } from '../hooks/useConnectionReport.js';
import { useLiveSnapshot } from '../hooks/useLiveSnapshot.js';
import { usePushedNotices } from '../hooks/usePushedNotices.js';
import { useStationStatus } from '../hooks/useStationStatus.js';
import { HistoryTab } from '../history/HistoryTab.js';
import { InsightsTab } from '../insights/InsightsTab.js';
import { LiveTab } from '../live/LiveTab.js';
import { InterlockPanel } from '../settings/InterlockPanel.js';
import { ServerAccessPanel } from '../settings/ServerAccessPanel.js';
import { StationProvider, type StationView } from '../station/StationContext.js';
import { AppHeader } from './AppHeader.js';
import { CorePulseChip } from './CorePulseChip.js';
import { connectionState } from './link-liveness.js';
import { NoticeBanner } from './NoticeBanner.js';
import { mergeNotices, standingProblems } from './notice-rules.js';
import { TabBar } from './TabBar.js';
import { TABS, type TabId } from './tabs.js';

export function AppShell({ station }: { station: StationApi }) {
  const [tab, setTab] = useState<TabId>('live');
  const [dismissed, setDismissed] = useState<ReadonlySet<number>>(new Set());
  const reported = useConnectionReport(station);
  const pushed = usePushedNotices(station);
  const { status, anyCallSucceeded } = useStationStatus(station, reported, pushed.length);
  const snapshot = useLiveSnapshot(station);
  const connection = connectionState(reported, anyCallSucceeded);

  const notices = useMemo(() => mergeNotices(status?.notices ?? [], pushed), [status, pushed]);
  const problems = useMemo(() => standingProblems(notices, dismissed), [notices, dismissed]);
  const view = useMemo<StationView>(() => ({ station, status, connection }), [station, status, connection]);
  const devices = snapshot.devices ?? status?.devices ?? [];
  const deviceLinks = useDeviceLinks(station);
  const stale = useMemo(() => staleDeviceIds(deviceLinks.links), [deviceLinks.links]);

  return (
    <StationProvider value={view}>
      <AlarmsProvider station={station}>
        <div className="app">
          <AppHeader status={status} connection={connection} devices={devices} lastAdvanceMs={snapshot.lastAdvanceMs}>
            <CorePulseChip station={station} />
          </AppHeader>
          <AlarmBanner onOpenAlarms={() => setTab('alarms')} />
          <NoticeBanner problems={problems} onDismiss={(id) => setDismissed((s) => new Set([...s, id]))} />
          <DeviceBar
            links={deviceLinks.links}
            receivedAtMs={deviceLinks.receivedAtMs}
            onManage={() => setTab('settings')}
          />
          <TabBar tabs={TABS} active={tab} onSelect={setTab} />
          <main className="app-main" id={`panel-${tab}`} role="tabpanel" aria-labelledby={`tab-${tab}`}>
            <StaleDevicesProvider value={stale}>
              {tab === 'live' ? <LiveTab /> : null}
              {tab === 'insights' ? <InsightsTab /> : null}
              {tab === 'history' ? <HistoryTab /> : null}
              {tab === 'alarms' ? <AlarmsTab /> : null}
              {tab === 'settings' ? (
                <>
                  <DevicesPanel
                    links={deviceLinks.links}
                    receivedAtMs={deviceLinks.receivedAtMs}
                    onChanged={deviceLinks.refresh}
                  />
                  <InterlockPanel links={deviceLinks.links} />
                  <SyncPanel />
                  <ServerAccessPanel />
                </>
              ) : null}
            </StaleDevicesProvider>
          </main>
        </div>
      </AlarmsProvider>
    </StationProvider>
  );
}
