import type { Chart } from './setup';

/** Below this height (a laptop's short card is about 215 px) a chart keeps its plot before its legend and titles. */
const SHORT_CHART = 280;

/** Narrower than this (a phone's card), a legend beside the plot cuts its names: it stays below. */
const BESIDE_WIDTH = 480;

/**
 * A short chart's legend small (one line where it fits; beside the plot when it has more than `besideFrom` entries
 * and the chart is wide enough) and no axis titles; a tall one's as Chart.js draws them, in `font` px. In a laptop's
 * short card a wrapped legend and the axis titles left the data ~60 px of height: a 1→2→1 net's seven weights took
 * four legend lines.
 */
export function fitToSize(chart: Chart, size: { width: number; height: number }, font = 12, besideFrom = Infinity): void {
  const short = size.height < SHORT_CHART;
  const legend = chart.options.plugins!.legend!;
  const labels = (legend.labels ??= {});
  Object.assign(labels, short ? { boxWidth: 10, boxHeight: 6, padding: 5, font: { size: 10.5 } } : { boxWidth: 40, boxHeight: 12, padding: 10, font: { size: font } });
  legend.position = short && chart.data.datasets.length > besideFrom && size.width >= BESIDE_WIDTH ? 'right' : 'bottom';
  for (const axis of ['x', 'y'] as const) (chart.options.scales![axis] as { title: { display: boolean } }).title.display = !short;
}
