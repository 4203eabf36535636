// The server's wire shapes (camelCase JSON). Non-finite floats arrive as the strings "NaN", "Infinity", "-Infinity".

export type WireNumber = number | string;

/** A point on a chart (data space). */
export type Point = { x: number; y: number };

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

/** The server's ModelKind, as the API spells it. */
export type ModelKind = 'linear' | 'logistic' | 'mlp' | 'function';

/** The server's LossKind, as the API spells it. */
export type LossKind = 'sse' | 'mse' | 'bce';

export type OptimizerType = 'sgd' | 'adam' | 'adamw' | 'rmsprop' | 'adagrad';
export type OptimizerNumberOption = 'momentum' | 'dampening' | 'weightDecay' | 'eps' | 'alpha' | 'lrDecay' | 'initialAccumulatorValue';
export type OptimizerFlag = 'nesterov' | 'amsgrad' | 'centered';

/**
 * The API's one optimizer object (the server binds its OptimizerSpec): a type and torch.optim's options for it. The
 * server refuses an option the type lacks and echoes only the options that apply.
 */
export type OptimizerRequest = { type: OptimizerType; betas?: number[] } & { [K in OptimizerNumberOption]?: number } & {
  [K in OptimizerFlag]?: boolean;
};

export interface TrainRequest {
  dataset?: DatasetRequest;
  model?: { type: ModelKind; layers?: Layer[]; expression?: string };
  loss?: LossKind;
  optimizer?: OptimizerRequest;
  lr: number;
  epochs: number;
  init?: { weights?: number[]; seed?: number };
  preprocess?: string;
  /** gradientweb (the default) or libtorch, where the server has it (GET /engines). */
  engine?: string;
  /** Mini-batches as PyTorch's DataLoader makes them; left out: the whole training set each epoch. */
  batch?: { size: number; shuffle?: boolean; seed?: number; dropLast?: boolean };
  /** Rows held out as random_split holds them out. */
  validation?: { fraction: number; seed?: number };
  /** How the page draws the job (the lecture's axes, the true weights, the notes' last line); not used in training. */
  view?: ViewHints;
}

/** A request's view hints, keyed by weight name. */
export interface ViewHints {
  /** The run's own name (a preset's "α = 0.01/6"), kept when runs are compared. */
  label?: string;
  domain?: Record<string, [number, number]>;
  truth?: Record<string, number>;
  notes?: { epoch: number; loss: number; weights: number[] };
}

export type HealthVerdict = 'unknown' | 'stable' | 'unstable' | 'diverging' | 'diverged';
export type BoundKind = 'exact' | 'estimated' | 'plateau';

/** The server's judgement of a run: α against its optimizer's stable bound, and whether the loss runs away. */
export interface Health {
  verdict: HealthVerdict;
  lr: number;
  bound: number | null;
  boundKind: BoundKind | null;
  aboveBound: boolean;
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
  health?: Health;
  /** Past the server's stored-values budget only every k-th record is kept (with the first, the last and a diverged one). */
  recordEvery?: number;
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
  boundKind: BoundKind;
  /** The numeric check covers the first checkedWeights of gradient; gradientCheckError is ‖g − g̃‖/max(‖g‖, ‖g̃‖) over them. */
  checkedWeights: number;
  gradientCheckError: number;
  gradientNorm: number;
}

export interface WireRecord {
  epoch: number;
  loss: WireNumber;
  weights: WireNumber[];
  yhat: WireNumber[] | null;
  validationLoss?: WireNumber;
  metrics?: { name: 'accuracy' | 'r2'; train: WireNumber; validation?: WireNumber | null };
  steps?: { losses: WireNumber[]; weights: WireNumber[][] };
}

/** Accuracy (bce, class 1 when ŷ > 0.5) or R² (sse, mse) on the training rows and, with a split, the held-out rows. */
export interface EpochMetrics {
  name: 'accuracy' | 'r2';
  train: number;
  validation: number | null;
}

/** A mini-batch epoch's steps: each batch's loss (before its step) and θ after it. */
export interface BatchSteps {
  losses: number[];
  weights: number[][];
}

/** A record with every number parsed (non-finite values become NaN / ±Infinity). */
export interface EpochRecord {
  epoch: number;
  loss: number;
  weights: number[];
  yhat: number[] | null;
  /** Issue 17's extras; absent (or null) on jobs without a split or mini-batches. */
  validationLoss?: number | null;
  metrics?: EpochMetrics | null;
  steps?: BatchSteps | null;
}

/** GET /engines: an engine the server knows, and why it cannot run here when it cannot. */
export interface EngineInfo {
  name: string;
  version: string;
  available: boolean;
  reason: string | null;
  /** The reason as a stable code (platform, libstdcxx, not-included, load-failed, wrong-result), worded by the page. */
  reasonCode?: string | null;
  description: string;
}

