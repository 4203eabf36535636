import { t } from '../i18n/i18n';
import type { Landscape, Point } from '../types';

/** The line under the loss map: which weights it shows, and where the path left it ("the path left the map at epoch k"). */
export class LandscapeNote {
  // Where the path first left the map, from the points not scanned before: every frame would otherwise walk the whole path.
  private readonly leaving: { map: Landscape | null; path: Point[]; scanned: number; first: number } = { map: null, path: [], scanned: 0, first: -1 };

  constructor(private readonly el: HTMLElement) {}

  /**
   * A job was opened. A running job's note comes and goes: its two lines are kept from the start, or the map's first
   * note shrank every chart's row (four charts resized, each a full update, while the job streamed).
   */
  reset(reserve: boolean): void {
    this.el.textContent = '';
    this.el.classList.toggle('reserve', reserve);
  }

  /** A map that could not be drawn: the server's reason. */
  fail(error: unknown): void {
    this.el.textContent = String((error as Error).message ?? error);
  }

  /**
   * The note at the player's `index` on `path` (one point per record; `epochOf` names a record's epoch); `covers`
   * says whether a point is on the map; `held` names the epoch a many-weight map holds the other weights at.
   */
  show(map: Landscape, path: Point[], index: number, held: boolean, epochOf: (index: number) => number, covers: (p: Point) => boolean): void {
    const axes = map.b ? `${map.a.name} × ${map.b.name}${held ? t('landscape.held', { epoch: map.epoch }) : ''}` : `L(${map.a.name})`;
    const first = this.firstLeaving(map, path, covers);
    const left = first >= 0 && first <= index ? first : -1;
    const text = left >= 0 ? `${axes}. ${t('landscape.leftMap', { epoch: epochOf(left) })}` : axes;
    if (this.el.textContent !== text) this.el.textContent = text;
    // While the job runs the note comes and goes ("the path left the map…", then a new map): two lines kept for it,
    // so the map does not resize (a full Chart.js update) each time it does, nor as the job ends.
    this.el.classList.add('reserve');
    this.el.dataset.leftAt = left >= 0 ? String(epochOf(left)) : '';
  }

  private firstLeaving(map: Landscape, path: Point[], covers: (p: Point) => boolean): number {
    const scan = this.leaving;
    if (scan.map !== map || scan.path !== path) Object.assign(scan, { map, path, scanned: 0, first: -1 });
    while (scan.first < 0 && scan.scanned < path.length) {
      const p = path[scan.scanned];
      if (!Number.isFinite(p.x) || !Number.isFinite(p.y) || !covers(map.b ? p : { x: p.x, y: 0 })) scan.first = scan.scanned;
      scan.scanned++;
    }
    return scan.first;
  }
}
