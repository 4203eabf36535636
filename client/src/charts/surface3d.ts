import { t } from '../i18n/i18n';
import { toNumber, type Landscape, type Point } from '../types';

// plotly.js's gl3d bundle (surface + scatter3d, WebGL) is 1.7 MB: loaded the first time a surface is drawn.
type Plotly = {
  react(el: HTMLElement, data: unknown[], layout: unknown, config?: unknown): Promise<unknown>;
  restyle(el: HTMLElement, update: unknown, traces: number[]): Promise<unknown>;
  purge(el: HTMLElement): void;
};
let plotly: Promise<Plotly> | null = null;
const loadPlotly = () => (plotly ??= import('plotly.js-gl3d-dist-min').then((m) => (m.default ?? m) as Plotly));

/** The minimum time between path redraws while the player moves (a WebGL scene redraw is not free). */
const PATH_MS = 400;

/**
 * The loss surface L(a, b) in 3-D with the optimizer's path on it, as the lectures draw it with plot_surface:
 * rotatable and zoomable with the mouse (plotly's gl3d bundle). The path is the records' (a, b, L).
 */
export class Surface3d {
  private map: Landscape | null = null;
  private drawn = false;
  private pending: { path: readonly Point[]; losses: readonly number[]; epoch: number } | null = null;
  private timer = 0;
  /** Off until asked: a WebGL scene in software rendering (a classroom PC, headless Chromium) costs the page frames. */
  private enabled = false;

  constructor(private readonly el: HTMLElement, private readonly note: HTMLElement, show: HTMLButtonElement) {
    show.addEventListener('click', () => {
      this.enabled = true;
      show.hidden = true;
      if (this.map) this.setMap(this.map);
    });
  }

  clear(): void {
    this.map = null;
    this.pending = null;
    if (this.drawn) void loadPlotly().then((p) => p.purge(this.el));
    this.drawn = false;
    this.el.dataset.ready = 'false';
  }

  /** A two-weight map: draws the surface (a one-weight map has no surface). */
  setMap(map: Landscape): void {
    if (!map.b) return this.clear();
    this.map = map;
    if (!this.enabled) return;
    const z = map.loss.map((row) => row.map((v) => { const n = toNumber(v); return Number.isFinite(n) ? n : null; }));
    const data = [
      { type: 'surface', x: map.a.values, y: map.b.values, z, colorscale: 'Viridis', opacity: 0.92, showscale: false, contours: { z: { show: true, usecolormap: true, project: { z: true } } } },
      { type: 'scatter3d', mode: 'lines+markers', x: [], y: [], z: [], line: { color: '#ff7f0e', width: 6 }, marker: { size: 3, color: '#ff7f0e' }, name: t('landscape.legendPath') },
      { type: 'scatter3d', mode: 'markers', x: [], y: [], z: [], marker: { size: 7, color: '#ffffff', line: { color: '#1d2330', width: 2 } }, name: t('landscape.legendEpoch') },
    ];
    const axis = (title: string) => ({ title: { text: title, font: { size: 16 } }, tickfont: { size: 13 } });
    // A fixed size from the box (plotly's responsive mode resizes in a loop with the page's scrollbar).
    const layout = {
      width: Math.max(320, this.el.clientWidth),
      height: Math.max(320, this.el.clientHeight),
      margin: { l: 0, r: 0, t: 10, b: 0 },
      showlegend: false,
      font: { size: 14 },
      scene: { xaxis: axis(map.a.name), yaxis: axis(map.b.name), zaxis: axis(t('axis.loss')), camera: { eye: { x: 1.6, y: -1.6, z: 1.1 } } },
      uirevision: `${map.a.name}×${map.b.name}`, // keep the user's rotation across redraws
    };
    void loadPlotly()
      .then((p) => p.react(this.el, data, layout, { displaylogo: false, displayModeBar: false, responsive: false }))
      .then(() => {
        this.drawn = true;
        this.el.dataset.ready = 'true';
        this.note.textContent = '';
        if (this.pending) this.flush();
      })
      .catch(() => {
        this.el.dataset.ready = 'failed';
        this.note.textContent = t('landscape.surfaceFailed');
      });
  }

  /** The path up to the player's epoch: (a, b) per record with its loss. */
  setPath(path: readonly Point[], losses: readonly number[], epoch: number): void {
    this.pending = { path, losses, epoch };
    if (!this.drawn || this.timer) return;
    this.timer = window.setTimeout(() => {
      this.timer = 0;
      this.flush();
    }, PATH_MS);
  }

  private flush(): void {
    const p = this.pending;
    if (!p || !this.map || !this.drawn) return;
    const a = this.map.a.values;
    const b = this.map.b!.values;
    // Only the part of the path over the map: a diverging path would flatten the surface to a line.
    const keep = (i: number) => p.path[i].x >= a[0] && p.path[i].x <= a[a.length - 1] && p.path[i].y >= b[0] && p.path[i].y <= b[b.length - 1] && Number.isFinite(p.losses[i]);
    const idx = [...Array(Math.min(p.epoch + 1, p.path.length)).keys()].filter(keep);
    const step = Math.max(1, Math.ceil(idx.length / 600));
    const shown = idx.filter((_, k) => k % step === 0 || k === idx.length - 1);
    const last = shown.at(-1);
    this.el.dataset.pathPoints = String(shown.length);
    void loadPlotly().then((plot) =>
      plot.restyle(
        this.el,
        {
          x: [shown.map((i) => p.path[i].x), last === undefined ? [] : [p.path[last].x]],
          y: [shown.map((i) => p.path[i].y), last === undefined ? [] : [p.path[last].y]],
          z: [shown.map((i) => p.losses[i]), last === undefined ? [] : [p.losses[last]]],
        },
        [1, 2],
      ),
    );
  }
}
