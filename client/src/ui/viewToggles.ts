import type { ViewName } from '../types';

/**
 * Which views are open: a checkbox per view. A view is shown when it applies to the job (a decision boundary
 * needs two features) and is switched on; presets switch on the views their lecture draws.
 */
export class ViewToggles {
  private applicable = new Set<ViewName>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly bar: HTMLElement, private readonly panels: HTMLElement) {
    bar.addEventListener('change', () => {
      this.apply();
      for (const l of this.listeners) l();
    });
  }

  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  /** The views that apply to the open job. */
  setApplicable(views: Iterable<ViewName>): void {
    this.applicable = new Set(views);
    this.apply();
  }

  /** Switches on exactly these views (a preset's). */
  select(views: readonly ViewName[]): void {
    for (const box of this.boxes()) box.checked = views.includes(box.value as ViewName);
    this.apply();
    for (const l of this.listeners) l();
  }

  isOpen(view: ViewName): boolean {
    return this.applicable.has(view) && (this.boxes().find((b) => b.value === view)?.checked ?? false);
  }

  private boxes(): HTMLInputElement[] {
    return [...this.bar.querySelectorAll<HTMLInputElement>('input[type=checkbox]')];
  }

  private apply(): void {
    this.bar.hidden = this.applicable.size === 0; // no job open: nothing to toggle
    for (const box of this.boxes()) {
      const view = box.value as ViewName;
      box.closest('label')!.hidden = !this.applicable.has(view);
      for (const panel of this.panels.querySelectorAll<HTMLElement>(`[data-view="${view}"]`)) panel.hidden = !this.isOpen(view);
    }
  }
}
