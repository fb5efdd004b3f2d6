import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import type { OpenedDoc } from '../ipc/bindings/OpenedDoc';
import type { PaperDocView } from '../ipc/bindings/PaperDocView';
import { FakeBackend } from '../../test-backend';
import { DRAFT_EVERY_MS, EditorState } from '../state/paper.svelte';
import PaperPlace from './PaperPlace.svelte';

const lecture: PaperDocView = {
  id: 'id:l1',
  title: 'Lecture 1 notes',
  path: '/Notes/Lecture 1 notes.paper',
  modified: '2026-11-20T10:00:00Z',
};
const log: PaperDocView = { ...lecture, id: 'id:log', title: 'Course log', path: '/Notes/Course log.paper' };
const opened: OpenedDoc = {
  id: 'id:l1',
  title: 'Lecture 1 notes',
  path: '/Notes/Lecture 1 notes.paper',
  revision: 3,
  markdown: '# Lecture 1\n',
};

function setup(backend: FakeBackend) {
  const said: string[] = [];
  render(PaperPlace, { backend, announce: (m: string) => said.push(m) });
  return said;
}

describe('the Paper docs place', () => {
  it('a note added to the open doc updates the editor, and our own note is never "someone else"', async () => {
    const user = userEvent.setup();
    const noted = '# Lecture 1\n\n### 2026-12-02\nQuiz moved.\n';
    const backend = new FakeBackend()
      .on('listPaperDocs', [lecture])
      .on('openPaperDoc', opened, { ...opened, revision: 4, markdown: noted })
      .on('addPaperNote', 4, 6)
      .on('savePaperDoc', {
        outcome: 'merged',
        merged: `${noted}Mine.\n`,
        review: [],
        theirs: `${noted}\n### 2026-12-02\nSecond.\n`,
        revision: 6,
      })
      .on('savePaperDoc', { outcome: 'saved', revision: 7 });
    setup(backend);
    const list = await screen.findByTestId('doc-list');
    await user.click(await within(list).findByText('Lecture 1 notes'));
    const editor = await screen.findByTestId('markdown');

    // Nothing unsaved: the editor takes the doc with the note.
    await user.click(screen.getByRole('button', { name: 'Add note' }));
    await user.type(screen.getByLabelText(/^Note/), 'Quiz moved.');
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Add note' }));
    await waitFor(() => expect(editor).toHaveValue(noted));
    expect(screen.getByTestId('doc-status')).toHaveTextContent('rev 4');

    // Unsaved edits, then a note: the save folds our note in without a review.
    await user.type(editor, 'Mine.');
    await user.click(screen.getByRole('button', { name: 'Add note' }));
    await user.type(screen.getByLabelText(/^Note/), 'Second.');
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Add note' }));
    await waitFor(() => expect(backend.calls.filter((c) => c.startsWith('addPaperNote'))).toHaveLength(2));
    await user.click(screen.getByTestId('save-doc'));
    await waitFor(() => expect(screen.getByTestId('doc-status')).toHaveTextContent('rev 7'));
    expect(screen.queryByTestId('merge-clean')).not.toBeInTheDocument();
    expect(backend.calls.filter((c) => c.startsWith('savePaperDoc'))).toHaveLength(2);
  });

  it('says on screen when Dropbox gave a new doc another name', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend()
      .on('createPaperDoc', {
        id: 'id:l2',
        title: 'Lecture 1 notes (1)',
        path: '/Notes/Lecture 1 notes (1).paper',
        renamed: true,
        revision: 1,
        url: 'https://www.dropbox.com/scl/fi/l2',
      })
      .on('openPaperDoc', { ...opened, id: 'id:l2', title: 'Lecture 1 notes (1)' });
    setup(backend);
    await user.click(await screen.findByTestId('new-doc'));
    await user.type(screen.getByLabelText('Title'), 'Lecture 1 notes');
    await user.click(screen.getByTestId('create-doc'));
    expect(await screen.findByTestId('draft-notice')).toHaveTextContent(
      'Dropbox named the new one “Lecture 1 notes (1)”',
    );
  });

  it('a draft whose doc is gone can be saved as a new doc, or copied', async () => {
    const user = userEvent.setup();
    const orphan = {
      docId: 'id:gone',
      path: '/Notes/Week 3.paper',
      title: 'Week 3',
      baseRevision: 2,
      baseText: '# Week 3\n',
      text: '# Week 3\nTyped before it was deleted.\n',
      savedAt: '2026-11-23T12:00:00Z',
    };
    const backend = new FakeBackend()
      .on('listDrafts', [orphan], [orphan], [])
      .on('copyText', null)
      .on('openPaperDoc', { code: 'dropbox', message: 'That doc is gone: it was deleted or moved.' })
      .on('createPaperDoc', {
        id: 'id:new',
        title: 'Week 3',
        path: '/Notes/Week 3.paper',
        renamed: false,
        revision: 1,
        url: 'https://www.dropbox.com/scl/fi/new',
      })
      .on('openPaperDoc', { ...opened, id: 'id:new', title: 'Week 3', markdown: orphan.text });
    setup(backend);

    const drafts = await screen.findByTestId('drafts');
    await user.click(within(drafts).getByRole('button', { name: 'Copy text' }));
    expect(backend.calls).toContain(`copyText(${JSON.stringify(orphan.text)})`);
    expect(screen.getByTestId('draft-notice')).toHaveTextContent('Copied the text of “Week 3”.');

    await user.click(within(drafts).getByRole('button', { name: 'Restore' }));
    expect(await screen.findByText(/That doc is gone/)).toBeInTheDocument();

    await user.click(within(screen.getByTestId('drafts')).getByRole('button', { name: 'Save as a new doc' }));
    await waitFor(() =>
      expect(backend.calls).toContain(
        `createPaperDoc(${JSON.stringify({ title: 'Week 3', folder: '/Notes', markdown: orphan.text })})`,
      ),
    );
    expect(backend.calls).toContain('discardDraft("id:gone")');
    expect(await screen.findByTestId('draft-notice')).toHaveTextContent('as the new doc “Week 3” in /Notes');
    expect(await screen.findByTestId('markdown')).toHaveValue(orphan.text);
  });

  it('says plainly when the account has no Paper docs as files', async () => {
    setup(
      new FakeBackend().on('paperAvailability', {
        available: false,
        reason: "This account's Paper docs aren't stored as files yet, so Dropdesk can't open them.",
      }),
    );
    expect(await screen.findByTestId('paper-unavailable')).toHaveTextContent("aren't stored as files yet");
  });

  it('lists and searches docs, opens one with its preview, and saves with Ctrl+S', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend()
      .on('listPaperDocs', [lecture, log])
      .on('openPaperDoc', opened)
      .on('savePaperDoc', { outcome: 'saved', revision: 4 });
    const said = setup(backend);
    const list = await screen.findByTestId('doc-list');
    await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(2));
    await user.type(screen.getByLabelText('Search titles'), 'log');
    expect(within(list).getAllByRole('option')).toHaveLength(1);
    await user.clear(screen.getByLabelText('Search titles'));

    await user.click(within(list).getByText('Lecture 1 notes'));
    const editor = await screen.findByTestId('markdown');
    expect(editor).toHaveValue('# Lecture 1\n');
    await waitFor(() => expect(screen.getByTestId('preview')).toHaveTextContent('# Lecture 1'));
    await user.type(editor, 'More.');
    expect(screen.getByTestId('doc-status')).toHaveTextContent('rev 3 · unsaved changes');
    await waitFor(() => expect(screen.getByTestId('preview')).toHaveTextContent('More.'));

    const row = within(list).getByText('Lecture 1 notes').closest('li');
    expect(row).toHaveTextContent('ago');
    await user.keyboard('{Control>}s{/Control}');
    await waitFor(() => expect(screen.getByTestId('doc-status')).toHaveTextContent('rev 4 · saved'));
    expect(row, 'the list still says when it was changed before').toHaveTextContent('just now');
    expect(within(list).getAllByRole('option')[0]).toBe(row);
    expect(screen.getByTestId('doc-total')).toHaveTextContent('2 docs');
    expect(backend.calls).toContain(
      'savePaperDoc("id:l1", {"revision":3,"text":"# Lecture 1\\n"}, "# Lecture 1\\nMore.")',
    );
    expect(said).toContain('Saved “Lecture 1 notes”.');
  });

  it('offers drafts left from before and restores one with its base', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend()
      .on('listPaperDocs', [lecture])
      .on('listDrafts', [
        {
          docId: 'id:l1',
          path: lecture.path,
          title: 'Lecture 1 notes',
          baseRevision: 2,
          baseText: '# Old\n',
          text: '# Old\nUnsaved words.',
          savedAt: '2026-11-23T12:00:00Z',
        },
      ])
      .on('openPaperDoc', opened);
    const said = setup(backend);
    const drafts = await screen.findByTestId('drafts');
    expect(drafts).toHaveTextContent('Lecture 1 notes');
    await user.click(within(drafts).getByRole('button', { name: 'Restore' }));
    expect(await screen.findByTestId('markdown')).toHaveValue('# Old\nUnsaved words.');
    expect(screen.getByTestId('doc-status')).toHaveTextContent('rev 2 · unsaved changes');
    expect(said).toContain('Restored your unsaved edits of “Lecture 1 notes”.');
    expect(screen.queryByTestId('drafts')).not.toBeInTheDocument();
  });

  it('settles a conflict from the keyboard and saves against their revision', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend()
      .on('listPaperDocs', [lecture])
      .on('openPaperDoc', opened)
      .on(
        'savePaperDoc',
        {
          outcome: 'conflict',
          revision: 7,
          theirs: '# Theirs\n',
          parts: [{ kind: 'conflict', ours: '# Ours\n', theirs: '# Theirs\n' }],
        },
        { outcome: 'saved', revision: 8 },
      )
      .on('resolveConflicts', '# Ours\n# Theirs\n');
    setup(backend);
    await user.click(await screen.findByText('Lecture 1 notes'));
    const editor = await screen.findByTestId('markdown');
    await user.clear(editor);
    await user.type(editor, '# Ours{Enter}');
    await user.click(screen.getByTestId('save-doc'));
    const conflict = await screen.findByTestId('conflict');
    expect(conflict).toHaveTextContent('Theirs');
    expect(screen.getByTestId('save-resolved')).toBeDisabled();
    expect(screen.queryByTestId('save-doc'), 'one Save at a time').not.toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: /^Save/ })).toHaveLength(1);
    await waitFor(() => expect(conflict).toHaveFocus());
    await user.keyboard('3');
    expect(screen.getByRole('radio', { name: /Keep both/ })).toHaveAttribute('aria-checked', 'true');
    await waitFor(() => expect(screen.getByTestId('save-resolved')).toBeEnabled());
    expect(backend.calls).toContain(
      'resolveConflicts([{"kind":"conflict","ours":"# Ours\\n","theirs":"# Theirs\\n"}], ["both"])',
    );
    await user.click(screen.getByTestId('save-resolved'));
    await waitFor(() => expect(screen.getByTestId('doc-status')).toHaveTextContent('rev 8 · saved'));
    expect(backend.calls.at(-1)).toBe(
      'savePaperDoc("id:l1", {"revision":7,"text":"# Theirs\\n"}, "# Ours\\n# Theirs\\n")',
    );
    expect(screen.getByTestId('markdown')).toHaveValue('# Ours\n# Theirs\n');
  });

  it('a clean merge marks their changes and ours, and has one Save (Ctrl+S)', async () => {
    const user = userEvent.setup();
    const merged = '# Lecture 1\nTheirs.\nMine.\n';
    const backend = new FakeBackend()
      .on('listPaperDocs', [lecture])
      .on('openPaperDoc', opened)
      .on(
        'savePaperDoc',
        {
          outcome: 'merged',
          merged,
          review: [
            { text: '# Lecture 1\n', by: null, removed: false },
            { text: 'Old line.\n', by: 'theirs', removed: true },
            { text: 'Theirs.\n', by: 'theirs', removed: false },
            { text: 'Mine.\n', by: 'ours', removed: false },
          ],
          theirs: '# Lecture 1\nTheirs.\n',
          revision: 5,
        },
        { outcome: 'saved', revision: 6 },
      );
    setup(backend);
    await user.click(await screen.findByText('Lecture 1 notes'));
    await user.type(await screen.findByTestId('markdown'), 'Mine.{Enter}');
    await user.click(screen.getByTestId('save-doc'));
    await screen.findByTestId('merge-clean');
    expect(screen.queryByTestId('save-doc'), 'one Save at a time').not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Review' }));
    const review = screen.getByTestId('merged-text');
    const theirs = review.querySelector('ins[data-by="theirs"]');
    const ours = review.querySelector('ins[data-by="ours"]');
    const removed = review.querySelector('del[data-by="theirs"]');
    expect(theirs).toHaveTextContent('They added: Theirs.');
    expect(ours).toHaveTextContent('You added: Mine.');
    expect(removed).toHaveTextContent('They removed: Old line.');
    expect(screen.getByText('Their changes')).toBeInTheDocument();

    await user.keyboard('{Control>}s{/Control}');
    await waitFor(() => expect(screen.getByTestId('doc-status')).toHaveTextContent('rev 6 · saved'));
    expect(backend.calls.at(-1)).toBe(
      `savePaperDoc("id:l1", {"revision":5,"text":"# Lecture 1\\nTheirs.\\n"}, ${JSON.stringify(merged)})`,
    );
  });

  it('a failed save says whether the draft was kept', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend()
      .on('listPaperDocs', [lecture])
      .on('openPaperDoc', opened)
      .on('savePaperDoc', { code: 'offline', message: 'Dropdesk can’t reach Dropbox.' }, {
        code: 'storage',
        message: 'Could not write the draft: the disk is full.',
      });
    setup(backend);
    await user.click(await screen.findByText('Lecture 1 notes'));
    const editor = await screen.findByTestId('markdown');
    await user.type(editor, 'Mine.');
    await user.click(screen.getByTestId('save-doc'));
    expect(await screen.findByTestId('doc-status')).toHaveTextContent('draft kept');
    await user.click(screen.getByTestId('save-doc'));
    await waitFor(() => expect(screen.getByTestId('doc-error')).toHaveTextContent('disk is full'));
    expect(screen.getByTestId('doc-status')).toHaveTextContent('unsaved changes');
    expect(editor).toHaveValue('# Lecture 1\nMine.');
  });

  it('a failed save keeps the text and the draft', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend()
      .on('listPaperDocs', [lecture])
      .on('openPaperDoc', opened)
      .on('savePaperDoc', {
        code: 'dropbox',
        message: 'This doc is archived. Unarchive it in Dropbox Paper to edit it. Your text is kept as a draft.',
      });
    setup(backend);
    await user.click(await screen.findByText('Lecture 1 notes'));
    const editor = await screen.findByTestId('markdown');
    await user.type(editor, 'Mine.');
    await user.click(screen.getByTestId('save-doc'));
    expect(await screen.findByTestId('doc-error')).toHaveTextContent('archived');
    expect(screen.getByTestId('doc-status')).toHaveTextContent('draft kept');
    expect(editor).toHaveValue('# Lecture 1\nMine.');
    expect(backend.calls.at(-1)).toBe('savePaperDoc("id:l1", {"revision":3,"text":"# Lecture 1\\n"}, "# Lecture 1\\nMine.")');
  });
});

