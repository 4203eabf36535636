/** A chart card appended to `parent`: its caption and the canvas to draw in. */
export function chartFigure(parent: HTMLElement, caption: string): { figure: HTMLElement; canvas: HTMLCanvasElement } {
  const figure = document.createElement('figure');
  figure.className = 'card chart';
  const figcaption = document.createElement('figcaption');
  figcaption.textContent = caption;
  const box = document.createElement('div');
  box.className = 'canvas-box';
  const canvas = document.createElement('canvas');
  box.append(canvas);
  figure.append(figcaption, box);
  parent.append(figure);
  return { figure, canvas };
}
