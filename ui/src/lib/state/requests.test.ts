import { describe, expect, it } from 'vitest';
import type { RequestView } from '../ipc/bindings/RequestView';
import { FakeBackend } from '../../test-backend';
import { RequestsState } from './requests.svelte';

const base = Date.now();
const day = 86_400_000;

/** 300 requests whose deadlines (many shared) and creation times are shuffled by number. */
const rows: RequestView[] = Array.from({ length: 300 }, (_, n) => ({
  id: `r${n}`,
  title: `Form ${(n * 7919) % 300}`,
  url: `https://www.dropbox.com/request/r${n}`,
  destination: `/Forms/${n}`,
  created: new Date(Date.UTC(2025, 0, 1) + ((n * 113) % 300) * 60_000).toISOString(),
  deadline: n % 5 === 0 ? null : new Date(base + (((n * 37) % 40) - 20) * day).toISOString(),
  grace: 'none',
  lateUntil: null,
  isOpen: n % 3 !== 0,
  fileCount: 0,
  description: null,
}));

/** The list's orders once every page of `rows` is in, `pageSize` at a time. */
async function ordersWith(pageSize: number) {
  const backend = new FakeBackend().on('listRequests', { requests: rows, total: rows.length });
  backend.pageSize = pageSize;
  const state = new RequestsState(backend);
  await state.load();
  const deadline = state.visible.map((r) => r.id);
  state.sort = 'created';
  return { deadline, created: state.visible.map((r) => r.id) };
}

describe('the request list’s orders', () => {
  it('come out the same whether the rows arrive in one page or in many', async () => {
    const whole = await ordersWith(Infinity);
    expect(whole.deadline).toHaveLength(300);
    expect(whole.deadline).not.toEqual(rows.map((r) => r.id));
    expect(whole.created).not.toEqual(whole.deadline);
    expect(await ordersWith(7)).toEqual(whole);
    expect(await ordersWith(100)).toEqual(whole);
  });
});
