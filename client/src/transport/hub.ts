import { HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel } from '@microsoft/signalr';
import type { Job, WatchSnapshot, WireRecord } from '../types';

export interface WatchHandlers {
  snapshot(snapshot: WatchSnapshot): void;
  epochs(records: WireRecord[]): void;
  status(job: Job): void;
}

type Pending = { kind: 'epochs'; records: WireRecord[] } | { kind: 'status'; job: Job };

/**
 * The SignalR link to /hubs/training. Live messages for a job can overtake the reply to Watch, so they are held
 * until the snapshot has been applied, then replayed in order.
 */
export class TrainingConnection {
  private readonly connection: HubConnection;
  private watching: { jobId: string; handlers: WatchHandlers; ready: boolean; held: Pending[] } | null = null;

  constructor(url = '/hubs/training') {
    this.connection = new HubConnectionBuilder().withUrl(url).withAutomaticReconnect().configureLogging(LogLevel.Warning).build();
    this.connection.on('Epochs', (jobId: string, records: WireRecord[]) => this.dispatch(jobId, { kind: 'epochs', records }));
    this.connection.on('Status', (job: Job) => this.dispatch(job.id, { kind: 'status', job }));
    // After a reconnect the group membership is gone: watch again; the state drops records it already has.
    this.connection.onreconnected(() => {
      if (this.watching) void this.watch(this.watching.jobId, this.watching.handlers);
    });
  }

  async watch(jobId: string, handlers: WatchHandlers): Promise<void> {
    await this.unwatch();
    const watching = { jobId, handlers, ready: false, held: [] as Pending[] };
    this.watching = watching;
    await this.ensureStarted();
    const snapshot = await this.connection.invoke<WatchSnapshot>('Watch', jobId);
    if (this.watching !== watching) return;
    handlers.snapshot(snapshot);
    for (const message of watching.held) this.deliver(handlers, message);
    watching.held.length = 0;
    watching.ready = true;
  }

  async unwatch(): Promise<void> {
    const previous = this.watching;
    this.watching = null;
    if (previous && this.connection.state === HubConnectionState.Connected) {
      await this.connection.invoke('Unwatch', previous.jobId);
    }
  }

  private async ensureStarted(): Promise<void> {
    if (this.connection.state === HubConnectionState.Disconnected) await this.connection.start();
  }

  private dispatch(jobId: string, message: Pending): void {
    const w = this.watching;
    if (!w || w.jobId !== jobId) return;
    if (w.ready) this.deliver(w.handlers, message);
    else w.held.push(message);
  }

  private deliver(handlers: WatchHandlers, message: Pending): void {
    if (message.kind === 'epochs') handlers.epochs(message.records);
    else handlers.status(message.job);
  }
}
