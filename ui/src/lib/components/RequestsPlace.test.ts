import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import type { RequestView } from '../ipc/bindings/RequestView';
import type { Whereabouts } from '../ipc/bindings/Whereabouts';
import { FakeBackend } from '../../test-backend';
import RequestsPlace from './RequestsPlace.svelte';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

function request(id: string, title: string, more: Partial<RequestView> = {}): RequestView {
  return {
    id,
    title,
    url: `https://www.dropbox.com/request/${id}`,
    destination: `/Courses/CS101/${title}`,
    created: '2025-03-01T10:00:00Z',
    deadline: null,
    grace: 'none',
    lateUntil: null,
    isOpen: true,
    fileCount: 0,
    description: null,
    ...more,
  };
}

const hw3 = request('r3', 'Homework 3', { deadline: inDays(3), grace: 'two_days', fileCount: 14 });
const hw2 = request('r2', 'Homework 2', { deadline: inDays(-2), fileCount: 31 });
const hw1 = request('r1', 'Homework 1', { isOpen: false, fileCount: 30 });

function setup(backend: FakeBackend, plan: 'basic' | 'pro' = 'pro') {
  const said: string[] = [];
  render(RequestsPlace, { backend, plan, announce: (m: string) => said.push(m) });
  return said;
}

describe('the file requests place', () => {
  it('lists requests by deadline with the total, and filters and searches them', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend()
      .on('listRequests', { requests: [hw1, hw2, hw3], total: 3 })
      .on('lateCounts', [{ id: 'r2', late: 3 }]);
    setup(backend);

    const list = await screen.findByTestId('request-list');
    const titles = () =>
      within(list)
        .getAllByRole('option')
        .map((o) => o.textContent?.match(/Homework \d/)?.[0]);
    expect(titles()).toEqual(['Homework 3', 'Homework 2', 'Homework 1']);
    await waitFor(() => expect(screen.getByTestId('request-total')).toHaveTextContent('3 requests'));
    // The title has the first line to itself; when and how many share the second.
    const second = (at: number) => within(list).getAllByRole('option')[at]?.querySelector('.meta');
    expect(second(0)).toHaveTextContent(/^in 3 days · \d+ files?/);
    expect(second(2)).toHaveTextContent(/^closed · /);
    expect(within(list).getAllByRole('option')[0]?.querySelector('.title')).toHaveTextContent(/^● Homework 3$/);
    await waitFor(() =>
      expect(within(list).getAllByRole('option')[1]).toHaveTextContent('31 files · 3 late'),
    );
    expect(backend.calls).toContain('lateCounts(["r2"])');

    await user.selectOptions(screen.getByLabelText('Show'), 'closed');
    expect(titles()).toEqual(['Homework 1']);
    expect(screen.getByTestId('request-total')).toHaveTextContent('1 of 3 requests');
    await user.selectOptions(screen.getByLabelText('Show'), 'all');
    await user.type(screen.getByLabelText('Search titles'), 'work 2');
    expect(titles()).toEqual(['Homework 2']);
  });

  it("shows a course request's missing and unmatched in its row and who is missing in its detail", async () => {
    const user = userEvent.setup();
    const counts = { submitted: 27, late: 3, pastGrace: 0, missing: 3, notInYet: 0, excused: 0, unmatched: 2 };
    const missing = {
      students: [
        { name: 'Zoe Adams', email: 'zoe@uni.example' },
        { name: 'Li Chen', email: null },
      ],
      addresses: ['zoe@uni.example'],
      withoutEmail: ['Li Chen'],
    };
    const backend = new FakeBackend()
      .on('listRequests', { requests: [hw2], total: 1 })
      // Read again when the open pane counts other files than the list said.
      .on('courseRequestCounts', ...[1, 2].map(() => [{ id: 'r2', course: '/Courses/CS101', counts, missing }]));
    setup(backend);
    const list = await screen.findByTestId('request-list');
    // (The open pane lists no files, and the row follows it.)
    await waitFor(() =>
      expect(within(list).getAllByRole('option')[0]).toHaveTextContent('0 files · 3 missing · 2 unmatched'),
    );
    await user.click(within(list).getByText('Homework 2'));
    expect(await screen.findByTestId('detail-course-counts')).toHaveTextContent(
      '27 in · 3 late · 3 missing · 2 unmatched',
    );
    await user.click(screen.getByTestId('show-missing'));
    expect(screen.getByTestId('missing-students')).toHaveTextContent(/Zoe Adams\s·\szoe@uni\.example/);
    expect(screen.getByTestId('missing-students')).toHaveTextContent('Li Chen');
  });

  it('says it is loading, not "(0)", and the list heading does not repeat the page heading', async () => {
    let answer: (list: { requests: RequestView[]; total: number }) => void = () => {};
    setup(new FakeBackend().on('listRequests', () => new Promise((resolve) => (answer = resolve))));
    expect(screen.getByTestId('request-total')).toHaveTextContent('Loading…');
    expect(screen.getByRole('heading', { name: 'File requests' })).toHaveClass('visually-hidden');
    answer({ requests: [hw1, hw2, hw3], total: 3 });
    await waitFor(() => expect(screen.getByTestId('request-total')).toHaveTextContent('3 requests'));
  });

  it("the list's file and late counts follow the open pane's", async () => {
    const user = userEvent.setup();
    const late = (name: string) => ({
      name,
      path: `/Courses/CS101/Homework 2/${name}`,
      size: 1000,
      uploaded: inDays(-1),
      late: true,
    });
    const backend = new FakeBackend()
      .on('listRequests', { requests: [hw1, hw2, hw3], total: 3 })
      .on('lateCounts', [{ id: 'r2', late: 3 }])
      // Homework 3 opens first (it is due next), then Homework 2.
      .on('listSubmissions', { files: [], cursor: 'c0' }, {
        files: ['a.pdf', 'b.pdf', 'c.pdf', 'd.pdf'].map(late),
        cursor: 'c1',
      });
    setup(backend);
    const list = await screen.findByTestId('request-list');
    const row = () => within(list).getAllByRole('option')[1];
    await waitFor(() => expect(row()).toHaveTextContent('31 files · 3 late'));
    await user.click(within(list).getByText('Homework 2'));
    await waitFor(() => expect(row()).toHaveTextContent('4 files · 4 late'));
    expect(screen.getByTestId('submissions')).toHaveTextContent('4 late');
  });

  it('the destination opens its folder on Dropbox and says so on screen', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend()
      .on('listRequests', { requests: [hw3], total: 1 })
      .on('openFolderOnDropbox', null, { code: 'offline', message: 'Dropdesk can’t reach Dropbox.' });
    const said = setup(backend);
    const destination = await screen.findByTestId('detail-destination');
    expect(destination.tagName).toBe('BUTTON');
    await user.click(destination);
    expect(backend.calls).toContain('openFolderOnDropbox("/Courses/CS101/Homework 3")');
    expect(await screen.findByTestId('folder-notice')).toHaveTextContent(
      'Opened /Courses/CS101/Homework 3 on Dropbox in your browser.',
    );
    await user.click(destination);
    await waitFor(() => expect(screen.getByTestId('folder-notice')).toHaveTextContent('Could not open'));
    expect(said.at(-1)).toContain('can’t reach Dropbox');
  });

  it('moves with the arrow keys and copies the selected link with one click', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend()
      .on('listRequests', { requests: [hw3, hw2], total: 2 })
      .on('copyText', null, null);
    const said = setup(backend);

    const list = await screen.findByTestId('request-list');
    expect(screen.getByRole('heading', { level: 2, name: 'Homework 3' })).toBeInTheDocument();
    list.focus();
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('heading', { level: 2, name: 'Homework 2' })).toBeInTheDocument();

    await user.click(screen.getByTestId('copy-link'));
    expect(backend.calls).toContain('copyText("https://www.dropbox.com/request/r2")');
    expect(screen.getByTestId('copy-link')).toHaveTextContent('Copied');
    expect(said).toContain('Link copied.');

    await user.keyboard('{Control>}l{/Control}');
    expect(backend.calls.filter((c) => c.startsWith('copyText'))).toHaveLength(2);
  });

  it('a refused create keeps what was typed and shows the message under its field', async () => {
    const user = userEvent.setup();
    const created = request('r9', 'Homework 4');
    const backend = new FakeBackend()
      .on('listRequests', { requests: [], total: 0 })
      .on(
        'createRequest',
        { code: 'invalid_input', field: 'destination', message: 'That path is a file. Choose a folder.' },
        created,
      );
    const said = setup(backend);

    expect(await screen.findByTestId('requests-empty')).toHaveTextContent('No file requests yet');
    await user.click(screen.getByTestId('new-request'));
    const title = screen.getByLabelText('Title');
    const folder = screen.getByLabelText('Folder');
    await user.type(title, 'Homework 4');
    await user.clear(folder);
    await user.type(folder, '/Courses/CS101/Syllabus.pdf');
    await user.click(screen.getByTestId('save-request'));

    expect(await screen.findByTestId('error-destination')).toHaveTextContent('That path is a file.');
    expect(folder).toHaveAttribute('aria-invalid', 'true');
    expect(folder).toHaveFocus();
    expect(title).toHaveValue('Homework 4');

    await user.clear(folder);
    await user.type(folder, '/Courses/CS101/Homework 4');
    await user.click(screen.getByTestId('save-request'));
    await waitFor(() => expect(screen.queryByTestId('request-dialog')).not.toBeInTheDocument());
    expect(screen.getByTestId('request-total')).toHaveTextContent(/^1 request$/);
    expect(said).toContain('Created “Homework 4”.');
  });

  it("a team member's new folder starts in their own folder, and a look-alike is said before it is made", async () => {
    const user = userEvent.setup();
    const placed = '/Ada Lovelace/CS Dept/Team HW';
    const backend = new FakeBackend()
      .on('listRequests', { requests: [], total: 0 })
      .on(
        'createRequest',
        {
          code: 'invalid_input',
          field: 'destination',
          message: `Folder: the team space has no folder "CS Dept" that you can reach, so this would be created in your own folder, not the team space: ${placed}.`,
          suggestion: placed,
        },
        request('r9', 'Team HW', { destination: placed }),
      );
    render(RequestsPlace, { backend, plan: 'pro', ownFolder: '/Ada Lovelace', announce: () => {} });
    await user.click(await screen.findByTestId('new-request'));
    const folder = screen.getByLabelText('Folder');
    expect(folder).toHaveValue('/Ada Lovelace/Courses/');

    await user.type(screen.getByLabelText('Title'), 'Team HW');
    await user.clear(folder);
    await user.type(folder, '/CS Dept/Team HW');
    await user.click(screen.getByTestId('save-request'));
    expect(await screen.findByTestId('error-destination')).toHaveTextContent('in your own folder, not the team space');
    expect(folder).toHaveValue('/CS Dept/Team HW');
    expect(screen.getByTestId('request-dialog')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Create in my folder' }));
    await waitFor(() => expect(screen.queryByTestId('request-dialog')).not.toBeInTheDocument());
    const creates = backend.calls.filter((c) => c.startsWith('createRequest'));
    expect(creates).toHaveLength(2);
    expect(creates[1]).toContain(`"destination":"${placed}"`);
  });

  it('after "slow down" on a create it retries by itself as the countdown says', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend()
      .on('listRequests', { requests: [], total: 0 })
      .on(
        'createRequest',
        { code: 'rate_limited', message: 'Dropbox asked us to slow down.', retryAfterSecs: 1 },
        request('r9', 'Homework 4'),
      );
    const said = setup(backend);
    await user.click(await screen.findByTestId('new-request'));
    await user.type(screen.getByLabelText('Title'), 'Homework 4');
    await user.click(screen.getByTestId('save-request'));

    expect(await screen.findByTestId('request-retry')).toHaveTextContent('Retrying in 1 s');
    await waitFor(() => expect(screen.queryByTestId('request-dialog')).not.toBeInTheDocument(), {
      timeout: 3000,
    });
    expect(backend.calls.filter((c) => c.startsWith('createRequest'))).toHaveLength(2);
    expect(said).toContain('Created “Homework 4”.');
  });

  it('stopping the countdown sends nothing more and says to press the button', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend()
      .on('listRequests', { requests: [], total: 0 })
      .on('createRequest', { code: 'rate_limited', message: 'slow down', retryAfterSecs: 30 });
    setup(backend);
    await user.click(await screen.findByTestId('new-request'));
    await user.type(screen.getByLabelText('Title'), 'Homework 4');
    await user.click(screen.getByTestId('save-request'));
    await user.click(await screen.findByRole('button', { name: 'Stop' }));
    expect(screen.queryByTestId('request-retry')).not.toBeInTheDocument();
    expect(screen.getByTestId('request-error')).toHaveTextContent('Press the button again');
    expect(backend.calls.filter((c) => c.startsWith('createRequest'))).toHaveLength(1);
  });

  it('a lost answer is told on screen, and an unknown outcome makes the next create look first', async () => {
    const user = userEvent.setup();
    const found = request('r9', 'Homework 4');
    const backend = new FakeBackend()
      .on('listRequests', { requests: [], total: 0 })
      .on(
        'createRequest',
        {
          code: 'outcome_unknown',
          message: "Can't reach Dropbox, so Dropdesk can't tell whether the request was created.",
        },
        { request: found, foundAfterLostAnswer: true },
      );
    setup(backend);
    await user.click(await screen.findByTestId('new-request'));
    await user.type(screen.getByLabelText('Title'), 'Homework 4');
    await user.click(screen.getByTestId('save-request'));
    expect(await screen.findByTestId('request-error')).toHaveTextContent("can't tell whether");

    await user.click(screen.getByTestId('save-request'));
    await waitFor(() => expect(screen.queryByTestId('request-dialog')).not.toBeInTheDocument());
    const creates = backend.calls.filter((c) => c.startsWith('createRequest'));
    expect(creates[0]).not.toMatch(/, "20/);
    expect(creates[1]).toMatch(/, "20\d\d-\d\d-\d\dT/);
    expect(screen.getByTestId('requests-notice')).toHaveTextContent(
      'had created “Homework 4”. Nothing was created twice.',
    );
    expect(screen.getByTestId('request-total')).toHaveTextContent(/^1 request$/);
  });

  it('an edit that leaves a multi-line title alone sends it back unchanged', async () => {
    const user = userEvent.setup();
    const odd = request('r5', 'Homework 5\nPart A', { description: 'Line one\nLine two' });
    const backend = new FakeBackend()
      .on('listRequests', { requests: [odd], total: 1 })
      .on('updateRequest', { ...odd, destination: '/Courses/CS101/HW5' });
    setup(backend);
    await user.click(await screen.findByRole('button', { name: 'Edit' }));
    // WebKit's one-line fields hold the text without its line breaks (jsdom keeps them):
    // make the fields what the window's are, as a user passing through them leaves them.
    for (const label of ['Title', 'Description']) {
      const field = screen.getByLabelText(label) as HTMLInputElement;
      field.value = field.value.replace(/\n/g, '');
      await fireEvent.input(field);
    }
    const folder = screen.getByLabelText('Folder');
    await user.clear(folder);
    await user.type(folder, '/Courses/CS101/HW5');
    await user.click(screen.getByTestId('save-request'));
    await waitFor(() => expect(backend.calls.some((c) => c.startsWith('updateRequest'))).toBe(true));
    const sent = backend.calls.find((c) => c.startsWith('updateRequest')) ?? '';
    expect(sent).toContain('"title":"Homework 5\\nPart A"');
    expect(sent).toContain('"description":"Line one\\nLine two"');
  });

  it("a field's error goes when the field changes, and Esc asks before dropping typed input", async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend()
      .on('listRequests', { requests: [], total: 0 })
      .on('createRequest', { code: 'invalid_input', field: 'title', message: 'Title: keep it to 140 characters or fewer.' });
    setup(backend);
    await user.click(await screen.findByTestId('new-request'));
    const title = screen.getByLabelText('Title');
    await user.type(title, 'Homework 4');
    await user.click(screen.getByTestId('save-request'));
    expect(await screen.findByTestId('error-title')).toHaveTextContent('140 characters');
    await user.type(title, '!');
    expect(screen.getByTestId('error-title')).toHaveTextContent('');
    expect(title).not.toHaveAttribute('aria-invalid');

    // What the browser does on Esc in a modal dialog (jsdom does not).
    const esc = () => fireEvent(screen.getByTestId('request-dialog'), new Event('cancel', { cancelable: true }));
    await esc();
    expect(screen.getByTestId('discard-ask')).toHaveTextContent('Discard what you typed?');
    expect(screen.getByTestId('request-dialog')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Keep editing' }));
    expect(title).toHaveValue('Homework 4!');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await user.click(screen.getByTestId('discard-yes'));
    await waitFor(() => expect(screen.queryByTestId('request-dialog')).not.toBeInTheDocument());
  });

  it('Esc closes at once when nothing was typed', async () => {
    const user = userEvent.setup();
    setup(new FakeBackend().on('listRequests', { requests: [], total: 0 }));
    await user.click(await screen.findByTestId('new-request'));
    await fireEvent(screen.getByTestId('request-dialog'), new Event('cancel', { cancelable: true }));
    await waitFor(() => expect(screen.queryByTestId('request-dialog')).not.toBeInTheDocument());
  });

  it('browses Dropbox folders for the destination and keeps the other fields', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend()
      .on('listRequests', { requests: [], total: 0 })
      .on(
        'listFolders',
        { folders: [{ name: 'CS101', path: '/Courses/CS101', kind: 'folder' }], missing: false },
        {
          folders: [
            { name: 'Homework 1', path: '/Courses/CS101/Homework 1', kind: 'folder' },
            { name: 'Reflections', path: '/Courses/CS101/Reflections', kind: 'folder' },
          ],
          missing: false,
        },
        { folders: [], missing: false },
      );
    setup(backend);
    await user.click(await screen.findByTestId('new-request'));
    await user.type(screen.getByLabelText('Title'), 'Essay 1');
    await user.click(screen.getByRole('button', { name: 'Browse…' }));

    const picker = await screen.findByTestId('folder-picker');
    expect(backend.calls).toContain('listFolders("/Courses")');
    await user.click(await within(picker).findByRole('button', { name: /CS101/ }));
    await user.click(await within(picker).findByRole('button', { name: /Reflections/ }));
    expect(backend.calls).toContain('listFolders("/Courses/CS101")');
    expect(backend.calls).toContain('listFolders("/Courses/CS101/Reflections")');
    await user.click(within(picker).getByRole('button', { name: 'Use Reflections' }));

    expect(screen.queryByTestId('folder-picker')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Folder')).toHaveValue('/Courses/CS101/Reflections');
    expect(screen.getByLabelText('Folder')).toHaveFocus();
    expect(screen.getByLabelText('Title')).toHaveValue('Essay 1');
  });

  it('the folder browser says a folder to be created will be created, not that it is wrong', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend()
      .on('listRequests', { requests: [], total: 0 })
      .on(
        'listFolders',
        { folders: [], missing: true },
        { folders: [{ name: 'Courses', path: '/Courses', kind: 'folder' }], missing: false },
      );
    setup(backend);
    await user.click(await screen.findByTestId('new-request'));
    const folder = screen.getByLabelText('Folder');
    await user.clear(folder);
    await user.type(folder, '/Courses/CS101/Essay 2');
    await user.click(screen.getByRole('button', { name: 'Browse…' }));
    const picker = await screen.findByTestId('folder-picker');
    const note = await within(picker).findByTestId('folder-missing');
    expect(note).toHaveTextContent('Essay 2 isn’t in Dropbox yet: it will be created when you save the request.');
    expect(note).toHaveAttribute('role', 'status');
    expect(within(picker).queryByRole('alert')).not.toBeInTheDocument();
    expect(within(picker).getByRole('button', { name: 'Use Essay 2' })).toBeEnabled();
    await user.click(within(picker).getByRole('button', { name: 'Dropbox' }));
    expect(await within(picker).findByRole('button', { name: /Courses/ })).toBeInTheDocument();
    expect(backend.calls).toContain('listFolders("/")');
  });

  it('at the top of a team space the picker marks your folder and the team folders', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend()
      .on('listRequests', { requests: [], total: 0 })
      .on('listFolders', {
        folders: [
          { name: 'Ada Lovelace', path: '/Ada Lovelace', kind: 'own_folder' },
          { name: 'CS Department', path: '/CS Department', kind: 'team_folder' },
        ],
        missing: false,
      });
    setup(backend);
    await user.click(await screen.findByTestId('new-request'));
    await user.clear(screen.getByLabelText('Folder'));
    await user.click(screen.getByRole('button', { name: 'Browse…' }));
    const picker = await screen.findByTestId('folder-picker');
    expect(await within(picker).findByRole('button', { name: /Ada Lovelace your folder/ })).toBeInTheDocument();
    expect(within(picker).getByRole('button', { name: /CS Department team folder/ })).toBeInTheDocument();
    expect(within(picker).getAllByTestId('team-folder')).toHaveLength(1);
  });

  it('without a date there is no time, no late-upload choice and no mixed message', async () => {
    const user = userEvent.setup();
    setup(new FakeBackend().on('listRequests', { requests: [], total: 0 }));
    await user.click(await screen.findByTestId('new-request'));
    expect(screen.queryByLabelText('Deadline time'), 'a time beside an empty date').not.toBeInTheDocument();
    expect(screen.getByTestId('error-deadline')).toHaveTextContent('No deadline');
    const graceChoices = within(screen.getByRole('radiogroup', { name: 'Late uploads' })).getAllByRole('radio');
    expect(graceChoices.every((r) => (r as HTMLInputElement).disabled)).toBe(true);
    expect(screen.getByTestId('grace-note')).toHaveTextContent('Late uploads need a deadline.');

    await fireEvent.input(screen.getByLabelText('Deadline date'), { target: { value: '2026-12-18' } });
    expect(await screen.findByLabelText('Deadline time')).toHaveValue('17:00');
    expect(graceChoices.every((r) => !(r as HTMLInputElement).disabled)).toBe(true);
    expect(screen.queryByTestId('grace-note')).not.toBeInTheDocument();
    // The chosen day in words, year and all, in the user's locale (jsdom's is en-US).
    expect(screen.getByTestId('error-deadline')).toHaveTextContent(/^Due Friday, December 18, 2026 at 5:00\sPM/);

    await user.click(screen.getByRole('button', { name: 'No deadline' }));
    expect(screen.queryByLabelText('Deadline time')).not.toBeInTheDocument();
    expect(graceChoices.every((r) => (r as HTMLInputElement).disabled)).toBe(true);
  });

  it('on a Basic plan the deadline is disabled with the reason', async () => {
    const user = userEvent.setup();
    setup(new FakeBackend().on('listRequests', { requests: [], total: 0 }), 'basic');
    await user.click(await screen.findByTestId('new-request'));
    expect(screen.getByLabelText('Deadline date')).toBeDisabled();
    expect(screen.getByTestId('error-deadline')).toHaveTextContent(
      'Deadlines need a paid Dropbox plan',
    );
  });

  it('deletes only closed requests, after a confirmation that names the request', async () => {
    const user = userEvent.setup();
    const thirty = Array.from({ length: 30 }, (_, n) => ({
      name: `s${n}.pdf`,
      path: `/Courses/CS101/Homework 1/s${n}.pdf`,
      size: 10,
      uploaded: '2025-03-01T10:00:00Z',
      late: false,
    }));
    const backend = new FakeBackend()
      .on('listRequests', { requests: [hw3, hw1], total: 2 })
      .on('listSubmissions', { files: [], cursor: 'a' }, { files: thirty, cursor: 'b' })
      .on('deleteRequest', null);
    setup(backend);

    const list = await screen.findByTestId('request-list');
    expect(screen.getByTestId('delete-request')).toBeDisabled();
    expect(screen.getByTestId('delete-request')).toHaveAttribute('title', 'Close it first');

    const [, closed] = within(list).getAllByRole('option');
    if (!closed) throw new Error('the closed request is not listed');
    await user.click(closed);
    await user.click(screen.getByTestId('delete-request'));
    const confirm = await screen.findByTestId('confirm-dialog');
    expect(confirm).toHaveTextContent('Delete “Homework 1”?');
    expect(confirm).toHaveTextContent('30 files stay in /Courses/CS101/Homework 1');
    await user.click(screen.getByTestId('confirm-delete'));

    expect(backend.calls).toContain('deleteRequest("r1")');
    expect(within(list).getAllByRole('option')).toHaveLength(1);
    expect(screen.getByTestId('request-total')).toHaveTextContent(/^1 request$/);
  });

  it('isolates names from Dropbox and shows hidden direction controls where the user decides', async () => {
    const user = userEvent.setup();
    const spoof = request('r7', 'Homework \u202Efdp.exe', { isOpen: false });
    const backend = new FakeBackend()
      .on('listRequests', { requests: [spoof], total: 1 })
      .on('listSubmissions', {
        files: [
          {
            name: 'x\u202Efdp.exe',
            path: '/Courses/CS101/HW/x\u202Efdp.exe',
            size: 10,
            uploaded: '2025-03-01T10:00:00Z',
            late: false,
          },
        ],
        cursor: 'a',
      });
    setup(backend);
    const list = await screen.findByTestId('request-list');
    expect(list.querySelector('bdi')).toHaveTextContent('Homework \u202Efdp.exe');
    expect(document.getElementById('detail-title')?.querySelector('bdi')).not.toBeNull();
    const file = await screen.findByText('x⟨RLO⟩fdp.exe');
    expect(file.tagName).toBe('BDI');

    await user.click(screen.getByTestId('delete-request'));
    const confirm = await screen.findByTestId('confirm-dialog');
    expect(confirm).toHaveTextContent('Delete “Homework ⟨RLO⟩fdp.exe”?');
  });

  it('loads again on its own when Dropbox kept asking to slow down', async () => {
    const backend = new FakeBackend().on(
      'listRequests',
      { code: 'rate_limited', message: 'Dropbox asked us to slow down. Retrying in 1 s.', retryAfterSecs: 1 },
      { requests: [hw3], total: 1 },
    );
    setup(backend);
    expect(await screen.findByTestId('requests-error')).toHaveTextContent('Retrying in 1 s');
    const list = await screen.findByTestId('request-list');
    await waitFor(() => expect(within(list).getByText('Homework 3')).toBeInTheDocument(), {
      timeout: 3000,
    });
    expect(screen.queryByTestId('requests-error')).not.toBeInTheDocument();
    expect(backend.calls.filter((c) => c === 'listRequests')).toHaveLength(2);
  });
});

