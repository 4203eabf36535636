// The server's wire shapes (camelCase JSON). Non-finite floats arrive as the strings "NaN", "Infinity", "-Infinity".

export type WireNumber = number | string;

export type JobStatus = 'queued' | 'running' | 'completed' | 'diverged' | 'failed' | 'cancelled' | 'interrupted';

/** One of: a built-in name, a stored id (with columns), inline points, or a seeded generator. */
export interface DatasetRequest {
  name?: string;
  id?: string;
  x?: number[] | number[][] | string[];
  y?: number[] | string;
  generate?: string;
  n?: number;
  noise?: number;
  weights?: number[];
  seed?: number;
}

export type Layer = { linear: number } | string;

export interface TrainRequest {
  dataset?: DatasetRequest;
  model?: { type: string; layers?: Layer[]; expression?: string };
  loss?: string;
  optimizer?: { type: string; [option: string]: unknown };
  lr: number;
  epochs: number;
  init?: { weights?: number[]; seed?: number };
  preprocess?: string;
}

/** A data set as GET /datasets lists it. */
export interface DatasetSummary {
  id: string;
  name: string;
  builtIn: boolean;
  description: string;
  source: string;
  columns: string[];
  xColumns: string[];
  yColumn: string;
  rows: number;
  createdAt: string | null;
}

export interface DatasetDetail {
  dataset: DatasetSummary;
  rows: number[][];
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
  diagnostics: Diagnostics | null;
}

/** The start's gradient check and the stable learning-rate bound 2/λmax. */
export interface Diagnostics {
  gradient: WireNumber[];
  numericGradient: WireNumber[];
  maxRelativeDifference: number;
  closedForm: number[] | null;
  topHessianEigenvalue: number | null;
  stableLrBound: number | null;
  boundIsEstimate: boolean;
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
  underlying?: number[] | null;
}

export const toNumber = (v: WireNumber): number => (typeof v === 'number' ? v : Number(v));

export const parseRecord = (r: WireRecord): EpochRecord => ({
  epoch: r.epoch,
  loss: toNumber(r.loss),
  weights: r.weights.map(toNumber),
  yhat: r.yhat ? r.yhat.map(toNumber) : null,
});

export const isFinished = (s: JobStatus): boolean => s !== 'queued' && s !== 'running';
