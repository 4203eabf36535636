// The server's wire shapes (camelCase JSON). Non-finite floats arrive as the strings "NaN", "Infinity", "-Infinity".

export type WireNumber = number | string;

export type JobStatus = 'queued' | 'running' | 'completed' | 'diverged' | 'failed' | 'cancelled';

export interface TrainRequest {
  dataset: { name?: string; x?: number[] | number[][]; y?: number[] };
  model?: { type: string };
  loss?: string;
  optimizer?: { type: string };
  lr: number;
  epochs: number;
  init?: { weights: number[] };
}

export interface Job {
  id: string;
  status: JobStatus;
  request: TrainRequest;
  paramNames: string[];
  epochsDone: number;
  epochsTotal: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  result: { finalLoss: WireNumber; finalWeights: WireNumber[] } | null;
  divergedAt: number | null;
  error: string | null;
}

export interface WireRecord {
  epoch: number;
  loss: WireNumber;
  weights: WireNumber[];
  yhat: WireNumber[] | null;
}

/** A record with every number parsed (non-finite values become NaN / ±Infinity). */
export interface EpochRecord {
  epoch: number;
  loss: number;
  weights: number[];
  yhat: number[] | null;
}

export interface WatchSnapshot {
  job: Job;
  records: WireRecord[];
}

/** The points a job trains on: feature columns and the target. */
export interface JobData {
  name: string;
  xColumns: string[];
  yColumn: string;
  x: number[][];
  y: number[];
}

export const toNumber = (v: WireNumber): number => (typeof v === 'number' ? v : Number(v));

export const parseRecord = (r: WireRecord): EpochRecord => ({
  epoch: r.epoch,
  loss: toNumber(r.loss),
  weights: r.weights.map(toNumber),
  yhat: r.yhat ? r.yhat.map(toNumber) : null,
});

export const isFinished = (s: JobStatus): boolean => s !== 'queued' && s !== 'running';