describe('the request list as it was left', () => {
  it('opens with the filter, order and request it was left with, and remembers changes', async () => {
    const user = userEvent.setup();
    const remembered: Whereabouts[] = [];
    const backend = new FakeBackend().on('listRequests', { requests: [hw1, hw2, hw3], total: 3 });
    render(RequestsPlace, {
      backend,
      plan: 'pro',
      announce: () => {},
      left: { requestFilter: 'open', requestSort: 'created', requestId: 'r2' },
      remember: (w: Whereabouts) => remembered.push(w),
    });

    const list = await screen.findByTestId('request-list');
    expect(screen.getByLabelText('Show')).toHaveValue('open');
    expect(screen.getByLabelText('Sort by')).toHaveValue('created');
    const selected = () => within(list).getAllByRole('option').find((o) => o.getAttribute('aria-selected') === 'true');
    await waitFor(() => expect(selected()).toHaveTextContent('Homework 2'));
    expect(within(list).getAllByRole('option')).toHaveLength(2);
    expect(remembered, 'opening as it was left is not a change').toEqual([]);

    await user.selectOptions(screen.getByLabelText('Sort by'), 'deadline');
    list.focus();
    await user.keyboard('{Home}');
    await waitFor(() =>
      expect(remembered.at(-1)).toEqual({ requestFilter: 'open', requestSort: 'deadline', requestId: 'r3' }),
    );
    // Written once the selection settles, not at every step of it.
    expect(remembered.length).toBeLessThanOrEqual(2);
  });

  it('selects the request it was left on when a later page brings it, unless one was chosen', async () => {
    const user = userEvent.setup();
    const pages = [Array.from({ length: 5 }, (_, n) => request(`p${n}`, `Early ${n}`, { deadline: inDays(n + 1) })), [hw1]];
    const load = (left: Whereabouts, meanwhile: () => Promise<void>) => {
      let rest: () => void = () => {};
      const backend = new FakeBackend();
      backend.listRequests = async (onPage) => {
        onPage(pages[0] ?? []);
        await new Promise<void>((resolve) => (rest = resolve));
        onPage(pages[1] ?? []);
        return 6;
      };
      const view = render(RequestsPlace, { backend, plan: 'pro', announce: () => {}, left });
      return { view, go: async () => { await meanwhile(); rest(); } };
    };
    const selected = () =>
      within(screen.getByTestId('request-list'))
        .getAllByRole('option')
        .find((o) => o.getAttribute('aria-selected') === 'true');

    const first = load({ requestId: 'r1' }, async () => {});
    await waitFor(() => expect(selected()).toHaveTextContent('Early 0'));
    await first.go();
    await waitFor(() => expect(selected()).toHaveTextContent('Homework 1'));
    first.view.unmount();

    const chosen = load({ requestId: 'r1' }, async () => {
      screen.getByTestId('request-list').focus();
      await user.keyboard('{ArrowDown}');
    });
    await waitFor(() => expect(selected()).toHaveTextContent('Early 0'));
    await chosen.go();
    await waitFor(() => expect(screen.getByTestId('request-total')).toHaveTextContent('6 requests'));
    expect(selected()).toHaveTextContent('Early 1');
  });
});

