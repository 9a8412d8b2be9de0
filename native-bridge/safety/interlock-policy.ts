/**
 * When the rig interlock opens a device's relay: a rule or model alarm of that device at Alarm or
 * Runaway (severity `alarm` or `critical`) raised, escalated or returned while the operator has the interlock on.
 * Once per episode: the relay is not commanded again until every such alarm of the device has cleared,
 * so an operator who closes the relay on purpose during an alarm is not overruled every second. Turning
 * the interlock on while such an alarm stands opens the relay at once. Link alarms never trip it: the
 * firmware opens the relay on its own when it loses the host.
 */
import { SEVERITY_RANK, isAlarmOnset, type Alarm, type AlarmTransition } from '../contract/index.js';

const trips = (a: Alarm) =>
  (a.source === 'rule' || a.source === 'model') &&
  a.deviceId !== null &&
  SEVERITY_RANK[a.severity] >= SEVERITY_RANK.alarm;

export class InterlockPolicy {
  /** Device → ids of its tripping alarms still open. */
  private readonly episodes = new Map<string, Set<number>>();

  constructor(
    private readonly openRelay: (deviceId: string, reason: string) => void,
    private enabled: boolean,
  ) {}

  get isEnabled(): boolean {
    return this.enabled;
  }

  /** `open`: the alarms open now, to act on when the interlock is turned on during an episode. */
  setEnabled(enabled: boolean, open: readonly Alarm[] = []): void {
    const turnedOn = enabled && !this.enabled;
    this.enabled = enabled;
    if (!turnedOn) return;
    this.episodes.clear();
    for (const a of open) if (a.clearedAtMs === null) this.onAlarmChanged(a, 'raised');
  }

  onAlarmChanged(a: Alarm, change: AlarmTransition): void {
    if (!trips(a)) return;
    const deviceId = a.deviceId!;
    if (change === 'cleared') {
      const ids = this.episodes.get(deviceId);
      ids?.delete(a.id);
      if (ids?.size === 0) this.episodes.delete(deviceId);
      return;
    }
    if (!isAlarmOnset(change)) return;
    const ids = this.episodes.get(deviceId);
    if (ids) return void ids.add(a.id);
    // Off: the episode is not remembered, so turning the interlock on later acts on it (setEnabled).
    if (!this.enabled) return;
    this.episodes.set(deviceId, new Set([a.id]));
    this.openRelay(deviceId, a.message);
  }
}