/** One largest difference between a job's records and the other engine's: in the loss, or in one weight. */
export interface EngineDifference {
  epoch: number;
  index: number | null;
  name: string | null;
  job: WireNumber;
  other: WireNumber;
  absolute: WireNumber;
  relative: WireNumber;
}

/** GET /jobs/{id}/check: the finished job rerun on `engine`, compared with its own history epoch by epoch. */
export interface EngineCheck {
  engine: string;
  against: string;
  epochs: number;
  sameEnd: boolean;
  loss: EngineDifference;
  weights: EngineDifference;
}

export interface WatchSnapshot {
  job: Job;
  records: WireRecord[];
}

/** One item of the hub's Watch stream: the first page carries the job, every page a run of records in order. */
export interface WatchPage {
  job: Job | null;
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
  /** The rows random_split held out (never trained on). */
  validationRows?: number[];
}

export const toNumber = (v: WireNumber): number => (typeof v === 'number' ? v : Number(v));

/**
 * The wire's numbers as numbers, in the array JSON.parse made: a 1→64→64→1 net's record holds 4 353 weights and
 * 2 000 ŷ, and copying them with map() was the page's largest cost per live record (profiled). Only the rare
 * "NaN"/"Infinity" strings are replaced, so reading a record twice (two pages on one hub) is harmless.
 */
const numbersInPlace = (values: WireNumber[]): number[] => {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number') values[i] = Number(v);
  }
  return values as number[];
};

export const parseRecord = (r: WireRecord): EpochRecord => ({
  epoch: r.epoch,
  loss: toNumber(r.loss),
  weights: numbersInPlace(r.weights),
  yhat: r.yhat ? numbersInPlace(r.yhat) : null,
  validationLoss: r.validationLoss === undefined ? null : toNumber(r.validationLoss),
  metrics: r.metrics ? { name: r.metrics.name, train: toNumber(r.metrics.train), validation: r.metrics.validation == null ? null : toNumber(r.metrics.validation) } : null,
  steps: r.steps ? { losses: numbersInPlace(r.steps.losses), weights: r.steps.weights.map(numbersInPlace) } : null,
});

export const isFinished = (s: JobStatus): boolean => s !== 'queued' && s !== 'running';

/** GET /jobs/{id}/landscape: loss[j][i] is L at (a.values[i], b.values[j]); one row when b is null. */
export interface Landscape {
  epoch: number;
  a: { index: number; name: string; values: number[] };
  b: { index: number; name: string; values: number[] } | null;
  loss: WireNumber[][];
  held: WireNumber[];
  lowest: { a: number; b: number; loss: WireNumber };
}

/** GET /jobs/{id}/boundary: yhat[j][i] at (x1[i], x2[j]). */
export interface Boundary {
  epoch: number;
  columns: string[];
  x1: number[];
  x2: number[];
  yhat: WireNumber[][];
}

export interface GraphNode {
  id: number;
  label: string;
  kind: 'input' | 'parameter' | 'constant' | 'op';
  op: string;
  inputs: number[];
  shape: [number, number];
  value: WireNumber[];
  grad: WireNumber[] | null;
}

/** GET /jobs/{id}/steps/{epoch}: the step taken from record `epoch`. */
export interface Step {
  epoch: number;
  step: number;
  loss: WireNumber;
  paramNames: string[];
  weights: WireNumber[];
  gradient: WireNumber[];
  stateBefore: { name: string; values: WireNumber[] }[];
  stateAfter: { name: string; values: WireNumber[] }[];
  update: WireNumber[];
  weightsAfter: WireNumber[];
  stepTaken: boolean;
  graph: GraphNode[];
  graphNodes: number;
}

export interface GridSearch {
  reference: WireNumber;
  tolerance: WireNumber;
  target: WireNumber;
  gridSearch: { reached: boolean; pointsPerAxis: number; evaluations: number; best: { a: number; b: number; loss: WireNumber }; step?: number; domain?: [number, number][] };
  gradientDescent: { reached: boolean; epoch: number | null; evaluations: number | null; loss: WireNumber | null };
}

export type ViewName = 'fit' | 'boundary' | 'loss' | 'weights' | 'landscape' | 'step' | 'graph' | 'gridsearch' | 'health' | 'confusion' | 'surface';

export interface Preset {
  id: string;
  lecture: string;
  title: string;
  titleKo: string;
  description: string;
  views: ViewName[];
  runs: { label: string; request: TrainRequest }[];
}

/** POST /sweeps answers with this, GET /sweeps/{id} too: each run labelled by what differs. */
export interface Sweep {
  id: string;
  createdAt: string;
  members: { jobId: string; label: string; job: Job | null }[];
  compareUrl: string;
}
