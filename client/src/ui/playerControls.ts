import { language, t } from '../i18n/i18n';
import { ordinal } from '../format/numbers';
import type { EpochPlayer } from '../state/player';

export interface PlayerElements {
  root: HTMLElement;
  play: HTMLButtonElement;
  back: HTMLButtonElement;
  forward: HTMLButtonElement;
  live: HTMLButtonElement;
  slider: HTMLInputElement;
  speed: HTMLSelectElement;
  label: HTMLElement;
}

/**
 * The player's buttons, slider, speed and keys (space play/pause, ←/→ one epoch, Shift×10, Home/End), and the
 * animation clock that drives it while playing.
 */
export class PlayerControls {
  private lastFrame = 0;
  private running = false;
  /** The language the speeds were last written in. */
  private lang = '';

  constructor(
    private readonly player: EpochPlayer,
    private readonly el: PlayerElements,
    /** The epoch of the player's record, and every how many epochs one is kept (a long job's server thins them). */
    private readonly epochs: { at(index: number): number; every(): number } = { at: (i) => i, every: () => 1 },
  ) {
    el.play.addEventListener('click', () => player.toggle());
    el.back.addEventListener('click', () => player.step(-1));
    el.forward.addEventListener('click', () => player.step(1));
    el.live.addEventListener('click', () => player.follow());
    el.slider.addEventListener('input', () => player.seek(Number(el.slider.value)));
    el.speed.addEventListener('change', () => player.setSpeed(el.speed.value === 'auto' ? null : Number(el.speed.value)));
    document.addEventListener('keydown', (e) => this.key(e));
    player.subscribe(() => this.render());
    this.render();
  }

  private key(e: KeyboardEvent): void {
    const target = e.target as HTMLElement;
    if (target.closest('input, select, textarea, button') && !(target === this.el.slider)) return;
    const big = e.shiftKey ? 10 : 1;
    switch (e.key) {
      case ' ':
        this.player.toggle();
        break;
      case 'ArrowLeft':
        this.player.step(-big);
        break;
      case 'ArrowRight':
        this.player.step(big);
        break;
      case 'Home':
        this.player.seek(0);
        break;
      case 'End':
        this.player.follow();
        break;
      default:
        return;
    }
    e.preventDefault();
  }

  private render(): void {
    const p = this.player;
    // Written on every streamed message (the newest epoch): only what changed, since every write costs a relayout.
    const lang = language();
    if (lang !== this.lang) {
      this.lang = lang;
      this.translateSpeeds();
    }
    setProperty(this.el.slider, 'max', String(p.last));
    setProperty(this.el.slider, 'value', String(p.epoch));
    setProperty(this.el.play, 'textContent', p.playing ? '❚❚' : '▶');
    setProperty(this.el.play, 'title', t(p.playing ? 'player.pause' : 'player.playFromHere'));
    const every = this.epochs.every();
    const label = t('player.label', { epoch: this.epochs.at(p.epoch), last: this.epochs.at(p.last) });
    setProperty(this.el.label, 'textContent', every > 1 ? `${label} · ${t('player.every', { every, nth: ordinal(every) })}` : label);
    if (this.el.slider.getAttribute('aria-valuetext') !== label) this.el.slider.setAttribute('aria-valuetext', label);
    this.el.live.classList.toggle('on', p.following);
    const data = { epoch: String(this.epochs.at(p.epoch)), index: String(p.epoch), every: String(every), following: String(p.following), playing: String(p.playing) };
    for (const [key, value] of Object.entries(data)) if (this.el.root.dataset[key] !== value) this.el.root.dataset[key] = value;
    if (p.playing && !this.running) this.startClock();
  }

  /** The speed choices in the page's language ("auto", "10 epochs/s"). */
  private translateSpeeds(): void {
    for (const option of this.el.speed.options) {
      option.textContent = option.value === 'auto' ? t('player.auto') : t('player.perSecond', { n: option.value });
    }
    this.el.root.setAttribute('aria-label', t('player.aria'));
    this.el.slider.setAttribute('aria-label', t('axis.epoch'));
  }

  private startClock(): void {
    this.running = true;
    this.lastFrame = performance.now();
    const frame = (now: number) => {
      this.player.tick(Math.min(0.25, (now - this.lastFrame) / 1000));
      this.lastFrame = now;
      if (this.player.playing) requestAnimationFrame(frame);
      else this.running = false;
    };
    requestAnimationFrame(frame);
  }
}

/** Sets an element's property only when it differs (a same-value write still invalidates the layout). */
function setProperty<E extends HTMLElement, K extends keyof E & string>(el: E, key: K, value: E[K]): void {
  if (el[key] !== value) el[key] = value;
}
