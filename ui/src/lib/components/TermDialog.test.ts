import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import type { PlannedRow } from '../ipc/bindings/PlannedRow';
import type { Preview } from '../ipc/bindings/Preview';
import type { RowReport } from '../ipc/bindings/RowReport';
import { FakeBackend } from '../../test-backend';
import RequestsPlace from './RequestsPlace.svelte';

const preview: Preview = {
  rows: [
    {
      number: 1,
      title: 'Homework 1',
      destination: '/Courses/CS101/Homework 1',
      description: '',
      deadline: '2026-02-06T16:00:00Z',
      grace: 'one_day',
      status: { state: 'ready' },
      clocksChanged: false,
    },
    {
      number: 2,
      title: 'Homework 2',
      destination: '/Courses/CS101/Homework 2',
      description: '',
      deadline: '2026-02-13T16:00:00Z',
      grace: 'one_day',
      status: { state: 'exists', title: 'HW 2 (old)', url: 'https://www.dropbox.com/request/old' },
      clocksChanged: false,
    },
    {
      number: 3,
      title: 'Homework 3',
      destination: '/Courses/CS101/Homework 3',
      description: '',
      deadline: null,
      grace: 'one_day',
      status: {
        state: 'invalid',
        field: 'deadline',
        message: 'Deadline: 02:30 does not exist on Sun 29 Mar in Europe/Berlin (the clocks go forward). Choose 03:00 or later.',
      },
      clocksChanged: false,
    },
  ],
  ready: 1,
  room: 3_988,
  overCap: null,
};

const planned: PlannedRow[] = [1, 2, 3].map((n) => ({
  number: n,
  form: {
    title: `Homework ${n}`,
    destination: `/Courses/CS101/Homework ${n}`,
    description: '',
    deadline: { date: ['2026-02-06', '2026-02-13', '2026-03-29'][n - 1] ?? '', time: n === 3 ? '02:30' : '17:00', timeZone: 'Europe/Berlin' },
    grace: 'one_day',
  },
}));

const created: RowReport = {
  number: 1,
  title: 'Homework 1',
  destination: '/Courses/CS101/Homework 1',
  state: { state: 'created', id: 'r1', url: 'https://www.dropbox.com/request/r1' },
  message: null,
};
const skipped: RowReport = {
  number: 2,
  title: 'Homework 2',
  destination: '/Courses/CS101/Homework 2',
  state: { state: 'skipped', reason: '“HW 2 (old)” already collects into /Courses/CS101/Homework 2.' },
  message: null,
};

