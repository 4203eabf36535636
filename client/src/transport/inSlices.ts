/**
 * Feeds a long list to `take` a slice at a time, yielding to the browser whenever a slice has used its time budget,
 * so a 10 000-record snapshot is drawn into the page over a few frames instead of freezing it for one long task
 * (a 1→64→64→1 net's snapshot once held the main thread for 1.3 s). `live()` false stops it: the user opened
 * another job meanwhile. Resolves true when every item was taken.
 */
export async function inSlices<T>(items: readonly T[], take: (slice: readonly T[]) => boolean, live: () => boolean, budgetMs = 8, first = 64): Promise<boolean> {
  let size = first;
  let start = performance.now();
  for (let i = 0; i < items.length; ) {
    if (!live()) return false;
    const slice = items.slice(i, i + size);
    if (!take(slice)) return false;
    i += slice.length;
    const spent = performance.now() - start;
    // Grow the slice while it is cheap (a small net's records), shrink it when it is not (4 353 weights a record).
    size = spent < budgetMs / 2 ? size * 2 : Math.max(1, spent > budgetMs ? size >> 1 : size);
    if (spent >= budgetMs && i < items.length) {
      await nextTask();
      start = performance.now();
    }
  }
  return true;
}

/** A new task, after the browser has had its chance to draw a frame. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
