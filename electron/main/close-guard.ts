/**
 * Closing the window while a rig streams would stop the recording and the alarms, so it asks first:
 * keep monitoring in the tray (the window hides; the core goes on), quit, or cancel. Once the tray was
 * chosen, later closes hide the window without asking again. Nothing streaming, or the app already
 * quitting: the window just closes.
 */
interface PreventableEvent {
  preventDefault(): void;
}

export interface GuardedWindow {
  on(event: 'close', listener: (e: PreventableEvent) => void): unknown;
  hide(): void;
}

export type CloseChoice = 'tray' | 'quit' | 'cancel';

export interface CloseGuardOptions {
  quitting(): boolean;
  streaming(): boolean;
  ask(): Promise<CloseChoice>;
  quit(): void;
}

export class CloseGuard {
  private inTray = false;
  private asking = false;

  constructor(private readonly opts: CloseGuardOptions) {}

  /** True once the operator chose to keep monitoring in the tray. */
  get monitoringInTray(): boolean {
    return this.inTray;
  }

  guard(win: GuardedWindow): void {
    win.on('close', (e) => {
      if (this.opts.quitting() || !this.opts.streaming()) return;
      e.preventDefault();
      if (this.inTray) {
        win.hide();
        return;
      }
      if (this.asking) return;
      this.asking = true;
      void this.opts
        .ask()
        .catch((): CloseChoice => 'cancel')
        .then((choice) => {
          this.asking = false;
          if (choice === 'tray') {
            this.inTray = true;
            win.hide();
          } else if (choice === 'quit') this.opts.quit();
        });
    });
  }
}

export const CLOSE_DIALOG = {
  type: 'question',
  buttons: ['Keep monitoring in the tray', 'Quit', 'Cancel'],
  defaultId: 0,
  cancelId: 2,
  title: 'A rig is streaming',
  message: 'A rig is streaming. Keep monitoring in the tray?',
  detail:
    'With the window closed the station goes on recording and raising alarms, and the tray icon shows the ' +
    'current risk. Quit stops recording.',
} as const;

export const CLOSE_CHOICES: readonly CloseChoice[] = ['tray', 'quit', 'cancel'];
