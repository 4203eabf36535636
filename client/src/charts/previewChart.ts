import { Chart, palette } from './setup';
import { sample } from './sampling';
import type { DatasetDetail } from '../types';

/** Points drawn: Chart.js draws each as its own element, and 2 000 in a 110 px box took a 600 ms task while a job opened; 600 show the shape as well. */
const MAX_POINTS = 600;

/** A small scatter of a data set's first x column against y, so a student sees the data before training on it. */
export class PreviewChart {
  private chart?: Chart<'scatter', { x: number; y: number }[]>;
  private shown: DatasetDetail | null = null;
  private drawn: DatasetDetail | null | undefined;
  private visible = false;

  /**
   * The chart is made and drawn at once while its box is on screen, and otherwise once the page is idle: a job opened
   * from a link scrolls the form away, and making it among the job's first tasks was one of 130 ms.
   */
  constructor(private readonly canvas: HTMLCanvasElement) {
    if (typeof IntersectionObserver === 'undefined') this.visible = true;
    else
      new IntersectionObserver((entries) => {
        this.visible = entries.some((e) => e.isIntersecting);
        if (this.visible) this.draw();
      }).observe(canvas);
  }

  show(detail: DatasetDetail | null): void {
    this.shown = detail;
    // The data set's points (a sample of them is drawn), as the fit chart says.
    this.canvas.dataset.points = String(detail?.rows.length ?? 0);
    this.canvas.dataset.drawn = String(detail ? Math.min(detail.rows.length, MAX_POINTS) : 0);
    if (this.visible) this.draw();
    else if (typeof requestIdleCallback === 'function') requestIdleCallback(() => this.draw(), { timeout: 3000 });
    else setTimeout(() => this.draw(), 1000);
  }

  private make(): Chart<'scatter', { x: number; y: number }[]> {
    return new Chart(this.canvas, {
      type: 'scatter',
      data: { datasets: [{ label: 'data', data: [], backgroundColor: `${palette[0]}88`, pointRadius: 1.5 }] },
      options: {
        parsing: false,
        plugins: { legend: { display: false }, tooltip: { enabled: false } },
        scales: { x: { type: 'linear', ticks: { maxTicksLimit: 5 } }, y: { type: 'linear', ticks: { maxTicksLimit: 4 } } },
      },
    });
  }

  private draw(): void {
    const detail = this.shown;
    if (this.chart && this.drawn === detail) return;
    this.drawn = detail;
    this.chart ??= this.make();
    const data = this.chart.data.datasets[0];
    if (!detail) {
      data.data = [];
    } else {
      const xi = detail.dataset.columns.indexOf(detail.dataset.xColumns[0]);
      const yi = detail.dataset.columns.indexOf(detail.dataset.yColumn);
      data.data = sample(detail.rows, MAX_POINTS).map((r) => ({ x: r[xi], y: r[yi] }));
      const scales = this.chart.options.scales!;
      scales.x!.title = { display: true, text: detail.dataset.xColumns[0] };
      scales.y!.title = { display: true, text: detail.dataset.yColumn };
      // Every point inside the axes, with a margin (5 people's heights at the edges were clipped), and big enough
      // to see when there are few.
      Object.assign(scales.x!, padded(data.data.map((p) => p.x)));
      Object.assign(scales.y!, padded(data.data.map((p) => p.y)));
      data.pointRadius = data.data.length <= 50 ? 5 : 1.5;
    }
    this.chart.update('none');
  }
}

/** The values' extent widened by 8% each side (a single value gets ±1). */
function padded(values: readonly number[]): { min?: number; max?: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) if (Number.isFinite(v)) ((lo = Math.min(lo, v)), (hi = Math.max(hi, v)));
  if (!Number.isFinite(lo)) return { min: undefined, max: undefined };
  const pad = hi > lo ? (hi - lo) * 0.08 : 1;
  return { min: lo - pad, max: hi + pad };
}
