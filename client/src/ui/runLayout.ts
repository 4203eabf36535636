/**
 * Puts a run on one screen: the open views share the window below the status and the player, in the number of
 * columns that gives each chart the most room at a readable shape (a lecturer sees every view the lecture draws
 * without scrolling). Below a minimum row height (many views on a small window) the page scrolls instead; a
 * phone keeps one column of charts at their natural height.
 */
const MIN_ROW = 200;
const PHONE = 700;
/** Charts read best about 1.6 times as wide as high. */
const ASPECT = 1.6;
/** Rows lower than this squeeze the loss landscape (map, legend, colour bar) into a strip. */
const TALL_BELOW = 260;

export interface GridChoice {
  columns: number;
  rows: number;
  rowHeight: number;
}

/** The columns and rows for `count` views in a `width` × `height` area that make the smallest chart largest. */
export function chooseGrid(count: number, width: number, height: number, gap: number): GridChoice {
  let best: GridChoice & { score: number } = { columns: 1, rows: count, rowHeight: 0, score: -Infinity };
  for (let rows = 1; rows <= count; rows++) {
    const columns = Math.ceil(count / rows);
    const columnWidth = (width - gap * (columns - 1)) / columns;
    const rowHeight = (height - gap * (rows - 1)) / rows;
    const score = Math.min(columnWidth / ASPECT, rowHeight);
    if (score > best.score) best = { columns, rows, rowHeight, score };
  }
  return { columns: best.columns, rows: best.rows, rowHeight: Math.max(MIN_ROW, Math.floor(best.rowHeight)) };
}

/**
 * The grid for `count` views, one of which (the loss landscape: a map with its legend and colour bar) wants two
 * cells: it spans two rows into the grid's spare cell, or, where rows are too short for a readable map (a laptop),
 * in a grid with one more cell. Present mode keeps its columns: there the fit's width comes first.
 */
export function chooseRunGrid(count: number, tall: boolean, width: number, height: number, gap: number, keepColumns = false): GridChoice & { tall: boolean } {
  const flat = chooseGrid(count, width, height, gap);
  if (!tall || count < 2) return { ...flat, tall: false };
  if (flat.rows >= 2 && flat.columns * flat.rows > count) return { ...flat, tall: true };
  if (!keepColumns && flat.rowHeight < TALL_BELOW) {
    const choice = chooseGrid(count + 1, width, height, gap);
    if (choice.rows >= 2) return { ...choice, tall: true };
  }
  return { ...flat, tall: false };
}

export function fitRunGrid(grid: HTMLElement, top: HTMLElement): void {
  const views = [...grid.children].filter((c): c is HTMLElement => c instanceof HTMLElement && !c.hidden);
  const landscape = views.find((v) => v.dataset.view === 'landscape');
  const open = views.length;
  if (innerWidth < PHONE || open === 0) {
    grid.style.removeProperty('--row-h');
    grid.style.removeProperty('grid-template-columns');
    grid.dataset.rows = '';
    landscape?.classList.remove('tall');
    return;
  }
  const gap = parseFloat(getComputedStyle(grid).rowGap) || 0;
  // From the top of the status line (where the page scrolls to) down to the grid: status, player, gaps.
  const chrome = grid.getBoundingClientRect().top - top.getBoundingClientRect().top;
  const present = document.body.classList.contains('present');
  const choice = chooseRunGrid(open, landscape !== undefined, grid.clientWidth, innerHeight - chrome - 24, gap, present);
  if (keepsRows(grid, choice, landscape)) return;
  grid.style.gridTemplateColumns = `repeat(${choice.columns}, minmax(0, 1fr))`;
  grid.style.setProperty('--row-h', `${choice.rowHeight}px`);
  grid.style.setProperty('--grid-gap', `${gap}px`);
  grid.dataset.rows = String(choice.rows);
  grid.dataset.columns = String(choice.columns);
  landscape?.classList.toggle('tall', choice.tall);
}

/**
 * Rows up to a few pixels lower than the window now allows are kept: the status line losing its Cancel button as a
 * job ends moved every chart by 6 px, a resize (a full Chart.js update) of each in the frame the finished job is
 * drawn. Rows that no longer fit (the status grew) are always made smaller.
 */
const KEEP_WITHIN = 12;

function keepsRows(grid: HTMLElement, choice: GridChoice & { tall: boolean }, landscape: HTMLElement | undefined): boolean {
  const shown = parseFloat(grid.style.getPropertyValue('--row-h'));
  return (
    grid.dataset.rows === String(choice.rows) &&
    grid.dataset.columns === String(choice.columns) &&
    (landscape?.classList.contains('tall') ?? false) === choice.tall &&
    shown <= choice.rowHeight &&
    choice.rowHeight - shown <= KEEP_WITHIN
  );
}

/** Scrolls the run (status line first) to the top of the window, so nothing above it takes the screen. */
export function scrollToRun(top: HTMLElement): void {
  const y = top.getBoundingClientRect().top + scrollY - 8;
  scrollTo({ top: Math.max(0, y), behavior: 'instant' });
}
