import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from './App.svelte';
import type { RunSummary } from './lib/ipc/bindings/RunSummary';
import {
  FakeBackend,
  ada,
  entry,
  defaultSettings,
  demoSession,
  dropboxSession,
  signedOut,
} from './test-backend';

describe('the app frame', () => {
  it('opens the request a notification was clicked for, from wherever the window is', async () => {
    const request = (id: string, title: string, isOpen: boolean) => ({
      id,
      title,
      url: `https://www.dropbox.com/request/${id}`,
      destination: `/Courses/${title}`,
      created: '2025-01-01T00:00:00Z',
      deadline: null,
      grace: 'none' as const,
      lateUntil: null,
      isOpen,
      fileCount: 0,
      description: null,
    });
    const hw1 = request('r1', 'Homework 1', true);
    const hw2 = request('r2', 'Homework 2', false);
    const hw3 = request('r3', 'Homework 3', true);
    const backend = new FakeBackend()
      .on('getSession', { ...demoSession, whereabouts: { place: 'settings', requestFilter: 'open' } })
      .on('listRequests', { requests: [hw1, hw2], total: 2 }, { requests: [hw1, hw2, hw3], total: 3 });
    render(App, { backend });
    await screen.findByTestId('notify-arrivals');

    // One the list hides (closed, the list showing open ones): the filter gives way.
    backend.onOpen?.('r2');
    const list = await screen.findByTestId('request-list');
    await waitFor(() => expect(within(list).getByRole('option', { selected: true })).toHaveTextContent('Homework 2'));
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('File requests');
    expect(backend.remembered).toContainEqual({ requestId: 'r2' });

    // One made since the list was read: it is read again.
    backend.onOpen?.('r3');
    await waitFor(() => expect(within(list).getByRole('option', { selected: true })).toHaveTextContent('Homework 3'));
    expect(backend.calls.filter((c) => c === 'listRequests')).toHaveLength(2);
  });

  it('turns arrival notices off and on for the account, and keeps the box true on failure', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend()
      .on('getSession', { ...demoSession, whereabouts: { place: 'settings' } })
      .on(
        'setNotifiesArrivals',
        { ...demoSession, notifiesArrivals: false },
        { code: 'storage', message: 'Could not write the settings file.' },
      );
    render(App, { backend });
    const box = await screen.findByRole('checkbox', { name: /Notify me when submissions arrive/ });
    expect(box).toBeChecked();
    await user.click(box);
    await waitFor(() => expect(box).not.toBeChecked());
    expect(backend.calls).toContain('setNotifiesArrivals(false)');

    await user.click(box);
    expect(await screen.findByTestId('notify-arrivals-error')).toHaveTextContent(
      'Could not change the notifications: Could not write the settings file.',
    );
    expect(box, 'still off, as saved').not.toBeChecked();
  });

  it('shows the signed-in account with a demo badge and announces it', async () => {
    render(App, { backend: new FakeBackend().on('getSession', demoSession) });

    expect(await screen.findByTestId('account-name')).toHaveTextContent('Ada Lovelace');
    expect(screen.getByTestId('demo-badge')).toHaveTextContent('Demo');
    expect(screen.getByText(/Professional/)).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent(
        'Signed in to the demo Dropbox as Ada Lovelace.',
      ),
    );
  });

  it('offers unsaved Paper edits where the app opens, and leads to them', async () => {
    const user = userEvent.setup();
    const draft = {
      docId: 'id:l1',
      path: '/Notes/Lecture 1 notes.paper',
      title: 'Lecture 1 notes',
      baseRevision: 2,
      baseText: '# Old\n',
      text: '# Old\nUnsaved words.',
      savedAt: '2026-11-23T12:00:00Z',
    };
    render(App, { backend: new FakeBackend().on('getSession', demoSession).on('listDrafts', [draft], [draft]) });
    const notice = await screen.findByTestId('kept-drafts');
    expect(notice).toHaveTextContent('Your unsaved edits of “Lecture 1 notes” are kept on this computer.');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('File requests');
    await user.click(within(notice).getByRole('button', { name: 'Review in Paper docs' }));
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Paper docs');
    expect(screen.queryByTestId('kept-drafts')).not.toBeInTheDocument();
    expect(await screen.findByTestId('drafts')).toHaveTextContent('Lecture 1 notes');
    await user.keyboard('{Control>}1{/Control}');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('File requests');
    expect(screen.queryByTestId('kept-drafts'), 'offered again after Paper showed them').not.toBeInTheDocument();
  });

  it('switches places from the sidebar and with Ctrl+digit', async () => {
    const user = userEvent.setup();
    render(App, {
      backend: new FakeBackend().on('getSession', demoSession).on('getSettings', defaultSettings),
    });
    await screen.findByTestId('account-name');

    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('File requests');
    await user.click(screen.getByRole('button', { name: /Paper docs/ }));
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Paper docs');
    expect(screen.getByRole('button', { name: /Paper docs/ })).toHaveAttribute(
      'aria-current',
      'page',
    );

    await user.keyboard('{Control>}4{/Control}');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Settings');
    expect(screen.getByRole('heading', { level: 1 })).toHaveFocus();
    await user.keyboard('{Control>}2{/Control}');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Courses');
  });

  it('does what the menu bar asks: a place, and Help → Keyboard shortcuts', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend().on('getSession', demoSession).on('getSettings', defaultSettings);
    render(App, { backend });
    await screen.findByTestId('account-name');
    await waitFor(() => expect(backend.onMenu).toBeDefined());

    backend.onMenu?.({ kind: 'openPlace', place: 'courses' });
    await waitFor(() =>
      expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Courses'),
    );

    const placeButton = screen.getByRole('button', { name: /File requests/ });
    placeButton.focus();
    backend.onMenu?.({ kind: 'showShortcuts' });
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    // Every key of the table, the accounts as one line.
    expect(within(dialog).getByText('Ctrl+Shift+1 … 9')).toBeInTheDocument();
    expect(within(dialog).getByText('Ctrl+L')).toBeInTheDocument();
    expect(within(dialog).getByText('Esc')).toBeInTheDocument();
    expect(within(dialog).queryByText('Ctrl+Shift+2')).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(placeButton, 'the focus goes back where it was').toHaveFocus();

    // Without a menu bar (a page in a browser), Ctrl+/ opens it too.
    await user.keyboard('{Control>}/{/Control}');
    expect(await screen.findByRole('dialog', { name: 'Keyboard shortcuts' })).toBeInTheDocument();
  });

  it('shows a failed start in the alert region by its code, and recovers on retry', async () => {
    const user = userEvent.setup();
    render(App, {
      backend: new FakeBackend().on(
        'getSession',
        { code: 'offline', message: "Can't reach Dropbox. Check your internet connection." },
        demoSession,
      ),
    });

    expect(await screen.findByTestId('error-message')).toHaveTextContent("Can't reach Dropbox.");
    expect(screen.getByRole('alert')).toContainElement(screen.getByTestId('error-message'));

    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('account-name')).toHaveTextContent('Ada Lovelace');
    expect(screen.queryByTestId('error-message')).not.toBeInTheDocument();
  });
});

