import { Chart, palette } from './setup';
import type { DatasetDetail } from '../types';

const MAX_POINTS = 2000;

/** A small scatter of a data set's first x column against y, so a student sees the data before training on it. */
export class PreviewChart {
  private readonly chart: Chart<'scatter', { x: number; y: number }[]>;

  constructor(private readonly canvas: HTMLCanvasElement) {
    this.chart = new Chart(canvas, {
      type: 'scatter',
      data: { datasets: [{ label: 'data', data: [], backgroundColor: `${palette[0]}88`, pointRadius: 1.5 }] },
      options: {
        parsing: false,
        plugins: { legend: { display: false }, tooltip: { enabled: false } },
        scales: { x: { type: 'linear', ticks: { maxTicksLimit: 5 } }, y: { type: 'linear', ticks: { maxTicksLimit: 4 } } },
      },
    });
  }

  show(detail: DatasetDetail | null): void {
    const data = this.chart.data.datasets[0];
    if (!detail) {
      data.data = [];
    } else {
      const xi = detail.dataset.columns.indexOf(detail.dataset.xColumns[0]);
      const yi = detail.dataset.columns.indexOf(detail.dataset.yColumn);
      const stride = Math.max(1, Math.ceil(detail.rows.length / MAX_POINTS));
      data.data = detail.rows.filter((_, i) => i % stride === 0).map((r) => ({ x: r[xi], y: r[yi] }));
      const scales = this.chart.options.scales!;
      scales.x!.title = { display: true, text: detail.dataset.xColumns[0] };
      scales.y!.title = { display: true, text: detail.dataset.yColumn };
    }
    this.canvas.dataset.points = String(data.data.length);
    this.chart.update('none');
  }
}
