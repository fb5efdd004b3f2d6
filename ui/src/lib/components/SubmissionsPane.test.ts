import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import type { Submission } from '../ipc/bindings/Submission';
import type { SubmissionChanges } from '../ipc/bindings/SubmissionChanges';
import { FakeBackend } from '../../test-backend';
import { DownloadsState } from '../state/downloads.svelte';
import DownloadsPanel from './DownloadsPanel.svelte';
import SubmissionsPane from './SubmissionsPane.svelte';

function file(name: string, uploaded: string, late = false): Submission {
  return { name, path: `/HW/${name}`, size: 1200, uploaded, late };
}

function pane(backend: FakeBackend, announce: (m: string) => void = () => {}) {
  const downloads = new DownloadsState(backend);
  render(SubmissionsPane, {
    backend,
    requestId: 'r1',
    folder: '/HW',
    title: 'Homework 1',
    downloads,
    announce,
  });
  return downloads;
}

describe('the submissions pane', () => {
  it('shows what Link and Open did on screen, not only to screen readers', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend()
      .on('listSubmissions', { files: [file('ada_hw.pdf', '2025-03-13T09:00:00Z')], cursor: 'c1' })
      .on('shareLink', 'https://www.dropbox.com/s/ada')
      .on('copyText', null)
      .on('openSubmission', { code: 'offline', message: "Can't reach Dropbox. Check your internet connection." });
    const said: string[] = [];
    pane(backend, (m: string) => said.push(m));
    await user.click(await screen.findByRole('button', { name: 'Copy a share link for ada_hw.pdf' }));
    expect(await screen.findByTestId('file-notice')).toHaveTextContent('Share link for ada_hw.pdf copied.');
    await user.click(screen.getByRole('button', { name: 'Open ada_hw.pdf' }));
    await waitFor(() =>
      expect(screen.getByTestId('file-notice')).toHaveTextContent("Could not open ada_hw.pdf: Can't reach Dropbox."),
    );
    expect(said).toContain('Share link for ada_hw.pdf copied.');
  });

  it('a failed first listing keeps trying with a countdown, and Retry now tries at once', async () => {
    const user = userEvent.setup();
    const down = { code: 'unavailable', message: 'Dropbox is having trouble right now (error 503).' } as const;
    const backend = new FakeBackend().on('listSubmissions', down, down, {
      files: [file('ada_hw.pdf', '2025-03-13T09:00:00Z')],
      cursor: 'c1',
    });
    pane(backend);

    expect(await screen.findByTestId('submissions-error')).toHaveTextContent('having trouble');
    expect(screen.getByTestId('submissions-retry')).toHaveTextContent('Retrying in 2 s');
    // The first wait passes by itself.
    await waitFor(() => expect(backend.calls.filter((c) => c.startsWith('listSubmissions'))).toHaveLength(2), {
      timeout: 4000,
    });
    expect(await screen.findByTestId('submissions-retry')).toHaveTextContent('Retrying in 4 s');
    await user.click(screen.getByRole('button', { name: 'Retry now' }));
    expect(await screen.findByText('ada_hw.pdf')).toBeInTheDocument();
    expect(screen.queryByTestId('submissions-error')).not.toBeInTheDocument();
    expect(backend.calls.filter((c) => c.startsWith('listSubmissions'))).toHaveLength(3);
  });

  it('a refusal that will not pass is shown without a countdown', async () => {
    const backend = new FakeBackend().on('listSubmissions', {
      code: 'dropbox',
      message: 'That request no longer exists; it may have been deleted elsewhere.',
    });
    pane(backend);
    expect(await screen.findByTestId('submissions-error')).toHaveTextContent('no longer exists');
    expect(screen.queryByTestId('submissions-retry')).not.toBeInTheDocument();
  });

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
    pane(backend, (m: string) => said.push(m));

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
    pane(backend, (m: string) => said.push(m));
    const link = await screen.findByRole('button', { name: 'Copy a share link for ada_hw.pdf' });
    expect(link).toHaveTextContent('Link');
    await user.click(link);
    expect(backend.calls).toContain('shareLink("/HW/ada_hw.pdf")');
    expect(backend.calls).toContain('copyText("https://www.dropbox.com/s/abc/ada_hw.pdf")');
    await waitFor(() => expect(said).toContain('Share link for ada_hw.pdf copied.'));
    // On the button itself too, where the eyes are, and back to "Link" after a moment.
    expect(link).toHaveTextContent('Copied');
    await waitFor(() => expect(link).toHaveTextContent('Link'), { timeout: 4000 });
  });

  it('says when nothing came yet', async () => {
    pane(new FakeBackend().on('listSubmissions', { files: [], cursor: 'c' }));
    expect(await screen.findByTestId('no-submissions')).toHaveTextContent('Nothing uploaded yet');
  });

  it('lists the folder the list named, and shows rows from the first page on', async () => {
    let finish: () => void = () => {};
    const backend = new FakeBackend();
    const pages: ((files: Submission[]) => void)[] = [];
    backend.listSubmissions = (id, folder, onPage) => {
      backend.calls.push(`listSubmissions("${id}", "${folder}")`);
      pages.push(onPage);
      return new Promise((resolve) => (finish = () => resolve('c9')));
    };
    pane(backend);
    await waitFor(() => expect(pages).toHaveLength(1));
    expect(backend.calls).toContain('listSubmissions("r1", "/HW")');
    pages[0]?.([file('b.pdf', '2025-03-13T09:00:00Z')]);
    const list = await screen.findByTestId('submission-list');
    expect(screen.getByTestId('loading-more')).toHaveTextContent('1 so far');
    pages[0]?.([file('a.pdf', '2025-03-14T09:00:00Z')]);
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2));
    expect(within(list).getAllByRole('listitem')[0]).toHaveTextContent('a.pdf');
    finish();
    await waitFor(() => expect(screen.queryByTestId('loading-more')).not.toBeInTheDocument());
    await waitFor(() => expect(backend.calls).toContain('submissionChanges("r1", "c9")'));
  });

  it('downloads a file and all files with progress, and says where they went', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend()
      .on('listSubmissions', { files: [file('ada_hw.pdf', '2025-03-13T09:00:00Z')], cursor: 'c' })
      .on('downloadFile', { outcome: 'saved', path: '/home/ada/Downloads/ada_hw.pdf', bytes: 1200 })
      .on('downloadAllSubmissions', { outcome: 'cancelled' });
    backend.progress = [
      { received: 0, total: 1200 },
      { received: 600, total: 1200 },
    ];
    const said: string[] = [];
    const downloads = pane(backend, (m) => said.push(m));
    render(DownloadsPanel, { downloads });
    const folder = await screen.findByTestId('download-folder');
    await waitFor(() => expect(folder).toHaveTextContent('/home/ada/Downloads'));

    await user.click(await screen.findByRole('button', { name: 'Save ada_hw.pdf to the download folder' }));
    expect(backend.calls.find((c) => c.startsWith('downloadFile('))).toMatch(/"\/HW\/ada_hw.pdf"\)$/);
    expect(await screen.findByTestId('saved-path')).toHaveTextContent(
      'Saved to /home/ada/Downloads/ada_hw.pdf',
    );
    expect(said).toContain('ada_hw.pdf saved.');

    await user.click(screen.getByTestId('download-all'));
    await waitFor(() => expect(screen.getByText('Cancelled; nothing was saved.')).toBeInTheDocument());
    const items = screen.getAllByTestId('download');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('Homework 1 (all files, .zip)');
    expect(items[1]).toHaveTextContent('ada_hw.pdf');
    expect(items[1]).toHaveTextContent('Saved to /home/ada/Downloads/ada_hw.pdf');
    expect(backend.calls.find((c) => c.startsWith('downloadAllSubmissions('))).toMatch(/"r1"\)$/);
  });

  it('shows a running download with its progress and cancels it', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend().on('cancelDownload', true);
    const downloads = new DownloadsState(backend);
    let report: (p: { received: number; total: number | null }) => void = () => {};
    let done: () => void = () => {};
    backend.downloadAllSubmissions = (downloadId, id, onProgress) => {
      backend.calls.push(`downloadAllSubmissions("${downloadId}", "${id}")`);
      report = onProgress;
      return new Promise((resolve) => (done = () => resolve({ outcome: 'cancelled' })));
    };
    render(DownloadsPanel, { downloads });
    void downloads.all('r1', 'Homework 1');
    report({ received: 3 * 1024 * 1024, total: null });
    expect(await screen.findByText('3.0 MB so far')).toBeInTheDocument();
    report({ received: 3 * 1024 * 1024, total: 6 * 1024 * 1024 });
    expect(await screen.findByText('3.0 MB of 6.0 MB')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Downloading Homework 1 (all files, .zip)' })).toHaveAttribute(
      'value',
      String(3 * 1024 * 1024),
    );
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    const id = backend.calls.find((c) => c.startsWith('downloadAllSubmissions('))?.split('"')[1];
    expect(backend.calls).toContain(`cancelDownload("${id}")`);
    done();
    expect(await screen.findByText('Cancelled; nothing was saved.')).toBeInTheDocument();
  });

  it('changes the download folder through the system chooser, keeping it when closed', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend().on('chooseDownloadFolder', '/home/ada/Marking', null);
    pane(backend);
    const folder = await screen.findByTestId('download-folder');
    await waitFor(() => expect(folder).toHaveTextContent('/home/ada/Downloads'));
    await user.click(screen.getByRole('button', { name: 'Change…' }));
    await waitFor(() => expect(folder).toHaveTextContent('/home/ada/Marking'));
    await user.click(screen.getByRole('button', { name: 'Change…' }));
    await waitFor(() => expect(backend.calls.filter((c) => c === 'chooseDownloadFolder')).toHaveLength(2));
    expect(folder).toHaveTextContent('/home/ada/Marking');
  });
});