describe('with several accounts', () => {
  it('Ctrl+Shift+digit switches accounts and the places start afresh for the new one', async () => {
    const user = userEvent.setup();
    const grace = { ...ada, displayName: 'Grace Hopper', email: 'grace@home.example' };
    const both = {
      ...dropboxSession,
      accounts: [entry('dbid:ada'), entry('dbid:grace', { active: false, ...grace })],
    };
    const switched = {
      ...dropboxSession,
      account: grace,
      accounts: [entry('dbid:ada', { active: false }), entry('dbid:grace', { ...grace })],
    };
    const backend = new FakeBackend()
      .on('getSession', both)
      .on('switchAccount', switched)
      .on('listRequests', { requests: [], total: 0 }, { requests: [], total: 0 });
    render(App, { backend });
    expect(await screen.findByTestId('account-name')).toHaveTextContent('Ada Lovelace');
    await screen.findByTestId('requests-empty');

    await user.keyboard('{Control>}{Shift>}2{/Shift}{/Control}');
    expect(await screen.findByText('Grace Hopper', { selector: '[data-testid="account-name"] *' })).toBeInTheDocument();
    expect(backend.calls).toContain('switchAccount("dbid:grace")');
    await waitFor(() => expect(backend.calls.filter((c) => c === 'listRequests')).toHaveLength(2));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('as Grace Hopper'));
  });

  it('opens the place as it was left: the list in its order, the request and the Paper doc', async () => {
    const request = (id: string, title: string, created: string) => ({
      id,
      title,
      url: `https://www.dropbox.com/request/${id}`,
      destination: `/Courses/${title}`,
      created,
      deadline: null,
      grace: 'none' as const,
      lateUntil: null,
      isOpen: true,
      fileCount: 0,
      description: null,
    });
    const backend = new FakeBackend()
      .on('getSession', { ...demoSession, whereabouts: { requestSort: 'created', requestId: 'r1' } })
      .on('listRequests', {
        requests: [request('r1', 'Older', '2025-01-01T00:00:00Z'), request('r2', 'Newer', '2025-02-01T00:00:00Z')],
        total: 2,
      });
    const view = render(App, { backend });
    const list = await screen.findByTestId('request-list');
    expect(screen.getByLabelText('Sort by')).toHaveValue('created');
    await waitFor(() => expect(within(list).getByRole('option', { selected: true })).toHaveTextContent('Older'));
    expect(within(list).getAllByRole('option')[0]).toHaveTextContent('Newer');
    view.unmount();

    const paper = new FakeBackend()
      .on('getSession', { ...demoSession, whereabouts: { place: 'paper', docId: 'id:l1' } })
      .on('openPaperDoc', { id: 'id:l1', title: 'Lecture 1 notes', path: '/Notes/Lecture 1 notes.paper', revision: 3, markdown: '# Lecture 1\n' });
    render(App, { backend: paper });
    await waitFor(() => expect(screen.getByTestId('markdown')).toHaveValue('# Lecture 1\n'));
    expect(paper.calls).toContain('openPaperDoc("id:l1")');
    expect(paper.remembered, 'opening as it was left is not a change').toEqual([]);
  });

  it("each account opens where it was left, and a place chosen is remembered for it", async () => {
    const user = userEvent.setup();
    const grace = { ...ada, displayName: 'Grace Hopper', email: 'grace@home.example' };
    const backend = new FakeBackend()
      .on('getSession', {
        ...dropboxSession,
        accounts: [entry('dbid:ada'), entry('dbid:grace', { active: false, ...grace })],
      })
      .on('switchAccount', {
        ...dropboxSession,
        account: grace,
        whereabouts: { place: 'settings' },
        accounts: [entry('dbid:ada', { active: false }), entry('dbid:grace', { ...grace })],
      })
      .on('listRequests', { requests: [], total: 0 })
      .on('getSettings', defaultSettings);
    render(App, { backend });
    await screen.findByTestId('requests-empty');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('File requests');

    await user.click(screen.getByTestId('switch-account'));
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Settings'));
    expect(backend.places, 'opening where it was left is not a choice').toEqual([]);
    await user.keyboard('{Control>}1{/Control}');
    expect(backend.places).toEqual(['requests']);
  });
});

