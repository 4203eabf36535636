import { getDataset, listDatasets, uploadDataset } from '../transport/api';
import type { DatasetDetail, DatasetSummary } from '../types';

/** What the data-set picker loads: the list, one set's rows for its preview, and an upload. */
export interface DatasetSource {
  list(): Promise<DatasetSummary[]>;
  get(id: string): Promise<DatasetDetail>;
  upload(name: string, file: Blob): Promise<DatasetDetail>;
}

export const datasetsApi: DatasetSource = { list: listDatasets, get: getDataset, upload: uploadDataset };
