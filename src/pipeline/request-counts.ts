import { emptyRequestCounts, type RequestCounts, type Store } from '../stores/store.ts';

/** Requests made so far by the build's stores (one store when source and out are the same). */
export function countRequests(source: Store, out: Store): RequestCounts {
  return requestsSince(emptyRequestCounts(), source, out);
}

/** This build's requests only: stores may be reused across builds (tests, a warm Lambda). */
export function requestsSince(before: RequestCounts, source: Store, out: Store): RequestCounts {
  const total = emptyRequestCounts();
  for (const store of source === out ? [source] : [source, out]) {
    for (const kind of Object.keys(total) as (keyof RequestCounts)[]) total[kind] += store.requests[kind];
  }
  for (const kind of Object.keys(total) as (keyof RequestCounts)[]) total[kind] -= before[kind];
  return total;
}

