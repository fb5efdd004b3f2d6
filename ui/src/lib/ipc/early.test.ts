import { describe, expect, it, vi } from 'vitest';
import { earlyListing, type Listing } from './early';

/** A listing whose pages and end the test gives by hand; counts how often it was started. */
function scripted() {
  const runs: { onPage: (page: number[]) => void; end: (n: number) => void; fail: (e: Error) => void }[] = [];
  const start: Listing<number, number> = (onPage) =>
    new Promise((end, fail) => runs.push({ onPage, end, fail }));
  const run = (at: number) => {
    const started = runs[at];
    if (!started) throw new Error(`the listing was started ${runs.length} times, not ${at + 1}`);
    return started;
  };
  return { start, runs, run };
}

describe('earlyListing', () => {
  it('gives the first load the pages so far, then the rest, without asking again', async () => {
    const { start, runs, run } = scripted();
    const list = earlyListing(start, 5_000);
    run(0).onPage([1, 2]);
    const seen: number[][] = [];
    const answer = list((page) => seen.push(page));
    expect(seen).toEqual([[1, 2]]);
    run(0).onPage([3]);
    run(0).end(3);
    await expect(answer).resolves.toBe(3);
    expect(seen).toEqual([[1, 2], [3]]);
    expect(runs).toHaveLength(1);
  });

  it('is taken once: the next load asks again', async () => {
    const { start, runs } = scripted();
    const list = earlyListing(start, 5_000);
    void list(() => {});
    void list(() => {});
    expect(runs).toHaveLength(2);
  });

  it('asks again when it failed before its first page', async () => {
    const { start, runs, run } = scripted();
    const list = earlyListing(start, 5_000);
    run(0).fail(new Error('not signed in yet'));
    const seen: number[][] = [];
    const answer = list((page) => seen.push(page));
    await vi.waitFor(() => expect(runs).toHaveLength(2));
    run(1).onPage([7]);
    run(1).end(1);
    await expect(answer).resolves.toBe(1);
    expect(seen).toEqual([[7]]);
  });

  it('fails the load when it failed after some pages', async () => {
    const { start, runs, run } = scripted();
    const list = earlyListing(start, 5_000);
    run(0).onPage([1]);
    const answer = list(() => {});
    run(0).fail(new Error('offline'));
    await expect(answer).rejects.toThrow('offline');
    expect(runs).toHaveLength(1);
  });

  it('is not used once it is stale', async () => {
    vi.useFakeTimers();
    try {
      const { start, runs, run } = scripted();
      const list = earlyListing(start, 5_000);
      run(0).onPage([1]);
      vi.advanceTimersByTime(5_001);
      const seen: number[][] = [];
      void list((page) => seen.push(page));
      expect(runs).toHaveLength(2);
      expect(seen).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});
