import { afterEach, describe, expect, it } from 'vitest';
import { Channel } from '@tauri-apps/api/core';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { createTauriBackend, toIpcError } from './backend';
import type { TermPattern } from './bindings/TermPattern';
import type { PlannedRow } from './bindings/PlannedRow';

afterEach(() => clearMocks());

type Internals = { runCallback: (id: number, data: unknown) => void };
const internals = () => (window as unknown as { __TAURI_INTERNALS__: Internals }).__TAURI_INTERNALS__;

/** What the listing commands send last: an empty page on each page channel. */
function endPages(args: unknown): void {
  const onPage = (args as { onPage?: unknown } | null)?.onPage;
  if (onPage instanceof Channel) internals().runCallback(onPage.id, { message: [], index: 0 });
}

describe('the Tauri backend', () => {
  it('calls the get_session command by its Rust name', async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      return { mode: 'demo', account: null };
    });
    const session = await createTauriBackend().getSession();
    expect(calls).toEqual(['get_session']);
    expect(session.mode).toBe('demo');
  });

  it('calls every session command by its Rust name with camelCase arguments', async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      endPages(args);
      return null;
    });
    const backend = createTauriBackend();
    await backend.signIn(true);
    await backend.finishSignIn();
    await backend.signInWithCode('abc');
    await backend.cancelSignIn();
    await backend.signOut();
    await backend.tryDemo();
    await backend.resetDemo();
    await backend.getSettings();
    await backend.saveSettings({ appKey: 'k', redirectPorts: '' });
    await backend.openLogsFolder();
    await backend.openExternal('https://www.dropbox.com/');
    await backend.listRequests(() => {});
    await backend.setRequestOpen('r1', false);
    await backend.deleteRequest('r1');
    await backend.deleteClosedRequests();
    await backend.switchAccount('dbid:grace');
    await backend.signOut('demo');
    await backend.remember({ place: 'courses' });
    await backend.setTheme('dark');
    await backend.setNotifiesArrivals(false);
    expect(calls.map(([cmd]) => cmd)).toEqual([
      'sign_in',
      'finish_sign_in',
      'sign_in_with_code',
      'cancel_sign_in',
      'sign_out',
      'try_demo',
      'reset_demo',
      'get_settings',
      'save_settings',
      'open_logs_folder',
      'open_external',
      'list_requests',
      'set_request_open',
      'delete_request',
      'delete_closed_requests',
      'switch_account',
      'sign_out',
      'remember',
      'set_theme',
      'set_notifies_arrivals',
    ]);
    expect(calls[19]?.[1]).toEqual({ on: false });
    expect(calls[18]?.[1]).toEqual({ theme: 'dark' });
    expect(calls[17]?.[1]).toEqual({ whereabouts: { place: 'courses' } });
    expect(calls[4]?.[1]).toEqual({ account: null });
    expect(calls[15]?.[1]).toEqual({ account: 'dbid:grace' });
    expect(calls[16]?.[1]).toEqual({ account: 'demo' });
    expect(calls[12]?.[1]).toEqual({ id: 'r1', open: false });
    expect(calls[8]?.[1]).toEqual({ input: { appKey: 'k', redirectPorts: '' } });
    expect(calls[10]?.[1]).toEqual({ url: 'https://www.dropbox.com/' });
    expect(calls[0]?.[1]).toEqual({ pasteCode: true });
    expect(calls[2]?.[1]).toEqual({ code: 'abc' });
  });

  it('gives the streaming commands a channel and everything else by its Rust name', async () => {
    const calls: [string, Record<string, unknown>][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args as Record<string, unknown>]);
      endPages(args);
      return null;
    });
    const backend = createTauriBackend();
    await backend.listSubmissions('r1', '/Hw', () => {});
    await backend.downloadFile('d1', '/Hw/a.pdf', () => {});
    await backend.downloadAllSubmissions('d2', 'r1', () => {});
    await backend.cancelDownload('d2');
    await backend.getDownloadFolder();
    await backend.openDownloadFolder();
    await backend.chooseDownloadFolder();
    await backend.listFolders('/Courses');
    await backend.watchWaits(() => {});
    await backend.listRequests(() => {});
    await backend.watchOpens(() => {});
    await backend.watchMenu(() => {});
    expect(calls.map(([cmd]) => cmd)).toEqual([
      'list_submissions',
      'download_file',
      'download_all_submissions',
      'cancel_download',
      'get_download_folder',
      'open_download_folder',
      'choose_download_folder',
      'list_folders',
      'watch_waits',
      'list_requests',
      'watch_opens',
      'watch_menu',
    ]);
    const channelArg = (at: number, key: string) => calls[at]?.[1][key] as { id?: number };
    expect(typeof channelArg(10, 'onOpen').id).toBe('number');
    expect(typeof channelArg(11, 'onCommand').id).toBe('number');
    expect(calls[0]?.[1]).toMatchObject({ id: 'r1', folder: '/Hw' });
    expect(typeof channelArg(0, 'onPage').id).toBe('number');
    expect(calls[1]?.[1]).toMatchObject({ downloadId: 'd1', path: '/Hw/a.pdf' });
    expect(typeof channelArg(1, 'onProgress').id).toBe('number');
    expect(calls[2]?.[1]).toMatchObject({ downloadId: 'd2', id: 'r1' });
    expect(calls[3]?.[1]).toEqual({ downloadId: 'd2' });
    expect(calls[7]?.[1]).toEqual({ path: '/Courses' });
    expect(typeof channelArg(8, 'onWait').id).toBe('number');
    expect(typeof channelArg(9, 'onPage').id).toBe('number');
  });

  it('calls the request, submission and Paper commands by their Rust names', async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      endPages(args);
      return cmd === 'create_request' ? { request: {}, foundAfterLostAnswer: false } : null;
    });
    const backend = createTauriBackend();
    const form = { title: 'HW', destination: '/HW', description: '', deadline: null, grace: 'none' } as const;
    const edit = { docId: 'id:1', path: '/a.paper', title: 'a', baseRevision: 3, baseText: '# A', text: '# B', savedAt: '' };
    const parts = [{ kind: 'conflict', ours: 'o', theirs: 't' }] as const;
    await backend.createRequest(form, '2026-12-02T10:00:00Z');
    await backend.updateRequest('r1', form);
    await backend.submissionChanges('r1', 'c1');
    await backend.openSubmission('/HW/a.pdf');
    await backend.lateCounts(['r1']);
    await backend.shareLink('/HW');
    await backend.openFolderOnDropbox('/HW');
    await backend.paperAvailability();
    await backend.listPaperDocs('/');
    await backend.createPaperDoc({ title: 'T', folder: '/Notes', markdown: '' });
    await backend.openPaperDoc('id:1');
    await backend.savePaperDoc(edit);
    await backend.resolveConflicts([...parts], ['both']);
    await backend.addPaperNote('id:1', 'note', 'end');
    await backend.renderMarkdown('# A');
    await backend.saveDraft({ docId: 'id:1', path: '/a.paper', title: 'a', baseRevision: 3, baseText: '', text: '', savedAt: '' });
    await backend.listDrafts();
    await backend.discardDraft('id:1');
    const pattern: TermPattern = {
      course: '/C',
      title: 'HW {n}',
      folder: '{course}/HW {n}',
      description: '',
      topics: [],
      firstNumber: 1,
      count: 2,
      firstDeadline: null,
      repeat: { kind: 'weekly' },
      grace: 'none',
    };
    const rows: PlannedRow[] = [{ number: 1, form }];
    await backend.planTerm(pattern);
    await backend.previewTerm(rows);
    await backend.createTerm('p1', rows, () => {});
    await backend.cancelTerm('p1');
    await backend.planTermFromCsv(new Uint8Array([104, 105]), '/C', 'UTC');
    await backend.planRollover('/A', '/B', null, 'UTC');
    await backend.courseRequests('/C');
    await backend.setCourseRequestsOpen('/C', false);
    await backend.deleteClosedCourseRequests('/C');
    expect(calls.map(([cmd]) => cmd)).toEqual([
      'create_request',
      'update_request',
      'submission_changes',
      'open_submission',
      'late_counts',
      'share_link',
      'open_folder_on_dropbox',
      'paper_availability',
      'list_paper_docs',
      'create_paper_doc',
      'open_paper_doc',
      'save_paper_doc',
      'resolve_conflicts',
      'add_paper_note',
      'render_markdown',
      'save_draft',
      'list_drafts',
      'discard_draft',
      'plan_term',
      'preview_term',
      'create_term',
      'cancel_term',
      'plan_term_from_csv',
      'plan_rollover',
      'course_requests',
      'set_course_requests_open',
      'delete_closed_course_requests',
    ]);
    expect(calls[18]?.[1]).toEqual({ pattern });
    expect(calls[19]?.[1]).toEqual({ rows });
    expect(calls[21]?.[1]).toEqual({ planId: 'p1' });
    expect(calls[22]?.[1]).toEqual({ bytes: [104, 105], course: '/C', zone: 'UTC' });
    expect(calls[23]?.[1]).toEqual({ from: '/A', to: '/B', weeks: null, zone: 'UTC' });
    expect(calls[25]?.[1]).toEqual({ course: '/C', open: false });
    expect(calls[0]?.[1]).toEqual({ form, earlier: '2026-12-02T10:00:00Z' });
    expect(calls[6]?.[1]).toEqual({ path: '/HW' });
    expect(calls[11]?.[1]).toEqual({ edit });
    expect(calls[12]?.[1]).toEqual({ parts, resolutions: ['both'] });
    expect(calls[13]?.[1]).toEqual({ id: 'id:1', note: 'note', place: 'end' });
    expect(calls[17]?.[1]).toEqual({ docId: 'id:1' });
  });

  it('calls the course commands by their Rust names, the class list as raw bytes', async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return null;
    });
    const backend = createTauriBackend();
    const columns = { hasHeader: true, name: 0, firstName: null, lastName: null, email: 1, studentId: null, section: null };
    const bytes = new Uint8Array([78, 97, 109, 101]);
    await backend.listCourses();
    await backend.addCourse('/Courses/CS101');
    await backend.openCourse('/Courses/CS101', () => {});
    await backend.courseChanges('c1');
    await backend.editCourse('/Courses/CS101', { kind: 'removeStudent', key: 'id:1' });
    await backend.loadClassList(bytes);
    await backend.previewClassList(columns);
    await backend.importClassList('/Courses/CS101', columns, true);
    await backend.exportCourse('/Courses/CS101', 'Europe/Berlin', () => {});
    await backend.emailStudents(['a@x.example'], 'HW3', 'Please upload');
    await backend.courseRequestCounts([]);
    expect(calls.map(([cmd]) => cmd)).toEqual([
      'list_courses',
      'add_course',
      'open_course',
      'course_changes',
      'edit_course',
      'load_class_list',
      'preview_class_list',
      'import_class_list',
      'export_course',
      'email_students',
      'course_request_counts',
    ]);
    expect(calls[1]?.[1]).toEqual({ folder: '/Courses/CS101' });
    expect(calls[4]?.[1]).toEqual({ folder: '/Courses/CS101', edit: { kind: 'removeStudent', key: 'id:1' } });
    expect(calls[5]?.[1]).toEqual(bytes);
    expect(calls[7]?.[1]).toEqual({ folder: '/Courses/CS101', columns, replace: true });
    expect(calls[8]?.[1]).toMatchObject({ folder: '/Courses/CS101', timeZone: 'Europe/Berlin' });
    expect(calls[9]?.[1]).toEqual({ bcc: ['a@x.example'], subject: 'HW3', body: 'Please upload' });
    expect(calls[10]?.[1]).toEqual({ requests: [] });
  });

  it('answers a listing only once the pages sent before its answer are in', async () => {
    // A large page comes by a fetch of its own, after the command's answer: the listing
    // still resolves after it, at the empty page that ends every listing.
    mockIPC((cmd, args) => {
      const onPage = (args as { onPage: Channel<unknown> }).onPage;
      setTimeout(() => {
        internals().runCallback(onPage.id, { message: [], index: 2 });
        internals().runCallback(onPage.id, { message: [{ id: 'b' }], index: 1 });
        internals().runCallback(onPage.id, { message: [{ id: 'a' }], index: 0 });
      });
      return cmd === 'list_requests' ? 2 : 'cursor';
    });
    const backend = createTauriBackend();
    const pages: string[][] = [];
    const total = await backend.listRequests((page) => pages.push(page.map((r) => r.id)));
    expect(total).toBe(2);
    expect(pages).toEqual([['a'], ['b']]);
    const files: unknown[] = [];
    const cursor = await backend.listSubmissions('r1', null, (page) => files.push(...page));
    expect(cursor).toBe('cursor');
    expect(files).toHaveLength(2);
  });

  it('at start-up, asks for the list before the window does, and the first load takes it', async () => {
    const calls: string[] = [];
    mockIPC((cmd, args) => {
      calls.push(cmd);
      const onPage = (args as { onPage: Channel<unknown> }).onPage;
      internals().runCallback(onPage.id, { message: [{ id: 'a' }], index: 0 });
      internals().runCallback(onPage.id, { message: [], index: 1 });
      return 1;
    });
    const backend = createTauriBackend({ listRequestsNow: true });
    expect(calls).toEqual(['list_requests']);
    const pages: string[][] = [];
    expect(await backend.listRequests((page) => pages.push(page.map((r) => r.id)))).toBe(1);
    expect(pages).toEqual([['a']]);
    expect(calls).toEqual(['list_requests']);
    await backend.listRequests(() => {});
    expect(calls).toEqual(['list_requests', 'list_requests']);
  });

  it('passes a command error through with its code and field', async () => {
    mockIPC(() => {
      throw { code: 'invalid_input', message: 'App key: paste it.', field: 'appKey' };
    });
    await expect(createTauriBackend().getSession()).rejects.toEqual({
      code: 'invalid_input',
      message: 'App key: paste it.',
      field: 'appKey',
    });
  });
});

describe('toIpcError', () => {
  it('turns anything else into an internal error that keeps its text', () => {
    expect(toIpcError(new Error('boom'))).toEqual({ code: 'internal', message: 'Error: boom' });
    expect(toIpcError({ code: 'no_such_code', message: 'x' }).code).toBe('internal');
  });
});
