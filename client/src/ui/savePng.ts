import { t } from '../i18n/i18n';

/**
 * A "PNG" button in a chart's caption: the canvas as drawn, on white (Chart.js leaves the background
 * transparent), downloaded as `name`.png.
 */
export function addSaveButton(caption: HTMLElement, canvas: HTMLCanvasElement, name: () => string): void {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'save-png';
  button.textContent = 'PNG';
  button.dataset.i18nTitle = 'chart.save';
  button.title = t('chart.save');
  button.addEventListener('click', () => {
    const link = document.createElement('a');
    link.download = `${name()}.png`;
    link.href = onWhite(canvas).toDataURL('image/png');
    link.click();
  });
  caption.append(button);
}

function onWhite(canvas: HTMLCanvasElement): HTMLCanvasElement {
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const ctx = copy.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, copy.width, copy.height);
  ctx.drawImage(canvas, 0, 0);
  return copy;
}

/**
 * A PNG button on every chart in `root`, and on every chart figure added under `dynamic` later (the compare page
 * builds its figures per group). `name(id)` names the file after what the chart shows.
 */
export function addSaveButtons(root: ParentNode, dynamic: HTMLElement, name: (chartId: string) => string): void {
  for (const canvas of root.querySelectorAll<HTMLCanvasElement>('figure canvas')) {
    addSaveButton(canvas.closest('figure')!.querySelector('figcaption')!, canvas, () => name(canvas.id.replace(/-chart$/, '')));
  }
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      for (const node of m.addedNodes) {
        if (!(node instanceof HTMLElement) || node.tagName !== 'FIGURE') continue;
        const canvas = node.querySelector('canvas');
        const caption = node.querySelector('figcaption');
        const index = [...node.parentElement!.children].indexOf(node);
        if (canvas && caption) addSaveButton(caption, canvas, () => name(`${node.parentElement!.id}-${index + 1}`));
      }
    }
  }).observe(dynamic, { childList: true, subtree: true });
}