describe('when Dropbox ends the sign-in or cannot be reached', () => {
  it('a sign-in Dropbox ended goes to the sign-in screen that says why', async () => {
    const ended =
      "Dropbox no longer accepts Dropdesk's sign-in: it was ended at dropbox.com, or it expired.";
    const backend = new FakeBackend()
      .on('getSession', dropboxSession, { ...signedOut, ended })
      .on('listRequests', { code: 'sign_in_expired', message: 'Your Dropbox sign-in has ended.' });
    render(App, { backend });

    expect(await screen.findByTestId('sign-in-ended')).toHaveTextContent('ended at dropbox.com');
    expect(screen.getByTestId('welcome')).toBeInTheDocument();
    expect(screen.getByTestId('connect')).toBeEnabled();
    expect(screen.queryByTestId('account-name')).not.toBeInTheDocument();
    expect(backend.calls.filter((c) => c === 'getSession')).toHaveLength(2);
  });

  it('when the account joins a team, the error says so in words and the account card shows the team', async () => {
    const moved =
      'Your Dropbox changed: this account joined or left a team, so its folders now start somewhere else.';
    const inTeam = {
      ...dropboxSession,
      account: { ...ada, team: 'University of Example', ownFolder: '/Ada Lovelace' },
    };
    const backend = new FakeBackend()
      .on('getSession', dropboxSession, inTeam)
      .on('listRequests', { code: 'space_changed', message: moved });
    render(App, { backend });

    expect(await screen.findByText(/joined or left a team/)).toBeInTheDocument();
    expect(await screen.findByTestId('account-team')).toHaveTextContent('University of Example');
    expect(screen.getByTestId('account-name')).toHaveTextContent('Ada Lovelace');
    expect(backend.calls.filter((c) => c === 'getSession')).toHaveLength(2);
  });

  it('unreachable at start keeps trying on its own, and Retry now tries at once', async () => {
    const user = userEvent.setup();
    const unreachable = { ...signedOut, unreachable: true };
    const backend = new FakeBackend().on('getSession', unreachable, unreachable, dropboxSession);
    render(App, { backend });

    const panel = await screen.findByTestId('reconnecting');
    expect(panel).toHaveTextContent("Can't reach Dropbox — retrying");
    await waitFor(() => expect(panel).toHaveTextContent('Next try in 2 s.'));
    expect(screen.queryByTestId('welcome')).not.toBeInTheDocument();
    // The first wait passes by itself; the second is cut short.
    await waitFor(() => expect(backend.calls.filter((c) => c === 'getSession')).toHaveLength(2), {
      timeout: 4000,
    });
    await waitFor(() => expect(screen.getByTestId('reconnecting')).toHaveTextContent('Next try in 4 s.'));
    await user.click(screen.getByTestId('retry-now'));
    expect(await screen.findByTestId('account-name')).toHaveTextContent('Ada Lovelace');
    expect(screen.queryByTestId('reconnecting')).not.toBeInTheDocument();
  });
});

