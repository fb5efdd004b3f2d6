import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import type { Cell } from '../ipc/bindings/Cell';
import type { CourseView } from '../ipc/bindings/CourseView';
import type { GridRow } from '../ipc/bindings/GridRow';
import type { Student } from '../ipc/bindings/Student';
import { FakeBackend } from '../../test-backend';
import CoursesPlace from './CoursesPlace.svelte';

const FOLDER = '/Courses/CS101';
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');

function student(first: string, last: string, email: string | null): Student {
  return { key: `email:${email ?? last}`, firstName: first, lastName: last, email, studentId: null, section: null };
}

function cell(state: Cell['state'], more: Partial<Cell> = {}): Cell {
  const file =
    state === 'missing' || state === 'not_due'
      ? null
      : { name: 'x.pdf', path: `${FOLDER}/Homework 3/x.pdf`, uploaded: inDays(-1), size: 10, confidence: 'high' as const };
  return { state, file, ...more };
}

function row(s: Student, cells: Cell[]): GridRow {
  const missing = cells.filter((c) => c.state === 'missing').length;
  const late = cells.filter((c) => c.state === 'late').length;
  return { student: s, cells, totals: { submitted: cells.length - missing, late, missing } };
}

const grace = student('Grace', 'Hopper', 'grace@uni.example');
const wei = student('Wei', 'Chen', 'wei@uni.example');
const li = student('Li', 'Chen', null);

function course(rows: GridRow[], missing: number): CourseView {
  return {
    folder: FOLDER,
    name: 'CS101',
    rosterProblem: null,
    merged: false,
    cursor: 'c1',
    grid: {
      requests: [
        {
          id: 'r3',
          title: 'Homework 3',
          url: 'https://www.dropbox.com/request/r3',
          folder: `${FOLDER}/Homework 3`,
          deadline: inDays(-1),
          grace: 'two_days',
          isOpen: true,
          counts: { submitted: rows.length - missing, late: 1, pastGrace: 0, missing, notInYet: 0, excused: 0, unmatched: 1 },
          toRemind: { students: [], addresses: ['wei@uni.example'], withoutEmail: missing > 1 ? ['Li Chen'] : [] },
        },
      ],
      rows,
      unmatched: [
        {
          request: 0,
          file: { name: 'chen_hw3.pdf', path: `${FOLDER}/Homework 3/chen_hw3.pdf`, uploaded: inDays(-1), size: 5, confidence: null },
          candidates: [li.key, wei.key],
        },
      ],
    },
  };
}

const before = course(
  [row(li, [cell('missing')]), row(wei, [cell('missing')]), row(grace, [cell('late', { minutesLate: 240 })])],
  2,
);

function setup(backend = new FakeBackend()) {
  backend.on('listCourses', [{ folder: FOLDER, name: 'CS101', requests: 1 }]).on('openCourse', before);
  render(CoursesPlace, { backend, announce: () => {} });
  return backend;
}