describe('planning a term', () => {
  it('previews every row with its status, creates the ready ones and copies their links', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend()
      .on('listRequests', { requests: [], total: 12 }, { requests: [], total: 13 })
      .on('planTerm', planned)
      .on('previewTerm', preview, preview, preview)
      .on('createTerm', { rows: [created, skipped], created: 1, skipped: 1, failed: 0, notSent: 0 })
      .on('copyText', null);
    backend.termRows = [created, skipped];
    render(RequestsPlace, { backend, plan: 'pro', announce: () => {} });

    await user.click(await screen.findByTestId('plan-term'));
    const dialog = screen.getByTestId('term-dialog');
    await user.clear(within(dialog).getByLabelText('Course folder'));
    await user.type(within(dialog).getByLabelText('Course folder'), '/Courses/CS101');
    await user.click(within(dialog).getByTestId('term-preview-button'));

    const statuses = await within(dialog).findAllByTestId('term-status');
    expect(statuses.map((s) => s.textContent)).toEqual([
      'Will be created',
      'Exists, will be skipped (“HW 2 (old)”)',
      expect.stringContaining('Choose 03:00 or later'),
    ]);
    expect(within(dialog).getByTestId('term-room')).toHaveTextContent(`1 of 3 will be created · room for ${(3988).toLocaleString()}`);
    const sent = backend.calls.find((c) => c.startsWith('planTerm'));
    expect(sent).toContain('"course":"/Courses/CS101"');
    expect(sent).toContain('"repeat":{"kind":"weekly"}');
    // The error sits on its cell.
    expect(within(dialog).getByLabelText('Deadline time of row 3')).toHaveAttribute('aria-invalid', 'true');
    expect(within(dialog).getByLabelText('Title of row 3')).toHaveAttribute('aria-invalid', 'false');

    // A cell edited in place is checked again, the rows not remade from the pattern.
    const title = within(dialog).getByLabelText('Title of row 1');
    await user.clear(title);
    await user.type(title, 'Homework 1 — Arrays');
    await user.tab();
    await waitFor(() => expect(backend.calls.filter((c) => c.startsWith('previewTerm'))).toHaveLength(2));
    expect(backend.calls.filter((c) => c.startsWith('planTerm'))).toHaveLength(1);
    expect(backend.calls.filter((c) => c.startsWith('previewTerm'))[1]).toContain('"title":"Homework 1 — Arrays"');
    await user.selectOptions(within(dialog).getByLabelText('Late uploads of row 2'), 'seven_days');
    await waitFor(() => expect(backend.calls.filter((c) => c.startsWith('previewTerm'))).toHaveLength(3));
    const third = backend.calls.filter((c) => c.startsWith('previewTerm'))[2] ?? '';
    const sentRows = JSON.parse(third.slice('previewTerm('.length, -1)) as PlannedRow[];
    expect(sentRows.map((r) => r.form.grace)).toEqual(['one_day', 'seven_days', 'one_day']);

    await user.click(within(dialog).getByTestId('term-create'));
    expect(await within(dialog).findByTestId('term-summary')).toHaveTextContent(
      'Created 1 · skipped 1 · failed 0',
    );
    expect(within(dialog).getByTestId('term-progress')).toHaveTextContent('2 of 3');
    expect(within(dialog).getByText(/already collects into/)).toBeInTheDocument();
    expect(within(dialog).queryByTestId('term-retry')).not.toBeInTheDocument();
    await waitFor(() => expect(backend.calls.filter((c) => c === 'listRequests')).toHaveLength(2));

    await user.click(within(dialog).getByTestId('term-copy-links'));
    expect(backend.calls).toContain('copyText("Homework 1\\thttps://www.dropbox.com/request/r1")');
    expect(backend.calls.find((c) => c.startsWith('createTerm'))).toContain('"title":"Homework 1 — Arrays"');
    expect(within(dialog).getByTestId('term-copy-links')).toHaveTextContent('Copied');
  });

  it('offers to retry the failed, with the same plan so nothing is made twice', async () => {
    const user = userEvent.setup();
    const failed: RowReport = {
      ...created,
      state: { state: 'failed', reason: 'Dropbox is having trouble right now (error 503).' },
      message: 'Dropbox is having trouble right now (error 503).',
    };
    const backend = new FakeBackend()
      .on('listRequests', { requests: [], total: 0 })
      .on('planTerm', planned.slice(0, 1))
      .on('previewTerm', { ...preview, rows: preview.rows.slice(0, 1) })
      .on(
        'createTerm',
        { rows: [failed], created: 0, skipped: 0, failed: 1, notSent: 0 },
        { rows: [created], created: 1, skipped: 0, failed: 0, notSent: 0 },
      );
    render(RequestsPlace, { backend, plan: 'pro', announce: () => {} });
    await user.click(await screen.findByTestId('plan-term'));
    const dialog = screen.getByTestId('term-dialog');
    await user.click(within(dialog).getByTestId('term-preview-button'));
    await user.click(await within(dialog).findByTestId('term-create'));
    expect(await within(dialog).findByText(/error 503/)).toBeInTheDocument();
    await user.click(within(dialog).getByTestId('term-retry'));
    await waitFor(() => expect(within(dialog).getByTestId('term-summary')).toHaveTextContent('Created 1'));
    const plans = backend.calls.filter((c) => c.startsWith('createTerm')).map((c) => c.split(',')[0]);
    expect(plans).toHaveLength(2);
    expect(plans[0]).toEqual(plans[1]);
  });

  it('reads a pasted CSV and shows its line-numbered problem', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend().on('planTermFromCsv', {
      code: 'invalid_input',
      message: 'Line 2: Deadline: "31.02.2027" is not a date. Write it like 2027-02-05 17:00.',
      field: 'plan',
    });
    render(RequestsPlace, { backend, plan: 'pro', announce: () => {} });
    await user.click(await screen.findByTestId('plan-term'));
    const dialog = screen.getByTestId('term-dialog');
    await user.click(within(dialog).getByTestId('term-source-csv'));
    await user.type(within(dialog).getByTestId('term-csv-text'), 'title;deadline{enter}HW 1;31.02.2027');
    await user.click(within(dialog).getByTestId('term-preview-button'));
    expect(await within(dialog).findByTestId('term-error')).toHaveTextContent('Line 2: Deadline');
    const sent = backend.calls.find((c) => c.startsWith('planTermFromCsv'));
    expect(sent).toContain('title;deadline\\nHW 1;31.02.2027');
    expect(backend.calls.some((c) => c.startsWith('previewTerm'))).toBe(false);
  });

  it("rolls last term's course over and says how far the deadlines moved", async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend()
      .on('planRollover', { rows: planned.slice(0, 1), weeks: 20 })
      .on('previewTerm', { ...preview, rows: preview.rows.slice(0, 1) });
    render(RequestsPlace, { backend, plan: 'pro', announce: () => {} });
    await user.click(await screen.findByTestId('plan-term'));
    const dialog = screen.getByTestId('term-dialog');
    await user.click(within(dialog).getByTestId('term-source-rollover'));
    await user.type(within(dialog).getByLabelText("Last term's course"), '/Courses/CS101 Fall');
    await user.clear(within(dialog).getByLabelText('New course folder'));
    await user.type(within(dialog).getByLabelText('New course folder'), '/Courses/CS101 Spring');
    await user.click(within(dialog).getByTestId('term-preview-button'));
    expect(await within(dialog).findByTestId('term-room')).toHaveTextContent('deadlines moved by 20 weeks');
    expect(backend.calls.find((c) => c.startsWith('planRollover'))).toMatch(
      /^planRollover\("\/Courses\/CS101 Fall", "\/Courses\/CS101 Spring", null, ".+"\)$/,
    );
  });

  it('keeps the table and the edit when a re-check fails, and creates nothing until one passes', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend()
      .on('planTerm', planned)
      .on('previewTerm', preview, { code: 'offline', message: "Can't reach Dropbox." }, preview)
      .on('createTerm', { rows: [created], created: 1, skipped: 0, failed: 0, notSent: 0 });
    render(RequestsPlace, { backend, plan: 'pro', announce: () => {} });
    await user.click(await screen.findByTestId('plan-term'));
    const dialog = screen.getByTestId('term-dialog');
    await user.click(within(dialog).getByTestId('term-preview-button'));
    const title = await within(dialog).findByLabelText('Title of row 1');
    await user.clear(title);
    await user.type(title, 'Lab 1');
    await user.tab();
    expect(await within(dialog).findByTestId('term-error')).toHaveTextContent("Can't reach Dropbox.");
    expect(within(dialog).getByLabelText('Title of row 1')).toHaveValue('Lab 1');
    expect(within(dialog).getByTestId('term-create')).toBeDisabled();
    await user.click(within(dialog).getByRole('button', { name: 'Check again' }));
    await waitFor(() => expect(within(dialog).getByTestId('term-create')).toBeEnabled());
    await user.click(within(dialog).getByTestId('term-create'));
    await within(dialog).findByTestId('term-summary');
    expect(backend.calls.find((c) => c.startsWith('createTerm'))).toContain('"title":"Lab 1"');
  });
});