describe('unsaved edits across docs', () => {
  it('a doc reopened after switching away comes back with its unsaved edits', async () => {
    const user = userEvent.setup();
    const logDoc: OpenedDoc = { ...opened, id: 'id:log', title: 'Course log', path: log.path, markdown: '# Log\n' };
    const backend = new FakeBackend()
      .on('listPaperDocs', [lecture, log])
      .on('openPaperDoc', opened, logDoc, opened);
    setup(backend);
    await user.click(await screen.findByText('Lecture 1 notes'));
    await user.type(await screen.findByTestId('markdown'), 'Unsaved.');
    await user.click(screen.getByText('Course log'));
    await waitFor(() => expect(screen.getByTestId('markdown')).toHaveValue('# Log\n'));
    expect(screen.getByTestId('drafts')).toHaveTextContent('Lecture 1 notes');
    await user.click(within(screen.getByTestId('doc-list')).getByText('Lecture 1 notes'));
    await waitFor(() => expect(screen.getByTestId('markdown')).toHaveValue('# Lecture 1\nUnsaved.'));
  });
});

describe('the editor state', () => {
  it('writes a draft within a moment of typing, never per keystroke', async () => {
    vi.useFakeTimers();
    try {
      const backend = new FakeBackend();
      const editor = new EditorState(backend, opened);
      editor.edit('# Lecture 1\na');
      editor.edit('# Lecture 1\nab');
      expect(backend.drafts).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(DRAFT_EVERY_MS);
      expect(backend.drafts.map((d) => d.text)).toEqual(['# Lecture 1\nab']);
      expect(backend.drafts[0]).toMatchObject({ docId: 'id:l1', baseRevision: 3, baseText: '# Lecture 1\n' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('forgets the draft when the text is back to what was saved', async () => {
    const backend = new FakeBackend();
    const editor = new EditorState(backend, opened);
    editor.edit('# Lecture 1\nx');
    await editor.flush();
    expect(backend.drafts).toHaveLength(1);
    editor.edit('# Lecture 1\n');
    await editor.flush();
    expect(backend.drafts).toHaveLength(0);
    expect(backend.calls).toContain('discardDraft("id:l1")');
  });
});