describe('the Courses place', () => {
  it('opens the first course and shows each student against each request', async () => {
    const backend = setup();
    const grid = await screen.findByTestId('course-grid');
    expect(backend.calls).toContain(`openCourse("${FOLDER}")`);
    const rows = within(grid).getAllByTestId('grid-row');
    // What the eye sees of each row (the words for screen readers left out).
    const seen = (row: HTMLElement) => {
      const copy = row.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.visually-hidden').forEach((hidden) => hidden.remove());
      return copy.textContent?.replace(/\s+/g, ' ').trim();
    };
    expect(rows.map(seen)).toEqual([
      'Chen, Li — 0 · 0 · 1',
      'Chen, Wei — 0 · 0 · 1',
      'Hopper, Grace ✓ 4 h 1 · 1 · 0',
    ]);
    expect(screen.getByTestId('request-counts')).toHaveTextContent('1 in · 1 late · 2 missing · 1 unmatched');
    expect(within(grid).getByRole('gridcell', { name: 'Grace Hopper, Homework 3: late by 4 hours, inside the grace period' })).toBeInTheDocument();
    expect(screen.getByText('1 without an e-mail address')).toBeInTheDocument();
  });

  it('filters to the missing and searches names with accents folded', async () => {
    const user = userEvent.setup();
    setup();
    const grid = await screen.findByTestId('course-grid');
    await user.click(screen.getByTestId('missing-only'));
    expect(within(grid).getAllByTestId('grid-row')).toHaveLength(2);
    await user.click(screen.getByTestId('missing-only'));
    await user.type(screen.getByTestId('student-search'), 'hoppér');
    expect(within(grid).getAllByTestId('grid-row')).toHaveLength(1);
  });

  it('assigns an unmatched file to the student chosen, candidates first', async () => {
    const user = userEvent.setup();
    const backend = setup();
    const after = course([row(li, [cell('missing')]), row(wei, [cell('on_time')]), row(grace, [cell('late', { minutesLate: 240 })])], 1);
    after.grid.unmatched = [];
    backend.on('editCourse', after);
    const picker = await screen.findByTestId('assign-student');
    const options = within(picker).getAllByRole('option').map((o) => o.textContent);
    expect(options.slice(0, 3)).toEqual(['Choose a student…', 'Chen, Li', 'Chen, Wei']);
    await user.selectOptions(picker, wei.key);
    await user.click(screen.getByTestId('assign'));
    await waitFor(() => expect(screen.queryByTestId('unmatched')).not.toBeInTheDocument());
    expect(backend.calls).toContain(
      `editCourse("${FOLDER}", ${JSON.stringify({ kind: 'assign', file: `${FOLDER}/Homework 3/chen_hw3.pdf`, student: wei.key })})`,
    );
    expect(screen.getByTestId('course-notice')).toHaveTextContent("chen_hw3.pdf is now Chen, Wei's.");
    expect(screen.getByTestId('request-counts')).toHaveTextContent('1 missing');
  });

  it('moves through the grid with the keyboard and excuses the student of a cell', async () => {
    const user = userEvent.setup();
    const backend = setup();
    backend.on('editCourse', before);
    const grid = await screen.findByTestId('course-grid');
    const first = within(grid).getByRole('gridcell', { name: /^Li Chen, Homework 3/ });
    first.focus();
    await user.click(first);
    await user.keyboard('{ArrowDown}');
    await waitFor(() => expect(within(grid).getByRole('gridcell', { name: /^Wei Chen, Homework 3/ })).toHaveAttribute('aria-selected', 'true'));
    await user.keyboard('{Enter}');
    const details = await screen.findByTestId('cell-details');
    expect(details).toHaveTextContent('Wei Chen · Homework 3');
    await user.click(within(details).getByTestId('toggle-excused'));
    expect(backend.calls).toContain(
      `editCourse("${FOLDER}", ${JSON.stringify({ kind: 'excuse', request: `${FOLDER}/Homework 3`, student: wei.key, excused: true })})`,
    );
  });

  it('removes a student from the list only on a second press', async () => {
    const user = userEvent.setup();
    const backend = setup();
    backend.on('editCourse', before);
    const grid = await screen.findByTestId('course-grid');
    const name = within(grid).getByText('Hopper');
    await user.dblClick(name);
    const remove = await screen.findByTestId('remove-student');
    await user.click(remove);
    expect(backend.calls.some((c) => c.startsWith('editCourse('))).toBe(false);
    expect(remove).toHaveTextContent('Remove: their files stay in Dropbox');
    await user.click(remove);
    await waitFor(() =>
      expect(backend.calls).toContain(`editCourse("${FOLDER}", ${JSON.stringify({ kind: 'removeStudent', key: grace.key })})`),
    );
  });

  it('reminds the missing through the mail program, with the invitation as the text', async () => {
    const user = userEvent.setup();
    const backend = setup();
    backend.on('emailStudents', null);
    await user.click(await screen.findByTestId('email-missing'));
    await waitFor(() => expect(backend.calls.some((c) => c.startsWith('emailStudents('))).toBe(true));
    const call = backend.calls.find((c) => c.startsWith('emailStudents('));
    expect(call).toContain('["wei@uni.example"], "Homework 3", "Please upload your Homework 3 here by ');
    expect(call).toContain(': https://www.dropbox.com/request/r3"');
  });

  it('imports a class list only once its preview has no problems', async () => {
    const user = userEvent.setup();
    const backend = setup();
    const columns = { hasHeader: true, name: 0, firstName: null, lastName: null, email: 1, studentId: null, section: null };
    const preview = { encoding: 'UTF-8', separator: 'comma', headers: ['Name', 'Email'], columns, students: [grace], count: 1, moreProblems: 0 };
    backend
      .on('loadClassList', { ...preview, problems: [{ line: 3, message: 'Line 3: the same e-mail as line 2 (grace@uni.example). Delete one of them.' }] })
      .on('previewClassList', { ...preview, problems: [] })
      .on('importClassList', course([row(grace, [cell('on_time')])], 0));
    await user.click(await screen.findByTestId('import-class-list'));
    const file = new File(['Name,Email\nGrace Hopper,grace@uni.example\n'], 'class.csv', { type: 'text/csv' });
    await user.upload(screen.getByTestId('class-list-file'), file);
    expect(await screen.findByTestId('import-problems')).toHaveTextContent('Line 3: the same e-mail as line 2');
    expect(screen.getByTestId('import-submit')).toBeDisabled();
    await user.selectOptions(screen.getByTestId('column-section'), '1');
    await waitFor(() => expect(screen.getByTestId('import-submit')).toBeEnabled());
    expect(screen.getByTestId('import-preview')).toHaveTextContent('Hopper, Grace');
    await user.click(screen.getByTestId('import-replace'));
    await user.click(screen.getByTestId('import-submit'));
    await waitFor(() => expect(screen.queryByTestId('import-dialog')).not.toBeInTheDocument());
    expect(backend.calls).toContain(`importClassList("${FOLDER}", ${JSON.stringify(columns)}, true)`);
    expect(screen.getByTestId('course-notice')).toHaveTextContent('Imported: 1 student on the class list.');
  });

  it('cleans up the closed requests after saying how many go and that the files stay', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend()
      .on('courseRequests', { open: 2, closed: 3, closedFiles: 57, accountTotal: 3_990, cap: 4_000 })
      .on('deleteClosedCourseRequests', {
        changed: 2,
        failed: [{ title: 'Homework 1', reason: 'Dropbox is having trouble right now (error 503).' }],
        accountTotal: 3_988,
      });
    setup(backend);
    await screen.findByTestId('course-grid');
    await user.click(screen.getByTestId('course-clean-up'));
    const asked = await screen.findByTestId('course-action-dialog');
    expect(within(asked).getByRole('heading')).toHaveTextContent('Delete 3 closed requests of CS101?');
    expect(within(asked).getByTestId('course-clean-up-words')).toHaveTextContent(
      `their 57 files stay in the course's folders. The account then has ${(3987).toLocaleString()} of 4,000 requests`,
    );
    await user.click(within(asked).getByTestId('course-action-confirm'));
    const result = await screen.findByTestId('course-actions-result');
    expect(result).toHaveTextContent(`Deleted 2 requests. The account has ${(3988).toLocaleString()} of 4,000. One was left as it was:`);
    expect(result).toHaveTextContent('Homework 1: Dropbox is having trouble right now (error 503).');
    expect(backend.calls).toContain(`deleteClosedCourseRequests("${FOLDER}")`);
    await waitFor(() => expect(backend.calls.filter((c) => c === `openCourse("${FOLDER}")`)).toHaveLength(2));
  });

  it('closes every open request of the course at the end of term', async () => {
    const user = userEvent.setup();
    const backend = new FakeBackend()
      .on('courseRequests', { open: 4, closed: 0, closedFiles: 0, accountTotal: 12, cap: 4_000 })
      .on('setCourseRequestsOpen', { changed: 4, failed: [], accountTotal: 12 });
    setup(backend);
    await screen.findByTestId('course-grid');
    await user.click(screen.getByTestId('course-close-all'));
    const asked = await screen.findByTestId('course-action-dialog');
    expect(within(asked).getByRole('heading')).toHaveTextContent('Close 4 open requests of CS101?');
    await user.click(within(asked).getByTestId('course-action-confirm'));
    expect(await screen.findByTestId('course-actions-result')).toHaveTextContent('Closed 4 requests.');
    expect(backend.calls).toContain(`setCourseRequestsOpen("${FOLDER}", false)`);
  });
});
