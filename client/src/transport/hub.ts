import { HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel } from '@microsoft/signalr';
import type { Job, WatchPage, WireRecord } from '../types';

export interface WatchHandlers {
  /**
   * The snapshot's first page: the job as it is and the first run of its records, so a long finished job is drawn
   * as soon as that page is in. May take its records over several tasks: the next page waits until it resolves.
   */
  snapshot(job: Job, records: WireRecord[]): void | Promise<void>;
  /** Each further page of the snapshot, in order, once the one before was taken. */
  more(records: WireRecord[]): void | Promise<void>;
  /** Every page has been taken; the live messages that arrived meanwhile follow, in order. */
  complete(job: Job): void | Promise<void>;
  epochs(records: WireRecord[]): void;
  status(job: Job): void;
}

type Pending = { kind: 'epochs'; records: WireRecord[] } | { kind: 'status'; job: Job };

type Watching = { jobId: string; handlers: WatchHandlers; ready: boolean; held: Pending[] };

/**
 * The SignalR link to /hubs/training, watching any number of jobs (the run page one, the compare page several).
 * Live messages for a job can overtake the reply to Watch, so they are held until its snapshot has been applied,
 * then replayed in order. The snapshot comes as a stream of bounded pages (the first carries the job), each handed
 * to the page as it arrives; live messages are held until the stream completes.
 */
export class TrainingConnection {
  private readonly connection: HubConnection;
  private readonly watching = new Map<string, Watching>();

  constructor(url = '/hubs/training') {
    this.connection = new HubConnectionBuilder().withUrl(url).withAutomaticReconnect().configureLogging(LogLevel.Warning).build();
    this.connection.on('Epochs', (jobId: string, records: WireRecord[]) => this.dispatch(jobId, { kind: 'epochs', records }));
    this.connection.on('Status', (job: Job) => this.dispatch(job.id, { kind: 'status', job }));
    // After a reconnect the group memberships are gone: watch again; the states drop records they already have.
    this.connection.onreconnected(() => {
      for (const w of [...this.watching.values()]) void this.watch(w.jobId, w.handlers);
    });
  }

  /** Watches a job (again, if it was watched): its snapshot page by page, then every record and status change. */
  async watch(jobId: string, handlers: WatchHandlers): Promise<void> {
    const watching: Watching = { jobId, handlers, ready: false, held: [] };
    this.watching.set(jobId, watching);
    await this.ensureStarted();
    const current = () => this.watching.get(jobId) === watching;
    const job = await this.readSnapshot(jobId, handlers, current);
    if (!current()) return;
    await handlers.complete(job);
    if (!current()) return;
    for (const message of watching.held) this.deliver(handlers, message);
    watching.held.length = 0;
    watching.ready = true;
  }

  async unwatch(jobId: string): Promise<void> {
    if (!this.watching.delete(jobId)) return;
    if (this.connection.state === HubConnectionState.Connected) await this.connection.invoke('Unwatch', jobId);
  }

  async unwatchAll(): Promise<void> {
    await Promise.all([...this.watching.keys()].map((id) => this.unwatch(id)));
  }

  /**
   * Watch's pages handed over as they arrive, one after the other (a page waits while the one before is still being
   * taken): the first with the job, then the rest. Resolves with the job once every page was taken.
   */
  private readSnapshot(jobId: string, handlers: WatchHandlers, current: () => boolean): Promise<Job> {
    return new Promise((resolve, reject) => {
      let job: Job | null = null;
      let taken: Promise<void> = Promise.resolve();
      let failed = false;
      const fail = (error: unknown) => {
        failed = true;
        reject(error);
      };
      this.connection.stream<WatchPage>('Watch', jobId).subscribe({
        next: (page) => {
          const first = job === null;
          job ??= page.job;
          const known = job;
          taken = taken.then(async () => {
            if (failed || !current()) return;
            if (!known) throw new Error(`Watch of ${jobId} sent no job`);
            await (first ? handlers.snapshot(known, page.records) : handlers.more(page.records));
          });
          taken.catch(fail);
        },
        complete: () => void taken.then(() => (job ? resolve(job) : reject(new Error(`Watch of ${jobId} sent no job`))), fail),
        error: fail,
      });
    });
  }

  // One start for every watch begun while disconnected (the compare page watches several at once).
  private starting: Promise<void> | null = null;

  private async ensureStarted(): Promise<void> {
    if (this.connection.state === HubConnectionState.Disconnected && !this.starting) {
      this.starting = this.connection.start().finally(() => (this.starting = null));
    }
    if (this.starting) await this.starting;
  }

  private dispatch(jobId: string, message: Pending): void {
    const w = this.watching.get(jobId);
    if (!w) return;
    if (w.ready) this.deliver(w.handlers, message);
    else w.held.push(message);
  }

  private deliver(handlers: WatchHandlers, message: Pending): void {
    if (message.kind === 'epochs') handlers.epochs(message.records);
    else handlers.status(message.job);
  }
}