describe('the request list at Dropbox’s limit of 4,000', () => {
  // Due one after another, so "by deadline" puts them in number order.
  const many = Array.from({ length: 4000 }, (_, n) =>
    request(`m${n}`, `Assignment ${String(n + 1).padStart(4, '0')}`, {
      deadline: inDays(n + 1),
      created: new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString(),
    }),
  );
  const options = () => within(screen.getByTestId('request-list')).queryAllByRole('option');

  it('draws the rows in view only, from the first page on, and reaches the last row with End', async () => {
    const user = userEvent.setup();
    let rest: () => void = () => {};
    const backend = new FakeBackend();
    backend.listRequests = async (onPage) => {
      onPage(many.slice(0, 1000));
      await new Promise<void>((resolve) => (rest = resolve));
      for (let at = 1000; at < many.length; at += 1000) onPage(many.slice(at, at + 1000));
      return many.length;
    };
    setup(backend);

    // The first page is on screen while the others are still coming.
    await waitFor(() => expect(options()[0]).toHaveTextContent('Assignment 0001'));
    expect(screen.getByTestId('request-total')).toHaveTextContent('Loading… 1000 so far');
    expect(options().length).toBeLessThanOrEqual(40);
    rest();
    await waitFor(() => expect(screen.getByTestId('request-total')).toHaveTextContent('4000 requests'));
    expect(options().length).toBeLessThanOrEqual(40);
    expect(options()[0]).toHaveAttribute('aria-setsize', '4000');
    expect(options()[0]).toHaveAttribute('aria-selected', 'true');

    const list = screen.getByTestId('request-list');
    list.focus();
    await user.keyboard('{End}');
    const last = options().find((o) => o.getAttribute('aria-selected') === 'true');
    expect(last).toHaveTextContent('Assignment 4000');
    expect(last).toHaveAttribute('aria-posinset', '4000');
    expect(list).toHaveAttribute('aria-activedescendant', last?.id);
    expect(options().length).toBeLessThanOrEqual(40);
    await user.keyboard('{PageUp}');
    const up = options().find((o) => o.getAttribute('aria-selected') === 'true');
    expect(Number(up?.getAttribute('aria-posinset'))).toBeLessThan(4000);
    expect(list).toHaveAttribute('aria-activedescendant', up?.id);
    await user.keyboard('{Home}');
    expect(options()[0]).toHaveAttribute('aria-selected', 'true');
    expect(options()[0]).toHaveTextContent('Assignment 0001');
  });

  it('searches and sorts all 4,000 without drawing them', async () => {
    const user = userEvent.setup();
    setup(new FakeBackend().on('listRequests', { requests: many, total: many.length }));
    await waitFor(() => expect(screen.getByTestId('request-total')).toHaveTextContent('4000 requests'));

    await user.type(screen.getByLabelText('Search titles'), '399');
    expect(options().map((o) => o.textContent?.match(/Assignment \d+/)?.[0])).toEqual([
      'Assignment 0399',
      'Assignment 1399',
      'Assignment 2399',
      'Assignment 3399',
      ...Array.from({ length: 10 }, (_, n) => `Assignment ${3990 + n}`),
    ]);
    expect(screen.getByTestId('request-total')).toHaveTextContent('14 of 4000 requests');
    await user.clear(screen.getByLabelText('Search titles'));
    await user.selectOptions(screen.getByLabelText('Sort by'), 'created');
    // The selection (the first due) stays in view: last, now that the newest come first.
    const selected = options().find((o) => o.getAttribute('aria-selected') === 'true');
    expect(selected).toHaveTextContent('Assignment 0001');
    expect(selected).toHaveAttribute('aria-posinset', '4000');
    expect(options().length).toBeLessThanOrEqual(40);
    screen.getByTestId('request-list').focus();
    await user.keyboard('{Home}');
    expect(options()[0]).toHaveTextContent('Assignment 4000');
  });
});
