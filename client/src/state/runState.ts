import { type EpochRecord, type Job, type JobData, type WireRecord, parseRecord } from '../types';

export type Change =
  | { kind: 'reset' }
  | { kind: 'data' }
  | { kind: 'records'; from: number }
  | { kind: 'status' };

/**
 * The open job: its records in epoch order, its data and status. Records are taken only in sequence: one
 * already held is ignored and one past a gap is refused (the caller re-watches), so every view sees each
 * epoch exactly once and in order.
 */
export class RunState {
  job: Job | null = null;
  data: JobData | null = null;
  readonly records: EpochRecord[] = [];
  private readonly listeners = new Set<(change: Change) => void>();

  subscribe(listener: (change: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  reset(job: Job | null): void {
    this.job = job;
    this.data = null;
    this.records.length = 0;
    this.emit({ kind: 'reset' });
  }

  setData(data: JobData): void {
    this.data = data;
    this.emit({ kind: 'data' });
  }

  setJob(job: Job): void {
    this.job = job;
    this.emit({ kind: 'status' });
  }

  /** The next epoch expected. */
  get nextEpoch(): number {
    return this.records.length;
  }

  /** Appends records continuing the sequence. Returns false on a gap (nothing appended past it). */
  append(wire: readonly WireRecord[]): boolean {
    const from = this.records.length;
    let ok = true;
    for (const w of wire) {
      if (w.epoch < this.records.length) continue;
      if (w.epoch > this.records.length) {
        ok = false;
        break;
      }
      this.records.push(parseRecord(w));
    }
    if (this.records.length > from) this.emit({ kind: 'records', from });
    return ok;
  }

  /** The newest record at or before `epoch` that carries ŷ. */
  yhatAt(epoch: number): EpochRecord | null {
    for (let i = Math.min(epoch, this.records.length - 1); i >= 0; i--) {
      if (this.records[i].yhat) return this.records[i];
    }
    return null;
  }

  /** ŷ of a record whose predictions the stream did not carry, fetched for the player. */
  fillYhat(epoch: number, yhat: number[]): void {
    const record = this.records[epoch];
    if (record && !record.yhat) record.yhat = yhat;
  }

  private emit(change: Change): void {
    for (const l of this.listeners) l(change);
  }
}
