import { Chart } from '../charts/setup';
import { t } from '../i18n/i18n';

/** Chart text in present mode: readable from the back of a lecture hall. */
const PRESENT_FONT = 17;
const NORMAL_FONT = 12;

/**
 * Present mode, for a projector: the form, the gallery and the header step aside, the views fill the screen in large
 * type, the player stays at hand. `changed` is told after the page has switched (to record it in the URL and lay
 * the views out again).
 */
export class PresentMode {
  private on = false;

  constructor(
    private readonly button: HTMLButtonElement,
    private readonly changed: (on: boolean) => void,
  ) {
    button.addEventListener('click', () => this.set(!this.on, true));
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.on) this.set(false, true);
    });
  }

  get active(): boolean {
    return this.on;
  }

  set(on: boolean, notify = false): void {
    this.on = on;
    document.body.classList.toggle('present', on);
    Chart.defaults.font.size = on ? PRESENT_FONT : NORMAL_FONT;
    for (const chart of Object.values(Chart.instances)) chart.update('none');
    this.translate();
    if (notify) this.changed(on);
  }

  translate(): void {
    this.button.textContent = t(this.on ? 'present.leave' : 'present.button');
  }
}
