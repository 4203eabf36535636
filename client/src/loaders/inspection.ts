import { getBoundary, getGridSearch, getLandscape, getPredictions, getStep, type LandscapeParams } from '../transport/api';
import type { Boundary, GridSearch, Landscape, Step, WireNumber } from '../types';

export type { LandscapeParams };

/** What the run page's server-computed views load for a job (the views themselves never fetch). */
export interface InspectionSource {
  landscape(jobId: string, params: LandscapeParams, signal: AbortSignal): Promise<Landscape>;
  boundary(jobId: string, epoch: number, size: number, signal: AbortSignal): Promise<Boundary>;
  step(jobId: string, epoch: number, signal: AbortSignal): Promise<Step>;
  gridSearch(jobId: string, signal: AbortSignal): Promise<GridSearch>;
  predictions(jobId: string, epoch: number, signal: AbortSignal): Promise<{ epoch: number; yhat: WireNumber[] }>;
}

/** The REST endpoints behind each view (GET /jobs/{id}/landscape, /boundary, /steps/{epoch}, /gridsearch, /predictions). */
export const inspectionApi: InspectionSource = {
  landscape: getLandscape,
  boundary: getBoundary,
  step: getStep,
  gridSearch: getGridSearch,
  predictions: getPredictions,
};