describe('signing in and out', () => {
  it('without an app key, Connect is disabled with the reason and the demo is one click', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend()
      .on('getSession', { ...signedOut, canConnect: false })
      .on('tryDemo', demoSession);
    render(App, { backend });

    expect(await screen.findByTestId('connect')).toBeDisabled();
    expect(screen.getByText(/add your Dropbox app key first/)).toBeInTheDocument();
    await user.click(screen.getByTestId('try-demo'));
    expect(await screen.findByTestId('account-name')).toHaveTextContent('Ada Lovelace');
    expect(screen.queryByTestId('welcome')).not.toBeInTheDocument();
  });

  it('Connect waits for the browser, shows the address, and ends signed in', async () => {
    const user = userEvent.setup();
    let finish: (view: typeof dropboxSession) => void = () => {};
    const backend = new FakeBackend()
      .on('getSession', signedOut)
      .on('signIn', {
        authorizeUrl: 'https://www.dropbox.com/oauth2/authorize?client_id=k',
        pasteCode: false,
        browserOpened: false,
      })
      .on('finishSignIn', () => new Promise((resolve) => (finish = resolve)));
    render(App, { backend });

    await user.click(await screen.findByTestId('connect'));
    expect(await screen.findByTestId('sign-in-waiting')).toHaveTextContent(
      'Finish signing in in your browser',
    );
    expect(screen.getByTestId('authorize-url')).toHaveValue(
      'https://www.dropbox.com/oauth2/authorize?client_id=k',
    );
    expect(screen.getByText(/Open this address in your browser/)).toBeInTheDocument();

    finish(dropboxSession);
    expect(await screen.findByTestId('account-name')).toHaveTextContent('Ada Lovelace');
    expect(backend.calls.slice(0, 3)).toEqual(['getSession', 'signIn(false)', 'finishSignIn']);
  });

  it('a failed sign-in offers to connect again, which starts a new sign-in', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend()
      .on('getSession', signedOut)
      .on(
        'signIn',
        { authorizeUrl: 'https://x/oauth2/authorize', pasteCode: false, browserOpened: true },
        { authorizeUrl: 'https://x/oauth2/authorize', pasteCode: false, browserOpened: true },
      )
      .on(
        'finishSignIn',
        { code: 'sign_in_failed', message: 'No answer came from the browser. Connect again to retry.' },
        dropboxSession,
      );
    render(App, { backend });
    await user.click(await screen.findByTestId('connect'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent('No answer came');
    await user.click(screen.getByRole('button', { name: 'Connect again' }));
    expect(await screen.findByTestId('account-name')).toHaveTextContent('Ada Lovelace');
    expect(backend.calls.filter((c) => c.startsWith('signIn('))).toHaveLength(2);
  });

  it('a pasted code that is refused keeps the text and shows the error under the field', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend()
      .on('getSession', signedOut)
      .on(
        'signIn',
        { authorizeUrl: 'https://x/oauth2/authorize', pasteCode: false, browserOpened: true },
        { authorizeUrl: 'https://x/oauth2/authorize', pasteCode: true, browserOpened: true },
      )
      .on('finishSignIn', () => new Promise(() => {}))
      .on('cancelSignIn', null)
      .on(
        'signInWithCode',
        { code: 'invalid_input', field: 'code', message: 'Code: paste the code Dropbox shows.' },
        dropboxSession,
      );
    render(App, { backend });

    await user.click(await screen.findByTestId('connect'));
    await user.click(await screen.findByRole('button', { name: 'Paste a code instead' }));
    const field = await screen.findByLabelText('Code from Dropbox');
    await user.type(field, 'not-it');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByTestId('code-error')).toHaveTextContent('paste the code');
    expect(field).toHaveValue('not-it');
    expect(field).toHaveAttribute('aria-invalid', 'true');

    // The next paste replaces the wrong code instead of joining it.
    await user.click(field);
    await user.paste(' the-code\n');
    expect(field).toHaveValue('the-code');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByTestId('account-name')).toHaveTextContent('Ada Lovelace');
    expect(backend.calls).toContain('signInWithCode("the-code")');
    expect(backend.calls).toContain('signIn(true)');
  });

  it('a failed sign-in says why and offers Connect again', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend()
      .on('getSession', signedOut)
      .on('signIn', { authorizeUrl: 'https://x', pasteCode: false, browserOpened: true })
      .on('finishSignIn', {
        code: 'sign_in_failed',
        message: 'Dropbox access was not allowed. Connect again to retry.',
      });
    render(App, { backend });

    await user.click(await screen.findByTestId('connect'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent('was not allowed');
    expect(screen.getByTestId('connect')).toBeEnabled();
  });

  it('signing out from Settings returns to the welcome screen', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend()
      .on('getSession', dropboxSession)
      .on('getSettings', defaultSettings)
      .on('signOut', signedOut);
    render(App, { backend });
    await screen.findByTestId('account-name');

    await user.keyboard('{Control>}4{/Control}');
    await user.click(screen.getByTestId('sign-out'));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Signed out.'));
    // Settings itself offers the way back in.
    expect(screen.getByTestId('settings-connect')).toBeEnabled();
    await user.keyboard('{Control>}1{/Control}');
    expect(screen.getByTestId('welcome')).toBeInTheDocument();
  });

  it('reset demo data asks first and does nothing on Cancel', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend()
      .on('getSession', demoSession)
      .on('getSettings', defaultSettings)
      .on('resetDemo', demoSession);
    render(App, { backend });
    await screen.findByTestId('account-name');
    await user.keyboard('{Control>}4{/Control}');

    await user.click(screen.getByTestId('reset-demo'));
    const confirm = screen.getByTestId('confirm-reset');
    expect(confirm).toHaveAttribute('open');
    expect(confirm).toHaveTextContent('your Paper edits');
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(confirm).not.toHaveAttribute('open');
    expect(backend.calls).not.toContain('resetDemo');

    await user.click(screen.getByTestId('reset-demo'));
    await user.click(screen.getByTestId('confirm-reset-yes'));
    await waitFor(() => expect(backend.calls).toContain('resetDemo'));
  });

  it('a keyring problem is a banner, not a dead end', async () => {
    render(App, {
      backend: new FakeBackend().on('getSession', {
        ...dropboxSession,
        keyringProblem: "Dropdesk can't reach your system keyring. How to fix: …",
      }),
    });
    expect(await screen.findByTestId('keyring-problem')).toHaveTextContent('How to fix');
    expect(screen.getByTestId('account-name')).toBeInTheDocument();
  });
});

