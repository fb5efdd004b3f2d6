import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import type { Submission } from '../ipc/bindings/Submission';
import type { SubmissionChanges } from '../ipc/bindings/SubmissionChanges';
import { FakeBackend } from '../../test-backend';
import SubmissionsPane from './SubmissionsPane.svelte';

function file(name: string, uploaded: string, late = false): Submission {
  return { name, path: `/HW/${name}`, size: 1200, uploaded, late };
}

describe('the submissions pane', () => {
  it('shows files with late flags, filters to late ones, and takes new uploads live', async () => {
    const user = userEvent.setup();
    let arrive: (changes: SubmissionChanges) => void = () => {};
    const backend = new FakeBackend()
      .on('listSubmissions', {
        files: [
          file('grace_hw.pdf', '2025-03-15T09:00:00Z', true),
          file('ada_hw.pdf', '2025-03-13T09:00:00Z'),
        ],
        cursor: 'c1',
      })
      .on('submissionChanges', () => new Promise((resolve) => (arrive = resolve)));
    const said: string[] = [];
    render(SubmissionsPane, { backend, requestId: 'r1', announce: (m: string) => said.push(m) });

    const list = await screen.findByTestId('submission-list');
    expect(screen.getByTestId('submission-count')).toHaveTextContent('(2)');
    expect(screen.getByText('· 1 late')).toBeInTheDocument();
    expect(within(list).getAllByTestId('late-flag')).toHaveLength(1);
    expect(await screen.findByTestId('live')).toHaveTextContent('live');

    await user.click(screen.getByLabelText('Late only'));
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    await user.click(screen.getByLabelText('Late only'));

    arrive({
      files: [file('linus_hw.pdf', '2025-03-16T10:00:00Z', true)],
      removed: [],
      cursor: 'c2',
      reset: false,
    });
    await waitFor(() => expect(screen.getByTestId('submission-count')).toHaveTextContent('(3)'));
    expect(within(list).getAllByRole('listitem')[0]).toHaveTextContent('linus_hw.pdf');
    expect(said).toContain('A new submission arrived.');
    await waitFor(() => expect(backend.calls).toContain('submissionChanges("r1", "c2")'));
  });

  it('copies a share link for a file', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend()
      .on('listSubmissions', { files: [file('ada_hw.pdf', '2025-03-13T09:00:00Z')], cursor: 'c' })
      .on('shareLink', 'https://www.dropbox.com/s/abc/ada_hw.pdf')
      .on('copyText', null);
    const said: string[] = [];
    render(SubmissionsPane, { backend, requestId: 'r1', announce: (m: string) => said.push(m) });
    await user.click(await screen.findByRole('button', { name: 'Copy a share link for ada_hw.pdf' }));
    expect(backend.calls).toContain('shareLink("/HW/ada_hw.pdf")');
    expect(backend.calls).toContain('copyText("https://www.dropbox.com/s/abc/ada_hw.pdf")');
    await waitFor(() => expect(said).toContain('Share link for ada_hw.pdf copied.'));
  });

  it('says when nothing came yet', async () => {
    render(SubmissionsPane, {
      backend: new FakeBackend().on('listSubmissions', { files: [], cursor: 'c' }),
      requestId: 'r1',
      announce: () => {},
    });
    expect(await screen.findByTestId('no-submissions')).toHaveTextContent('Nothing uploaded yet');
  });
});
