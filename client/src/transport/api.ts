import type { Boundary, DatasetDetail, DatasetSummary, EngineCheck, EngineInfo, GridSearch, Job, JobData, Landscape, Preset, Step, Sweep, TrainRequest, WireNumber } from '../types';

/** A problem+json answer: the title and, for validation problems, the message per field. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message);
  }
}

async function send<T>(input: string, init?: RequestInit): Promise<T> {
  const response = await fetch(input, init);
  if (!response.ok) {
    let problem: { title?: string; detail?: string; errors?: Record<string, string[]> } = {};
    try {
      problem = await response.json();
    } catch {
      // Not JSON: keep the status text.
    }
    throw new ApiError(response.status, problem.detail ?? problem.title ?? response.statusText, problem.errors ?? {});
  }
  return (await response.json()) as T;
}

export const startJob = (request: TrainRequest): Promise<Job> =>
  send<Job>('/train', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request) });

export const getJob = (id: string): Promise<Job> => send<Job>(`/jobs/${encodeURIComponent(id)}`);

/** DELETE /jobs/{id}: stops a queued or running job (its history is kept); the hub then says "cancelled". */
export const cancelJob = (id: string): Promise<Job> => send<Job>(`/jobs/${encodeURIComponent(id)}`, { method: 'DELETE' });

export const getJobData = (id: string): Promise<JobData> => send<JobData>(`/jobs/${encodeURIComponent(id)}/data`);

export const listJobs = (limit = 20): Promise<Job[]> => send<Job[]>(`/jobs?limit=${limit}`);

export const listDatasets = (): Promise<DatasetSummary[]> => send<DatasetSummary[]>('/datasets');

export const getDataset = (id: string): Promise<DatasetDetail> => send<DatasetDetail>(`/datasets/${encodeURIComponent(id)}`);

/** Uploads a CSV as the page's form does: multipart/form-data with fields name and file. */
export function uploadDataset(name: string, file: Blob): Promise<DatasetDetail> {
  const body = new FormData();
  body.set('name', name);
  body.set('file', file);
  return send<DatasetDetail>('/datasets', { method: 'POST', body });
}

export const startSweep = (base: TrainRequest, vary: Record<string, unknown[]>): Promise<Sweep> =>
  send<Sweep>('/sweeps', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ base, vary }) });

export const getSweep = (id: string): Promise<Sweep> => send<Sweep>(`/sweeps/${encodeURIComponent(id)}`);

export const listPresets = (): Promise<Preset[]> => send<Preset[]>('/presets');

const job = (id: string) => `/jobs/${encodeURIComponent(id)}`;

const query = (params: { [name: string]: number | undefined }) =>
  Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`)
    .join('&');

export type LandscapeParams = {
  a?: number;
  b?: number;
  epoch?: number;
  size?: number;
  aMin?: number;
  aMax?: number;
  bMin?: number;
  bMax?: number;
};

export const getLandscape = (id: string, params: LandscapeParams, signal?: AbortSignal): Promise<Landscape> =>
  send<Landscape>(`${job(id)}/landscape?${query(params)}`, { signal });

export const getBoundary = (id: string, epoch: number, size: number, signal?: AbortSignal): Promise<Boundary> =>
  send<Boundary>(`${job(id)}/boundary?${query({ epoch, size })}`, { signal });

export const getStep = (id: string, epoch: number, signal?: AbortSignal): Promise<Step> => send<Step>(`${job(id)}/steps/${epoch}`, { signal });

export const getGridSearch = (id: string, signal?: AbortSignal): Promise<GridSearch> => send<GridSearch>(`${job(id)}/gridsearch`, { signal });

export const getPredictions = (id: string, epoch: number, signal?: AbortSignal): Promise<{ epoch: number; yhat: WireNumber[] }> =>
  send(`${job(id)}/predictions?epoch=${epoch}`, { signal });

export const getEngines = (): Promise<EngineInfo[]> => send<EngineInfo[]>('/engines');

/** Reruns a finished job on the other engine (libtorch ⇄ ours): the largest per-epoch differences. */
export const getEngineCheck = (id: string): Promise<EngineCheck> => send<EngineCheck>(`${job(id)}/check`);
