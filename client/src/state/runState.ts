import { type EpochRecord, type Job, type JobData, type WireRecord, parseRecord } from '../types';

export type Change =
  | { kind: 'reset' }
  | { kind: 'data' }
  | { kind: 'records'; from: number }
  | { kind: 'status' };

/**
 * The open job: its records in epoch order, its data and status. Records are taken only in sequence: one
 * already held is ignored and one past a gap is refused (the caller re-watches), so every view sees each
 * record exactly once and in order. A long job's server keeps only every k-th record (job.recordEvery), so a
 * record's index is not its epoch: the player moves over indices, the views draw at record.epoch.
 */
export class RunState {
  job: Job | null = null;
  data: JobData | null = null;
  readonly records: EpochRecord[] = [];
  /** Indices of the records that carry ŷ, ascending: finding one is a binary search, not a walk back through history. */
  private readonly withYhat: number[] = [];
  private readonly listeners = new Set<(change: Change) => void>();

  subscribe(listener: (change: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  reset(job: Job | null): void {
    this.job = job;
    this.data = null;
    this.records.length = 0;
    this.withYhat.length = 0;
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

  /** Appends records continuing the sequence. Returns false on a gap (nothing appended past it). */
  append(wire: readonly WireRecord[]): boolean {
    const from = this.records.length;
    const ok = appendInSequence(this.records, wire, this.job?.recordEvery ?? 1);
    for (let i = from; i < this.records.length; i++) if (this.records[i].yhat) this.withYhat.push(i);
    if (this.records.length > from) this.emit({ kind: 'records', from });
    return ok;
  }

  /** Every how many epochs a record is kept (1: all of them). */
  get every(): number {
    return Math.max(1, this.job?.recordEvery ?? 1);
  }

  /** The newest record's epoch (−1 before any). */
  get lastEpoch(): number {
    return this.records.at(-1)?.epoch ?? -1;
  }

  /** The index of the newest record at or before `epoch` (0 before the first). */
  indexOfEpoch(epoch: number): number {
    return indexAtOrBefore(this.records, epoch);
  }

  /** The epoch of the record at `index`. */
  epochAt(index: number): number {
    return this.records[Math.min(index, this.records.length - 1)]?.epoch ?? index;
  }

  /** The newest record at or before index `epoch` that carries ŷ. */
  yhatAt(epoch: number): EpochRecord | null {
    const k = this.lastYhatAtOrBefore(epoch);
    return k >= 0 ? this.records[this.withYhat[k]] : null;
  }

  /** At most `count` records with ŷ before `epoch`, evenly spread (the fit's faded earlier lines). */
  earlierYhat(epoch: number, count: number): EpochRecord[] {
    const n = this.lastYhatAtOrBefore(epoch - 1) + 1;
    if (n <= count) return this.withYhat.slice(0, n).map((i) => this.records[i]);
    return Array.from({ length: count }, (_, k) => this.records[this.withYhat[Math.round((k * (n - 1)) / Math.max(1, count - 1))]]);
  }

  /** ŷ of the record at `epoch`, which the stream did not carry, fetched for the player. */
  fillYhat(epoch: number, yhat: number[]): void {
    const index = this.indexOfEpoch(epoch);
    const record = this.records[index];
    if (!record || record.epoch !== epoch || record.yhat) return;
    record.yhat = yhat;
    this.withYhat.splice(this.lastYhatAtOrBefore(index) + 1, 0, index);
  }

  /** The position in withYhat of the last record index ≤ `index`, or −1. */
  private lastYhatAtOrBefore(index: number): number {
    let lo = 0;
    let hi = this.withYhat.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.withYhat[mid] <= index) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  private emit(change: Change): void {
    for (const l of this.listeners) l(change);
  }
}

/**
 * Appends the records that continue `records`: one already held is skipped, one past a gap stops it. With every
 * k-th record kept the next is the next multiple of k, or an earlier one (the last epoch, or where a run diverged);
 * with k = 1 epoch e is at index e. Returns false on a gap, so the caller watches again. The run page and the
 * compare page both keep runs so.
 */
export function appendInSequence(records: EpochRecord[], wire: readonly WireRecord[], every = 1): boolean {
  const k = Math.max(1, every);
  for (const w of wire) {
    const last = records.length > 0 ? records[records.length - 1].epoch : -1;
    if (w.epoch <= last) continue;
    if (w.epoch > (Math.floor(last / k) + 1) * k) return false;
    records.push(parseRecord(w));
  }
  return true;
}

/** The index of the newest record whose epoch is at most `epoch` (0 when none is). */
export function indexAtOrBefore(records: readonly EpochRecord[], epoch: number): number {
  let lo = 0;
  let hi = records.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (records[mid].epoch <= epoch) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The newest record at or before `epoch` that carries ŷ (long runs keep ŷ on a sample of epochs). */
export function yhatAtOrBefore(records: readonly EpochRecord[], epoch: number): EpochRecord | null {
  // From the newest record at or before the epoch: a thinned run's record k is epoch k·every, not epoch k (its
  // epoch 50 is record 1; starting at record 50 showed the compare page the ŷ of epoch 2500).
  if (records.length === 0 || records[0].epoch > epoch) return null;
  for (let i = indexAtOrBefore(records, epoch); i >= 0; i--) {
    if (records[i].yhat) return records[i];
  }
  return null;
}
