/**
 * A paged listing started before the window asks for it. At start-up the list of requests is
 * asked for at once, beside the session, instead of after the session's answer has come back
 * and the place has mounted: the window's first load takes this listing (the pages so far,
 * then the rest as they come) instead of asking again.
 *
 * It is taken once, and only within `freshForMs` of its start; after that, or when it failed
 * before its first page (the session was not ready, say), the load asks again as usual. A
 * failure after some pages is the load's failure, as it would have been for a fresh listing.
 */
export type Listing<T, P> = (onPage: (page: P[]) => void) => Promise<T>;

export function earlyListing<T, P>(start: Listing<T, P>, freshForMs: number): Listing<T, P> {
  const startedAt = performance.now();
  const pages: P[][] = [];
  let forward: ((page: P[]) => void) | undefined;
  const answer = start((page) => {
    pages.push(page);
    forward?.(page);
  });
  // Not taken, its failure is nobody's: the load that asks again reports its own.
  answer.catch(() => undefined);
  let taken = false;
  return (onPage) => {
    if (taken || performance.now() - startedAt > freshForMs) return start(onPage);
    taken = true;
    for (const page of pages) onPage(page);
    forward = onPage;
    return answer.catch((error: unknown) => {
      if (pages.length) throw error;
      forward = undefined;
      return start(onPage);
    });
  };
}