describe('settings', () => {
  it('light or dark applies on choosing it, and a failure says why and keeps the old choice', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend()
      .on('getSession', { ...signedOut, canConnect: false })
      .on('getSettings', { ...defaultSettings, theme: 'dark' })
      .on('setTheme', { ...defaultSettings, theme: 'light' }, {
        code: 'storage',
        message: 'Could not write /home/ada/.config/dropdesk/settings.json: the disk is full.',
      });
    render(App, { backend });
    await user.click(await screen.findByRole('button', { name: 'Open Settings' }));
    const group = await screen.findByRole('group', { name: 'Appearance' });
    await waitFor(() => expect(within(group).getByLabelText('Dark')).toBeChecked());

    await user.click(within(group).getByLabelText('Light'));
    expect(backend.calls).toContain('setTheme("light")');
    await waitFor(() => expect(within(group).getByLabelText('Light')).toBeChecked());

    await user.click(within(group).getByLabelText('As the desktop says'));
    expect(await screen.findByTestId('theme-error')).toHaveTextContent('the disk is full');
    expect(within(group).getByLabelText('Light')).toBeChecked();
  });

  it('a bad port is shown under its field, keeps what was typed, and a good save says so', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend()
      .on('getSession', { ...signedOut, canConnect: false }, signedOut)
      .on('getSettings', defaultSettings)
      .on(
        'saveSettings',
        {
          code: 'invalid_input',
          field: 'redirectPorts',
          message: 'Redirect ports: "80" is not a port from 1024 to 65535.',
        },
        { ...defaultSettings, appKey: 'abcdefghij12345' },
      );
    render(App, { backend });
    await user.click(await screen.findByRole('button', { name: 'Open Settings' }));

    const key = await screen.findByLabelText('App key');
    const ports = screen.getByLabelText('Redirect ports');
    await waitFor(() => expect(ports).toHaveValue('53682, 53683, 53684'));
    await user.type(key, 'abcdefghij12345');
    await user.clear(ports);
    await user.type(ports, '80');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText(/is not a port from 1024/)).toBeInTheDocument();
    expect(ports).toHaveAttribute('aria-invalid', 'true');
    expect(ports).toHaveValue('80');
    expect(key).toHaveValue('abcdefghij12345');

    await user.clear(ports);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByTestId('settings-saved')).toHaveTextContent('Saved.');
    expect(backend.calls).toContain(
      'saveSettings({"appKey":"abcdefghij12345","redirectPorts":""})',
    );
    // The session is read again: with a key, Connect is possible.
    await waitFor(() => expect(backend.calls.filter((c) => c === 'getSession')).toHaveLength(2));
  });

  it('shows a retry wait as a countdown that goes away by itself', async () => {
    const backend = new FakeBackend().on('getSession', demoSession);
    render(App, { backend });
    await screen.findByTestId('account-name');
    expect(screen.queryByTestId('wait-banner')).not.toBeInTheDocument();

    backend.onWait?.({ kind: 'server_error', delayMs: 400 });
    backend.onWait?.({ kind: 'rate_limited', delayMs: 1500 });
    const banner = await screen.findByTestId('wait-banner');
    expect(banner).toHaveTextContent('Dropbox asked us to slow down. Retrying in 2 s…');
    await waitFor(() => expect(screen.getByTestId('wait-seconds')).toHaveTextContent('1'));
    await waitFor(() => expect(screen.queryByTestId('wait-banner')).not.toBeInTheDocument(), {
      timeout: 3000,
    });
  });

  it("shows Dropbox's countdown inside the term dialog, which covers the window's banner", async () => {
    const user = userEvent.setup();
    let finish: (summary: RunSummary) => void = () => {};
    const row = {
      number: 1,
      form: { title: 'HW 1', destination: '/C/HW 1', description: '', deadline: null, grace: 'none' as const },
    };
    const backend = new FakeBackend()
      .on('getSession', demoSession)
      .on('planTerm', [row])
      .on('previewTerm', {
        rows: [{ number: 1, title: 'HW 1', destination: '/C/HW 1', description: '', deadline: null, grace: 'none', status: { state: 'ready' }, clocksChanged: false }],
        ready: 1,
        room: 3_999,
        overCap: null,
      })
      .on('createTerm', () => new Promise<RunSummary>((resolve) => (finish = resolve)));
    render(App, { backend });
    await user.click(await screen.findByTestId('plan-term'));
    const dialog = screen.getByTestId('term-dialog');
    await user.click(within(dialog).getByTestId('term-preview-button'));
    await user.click(await within(dialog).findByTestId('term-create'));
    await within(dialog).findByTestId('term-cancel');

    backend.onWait?.({ kind: 'rate_limited', delayMs: 5_000 });
    expect(await within(dialog).findByTestId('wait-banner')).toHaveTextContent(
      'Dropbox asked us to slow down. Retrying in 5 s…',
    );
    finish({ rows: [], created: 1, skipped: 0, failed: 0, notSent: 0 });
    await waitFor(() => expect(within(dialog).queryByTestId('wait-banner')).not.toBeInTheDocument());
  });
});
