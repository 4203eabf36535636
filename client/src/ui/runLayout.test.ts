import { describe, expect, it } from 'vitest';
import { chooseGrid, chooseRunGrid } from './runLayout';

describe('chooseGrid', () => {
  it("lays lecture 000's five views in two rows of three on a 1920×1080 screen", () => {
    expect(chooseGrid(5, 1572, 930, 16)).toMatchObject({ columns: 3, rows: 2 });
  });

  it('gives a single view the whole area', () => {
    expect(chooseGrid(1, 1200, 600, 16)).toEqual({ columns: 1, rows: 1, rowHeight: 600 });
  });

  it('keeps rows readable when there are too many views, so the page scrolls instead', () => {
    expect(chooseGrid(9, 900, 400, 16).rowHeight).toBeGreaterThanOrEqual(200);
  });

  it('prefers columns on a wide, low window and rows on a narrow, tall one', () => {
    expect(chooseGrid(4, 2400, 500, 16)).toMatchObject({ columns: 4, rows: 1 });
    expect(chooseGrid(4, 700, 1400, 16)).toMatchObject({ columns: 1, rows: 4 });
  });
});

describe('chooseRunGrid', () => {
  it("gives lecture 003's landscape two rows of a 1280×720 window, not a strip of one", () => {
    const choice = chooseRunGrid(4, true, 1240, 480, 16);
    expect(choice).toMatchObject({ tall: true, rows: 2, columns: 3 });
  });

  it("keeps present mode's two columns for four views, so the fit stays wide", () => {
    expect(chooseRunGrid(4, true, 1240, 480, 16, true)).toMatchObject({ tall: false, rows: 2, columns: 2 });
  });

  it("puts the landscape into a grid's spare cell whatever the rows' height", () => {
    expect(chooseRunGrid(5, true, 1860, 800, 16, true)).toMatchObject({ tall: true, rows: 2, columns: 3 });
  });

  it('keeps one row when the views fit side by side', () => {
    expect(chooseRunGrid(2, true, 2400, 500, 16)).toMatchObject({ tall: false, rows: 1 });
  });
});
