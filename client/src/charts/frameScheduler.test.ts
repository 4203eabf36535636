import { describe, expect, it } from 'vitest';
import { FrameScheduler, type FrameHost } from './frameScheduler';

/** A page's clock and frames: frames run when the test says, at the clock's time; timers fire as it advances. */
function fakeHost() {
  let time = 0;
  let frames: ((now: number) => void)[] = [];
  let timers: { at: number; callback: () => void }[] = [];
  const host: FrameHost & { said: string } = {
    said: '',
    now: () => time,
    requestFrame: (callback) => frames.push(callback),
    later: (callback, ms) => timers.push({ at: time + ms, callback }),
    say: (state) => (host.said = state),
  };
  return {
    host,
    advance(ms: number) {
      time += ms;
      const due = timers.filter((t) => t.at <= time);
      timers = timers.filter((t) => t.at > time);
      for (const t of due) t.callback();
    },
    /** Runs the frames requested so far, as the browser's next animation frame. */
    frame() {
      const run = frames;
      frames = [];
      for (const f of run) f(time);
    },
    spend(ms: number) {
      time += ms;
    },
  };
}

/** A chart whose update takes `cost` ms of the fake clock, counting its updates and redraws. */
function fakeChart(page: ReturnType<typeof fakeHost>, cost = 1) {
  const chart = {
    canvas: {} as HTMLCanvasElement,
    updates: 0,
    draws: 0,
    update() {
      chart.updates++;
      page.spend(cost);
    },
    draw() {
      chart.draws++;
    },
  };
  return chart;
}

describe('FrameScheduler', () => {
  it('updates a chart once per frame however many times it was marked', () => {
    const page = fakeHost();
    const frames = new FrameScheduler(page.host);
    const chart = fakeChart(page);
    for (let i = 0; i < 5; i++) frames.markDirty(chart);
    expect(page.host.said).toBe('drawing');
    page.frame();
    expect(chart.updates).toBe(1);
    expect(page.host.said).toBe('drawn');
  });

  it('rests after costly chart work, so the frames in between carry none', () => {
    const page = fakeHost();
    const frames = new FrameScheduler(page.host);
    const chart = fakeChart(page, 20);
    frames.markDirty(chart);
    page.frame();
    frames.markDirty(chart);
    // 20 ms of work: the next update waits 80 ms, however many frames come meanwhile.
    for (let i = 0; i < 4; i++) {
      page.advance(16);
      page.frame();
    }
    expect(chart.updates).toBe(1);
    page.advance(20);
    page.frame();
    expect(chart.updates).toBe(2);
  });

  it('draws a step of the player by a person at once, resting or not', () => {
    const page = fakeHost();
    const frames = new FrameScheduler(page.host);
    const chart = fakeChart(page, 20);
    frames.markDirty(chart);
    page.frame();
    frames.markDirty(chart, 100);
    frames.markStale(chart);
    frames.flush(true);
    expect(chart.updates).toBe(2);
    expect(page.host.said).toBe('drawn');
  });

  it('catches every chart up over consecutive frames when a job ends, one costly chart a frame, no rest between', () => {
    const page = fakeHost();
    const frames = new FrameScheduler(page.host);
    const charts = [fakeChart(page, 30), fakeChart(page, 30), fakeChart(page, 30)];
    charts[0].updates = -1;
    frames.markDirty(charts[0]);
    page.frame(); // 30 ms of work: a 120 ms rest begins
    for (const chart of charts) frames.markDirty(chart, 500);
    frames.catchUp();
    const drawnPerFrame: number[] = [];
    for (let i = 0; i < 3; i++) {
      const before = charts.reduce((n, c) => n + c.updates, 0);
      page.advance(16);
      page.frame();
      drawnPerFrame.push(charts.reduce((n, c) => n + c.updates, 0) - before);
    }
    // Not all three in one 90 ms task, and not 120 ms + 500 ms later: one a frame, in the next three frames.
    expect(drawnPerFrame).toEqual([1, 1, 1]);
    expect(page.host.said).toBe('drawn');
    // Once caught up the pace is back: 30 ms of work rests the next update.
    frames.markDirty(charts[0]);
    page.advance(16);
    page.frame();
    expect(charts[0].updates).toBe(1);
  });

  it('rests again once the charts that waited at the end are drawn, though others are marked every frame', () => {
    const page = fakeHost();
    const frames = new FrameScheduler(page.host);
    const [ended, a, b] = [fakeChart(page, 30), fakeChart(page, 30), fakeChart(page, 30)];
    frames.markDirty(ended);
    frames.catchUp();
    let updates = 0;
    for (let i = 0; i < 9; i++) {
      // A player playing on marks two charts every frame: one of them is always still waiting at a frame's end.
      frames.markDirty(a);
      frames.markDirty(b);
      page.advance(16);
      const before = a.updates + b.updates;
      page.frame();
      updates += a.updates + b.updates - before;
    }
    // The chart that waited at the end at once; then 30 ms of work rests 120 ms: a few updates in nine 16 ms
    // frames, not one every frame.
    expect(ended.updates).toBe(1);
    expect(updates).toBeLessThanOrEqual(3);
  });

  it('updates the charts due in one frame, the longest-waiting first, within the frame budget', () => {
    const page = fakeHost();
    const frames = new FrameScheduler(page.host);
    const [a, b, c] = [fakeChart(page, 5), fakeChart(page, 5), fakeChart(page, 5)];
    for (const chart of [a, b, c]) frames.markDirty(chart);
    page.frame();
    // The budget (8 ms) ends the frame after the second chart; the third is drawn after the rest.
    expect([a.updates, b.updates, c.updates]).toEqual([1, 1, 0]);
    page.advance(100);
    page.frame();
    expect(c.updates).toBe(1);
  });

  it('redraws only the epoch line of a chart whose data did not change', () => {
    const page = fakeHost();
    const frames = new FrameScheduler(page.host);
    const chart = fakeChart(page);
    frames.markStale(chart);
    page.frame();
    expect([chart.updates, chart.draws]).toEqual([0, 1]);
  });
});
