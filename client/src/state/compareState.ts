import { type EpochRecord, type Job, type JobData, type TrainRequest, type WireRecord, isFinished } from '../types';
import { appendInSequence, indexAtOrBefore } from './runState';

/** One run on the compare page: its job, what tells it apart, its records in epoch order and its data. */
export interface CompareRun {
  job: Job;
  label: string;
  readonly records: EpochRecord[];
  data: JobData | null;
}

export type CompareChange = { kind: 'runs' } | { kind: 'records'; index: number; from: number } | { kind: 'status'; index: number } | { kind: 'data'; index: number };

/**
 * The runs being compared. Records are taken in sequence per run, as on the run page: one already held is ignored,
 * one past a gap is refused (the caller watches that run again). The shared player steps over every epoch any run
 * stored: a long run's server keeps every k-th record, so player position i is epochAt(i), not epoch i.
 */
export class CompareState {
  runs: CompareRun[] = [];
  /** Every epoch some run has a record of, sorted on demand (runs stream side by side). */
  private epochList: number[] = [];
  private epochSet = new Set<number>();
  private sorted = true;
  private readonly listeners = new Set<(change: CompareChange) => void>();

  subscribe(listener: (change: CompareChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setRuns(runs: { job: Job; label: string }[]): void {
    this.runs = runs.map((r) => ({ job: r.job, label: r.label, records: [], data: null }));
    this.epochList = [];
    this.epochSet.clear();
    this.sorted = true;
    this.emit({ kind: 'runs' });
  }

  indexOf(jobId: string): number {
    return this.runs.findIndex((r) => r.job.id === jobId);
  }

  /** Appends records continuing run `index`'s sequence; false on a gap. */
  append(index: number, wire: readonly WireRecord[]): boolean {
    const run = this.runs[index];
    if (!run) return true;
    const from = run.records.length;
    const ok = appendInSequence(run.records, wire, run.job.recordEvery ?? 1);
    for (let i = from; i < run.records.length; i++) this.addEpoch(run.records[i].epoch);
    if (run.records.length > from) this.emit({ kind: 'records', index, from });
    return ok;
  }

  setJob(index: number, job: Job): void {
    if (!this.runs[index]) return;
    this.runs[index].job = job;
    this.emit({ kind: 'status', index });
  }

  setData(index: number, data: JobData): void {
    if (!this.runs[index]) return;
    this.runs[index].data = data;
    this.emit({ kind: 'data', index });
  }

  /** Every run has finished and its whole history is here (a thinned run's last record is its last epoch). */
  get complete(): boolean {
    return this.runs.every((r) => isFinished(r.job.status) && (r.records.at(-1)?.epoch ?? -1) >= r.job.epochsDone);
  }

  /** The stored epochs of all runs, in order: the shared player's positions. */
  get epochs(): readonly number[] {
    if (!this.sorted) {
      this.epochList.sort((a, b) => a - b);
      this.sorted = true;
    }
    return this.epochList;
  }

  /** The player's last position: the newest epoch any run has reached. */
  get lastIndex(): number {
    return Math.max(0, this.epochs.length - 1);
  }

  /** The true epoch at player position `index`. */
  epochAt(index: number): number {
    const epochs = this.epochs;
    return epochs.length === 0 ? index : epochs[Math.max(0, Math.min(index, epochs.length - 1))];
  }

  /** The player position of the newest stored epoch at or before `epoch` (0 before the first). */
  indexOfEpoch(epoch: number): number {
    const epochs = this.epochs;
    let lo = 0;
    let hi = epochs.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (epochs[mid] <= epoch) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** Every how many epochs the runs keep a record, when they all keep the same (the player says so); else 1. */
  get every(): number {
    const kept = new Set(this.runs.map((r) => Math.max(1, r.job.recordEvery ?? 1)));
    return kept.size === 1 ? [...kept][0] : 1;
  }

  private addEpoch(epoch: number): void {
    if (this.epochSet.has(epoch)) return;
    this.epochSet.add(epoch);
    if (this.epochList.length > 0 && epoch < this.epochList[this.epochList.length - 1]) this.sorted = false;
    this.epochList.push(epoch);
  }

  private emit(change: CompareChange): void {
    for (const l of this.listeners) l(change);
  }
}

/** The first epoch whose loss is at or below `target`, or null. */
export function epochsToTarget(records: readonly EpochRecord[], target: number): number | null {
  for (const r of records) if (r.loss <= target) return r.epoch;
  return null;
}

/** The record a run shows at the shared (true) epoch: its newest at or before it, its own last once it has ended. */
export function recordAt(run: CompareRun, epoch: number): EpochRecord | null {
  return run.records[indexAtOrBefore(run.records, epoch)] ?? null;
}

/** Runs grouped by what a shared view needs the same: indices in order, groups in order of first appearance. */
export function groupBy(runs: readonly CompareRun[], key: (request: TrainRequest) => string): number[][] {
  const groups = new Map<string, number[]>();
  runs.forEach((r, i) => {
    const k = key(r.job.request);
    groups.set(k, [...(groups.get(k) ?? []), i]);
  });
  return [...groups.values()];
}

/** Runs on the same data, model and loss share a loss landscape (lecture 003's BCE and MSE do not). */
export const landscapeKey = (r: TrainRequest): string => JSON.stringify([r.dataset, r.model, r.loss ?? null, r.preprocess ?? 'none']);

/** Runs on the same data share a fit chart. */
export const dataKey = (r: TrainRequest): string => JSON.stringify(r.model?.type === 'function' ? ['function', r.model.expression] : r.dataset);

/** What a loss value means: runs compare targets only within the same kind (a BCE of 0.3 is not an MSE of 0.3). */
export const lossKind = (r: TrainRequest): string => (r.model?.type === 'function' ? `function ${r.model.expression ?? ''}` : (r.loss ?? 'mse'));

/** A default target per loss kind (see defaultTarget), so BCE runs and MSE runs are each measured against their own. */
export function defaultTargets(runs: readonly CompareRun[]): Map<string, number | null> {
  const byKind = new Map<string, CompareRun[]>();
  for (const r of runs) {
    const kind = lossKind(r.job.request);
    byKind.set(kind, [...(byKind.get(kind) ?? []), r]);
  }
  return new Map([...byKind].map(([kind, group]) => [kind, defaultTarget(group)]));
}

/** A default target for "epochs to reach": 10% above the lowest final loss, so the best run reaches it. */
export function defaultTarget(runs: readonly CompareRun[]): number | null {
  const finals = runs.map((r) => r.records.at(-1)?.loss ?? NaN).filter(Number.isFinite);
  if (finals.length === 0) return null;
  const best = Math.min(...finals);
  // A run that reaches the exact minimum 0 (lecture 004's α = 1) would make "10% above" a target of 0 that no
  // other run can reach: then 0.1% of the way down from the start, as grid search measures it.
  const starts = runs.map((r) => r.records[0]?.loss ?? NaN).filter(Number.isFinite);
  const start = starts.length > 0 ? Math.max(...starts) : best;
  const margin = Math.abs(best) * 0.1 >= 1e-6 * Math.abs(start) ? Math.abs(best) * 0.1 : 1e-3 * Math.max(start - best, 0);
  return Number((best + margin).toPrecision(3));
}

/** The smallest and largest finite values (a loop: a spread of 40 000 losses can overflow the call stack). */
export function extent(values: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}
