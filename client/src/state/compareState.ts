import { type EpochRecord, type Job, type JobData, type TrainRequest, type WireRecord, isFinished } from '../types';
import { appendInSequence } from './runState';

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
 * one past a gap is refused (the caller watches that run again).
 */
export class CompareState {
  runs: CompareRun[] = [];
  private readonly listeners = new Set<(change: CompareChange) => void>();

  subscribe(listener: (change: CompareChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setRuns(runs: { job: Job; label: string }[]): void {
    this.runs = runs.map((r) => ({ job: r.job, label: r.label, records: [], data: null }));
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

  /** Every run has finished and its whole history is here. */
  get complete(): boolean {
    return this.runs.every((r) => isFinished(r.job.status) && r.records.length >= r.job.epochsDone + 1);
  }

  /** The newest epoch any run has reached: the shared player's end. */
  get lastEpoch(): number {
    return Math.max(0, ...this.runs.map((r) => r.records.length - 1));
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

/** The record a run shows at the shared epoch: its own last one once it has ended. */
export function recordAt(run: CompareRun, epoch: number): EpochRecord | null {
  return run.records[Math.min(epoch, run.records.length - 1)] ?? null;
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
