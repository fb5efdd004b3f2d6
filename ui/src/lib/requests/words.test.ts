import { describe, expect, it } from 'vitest';
import type { RequestView } from '../ipc/bindings/RequestView';
import { filesLabel, graceSentence, invitation, lateSentence } from './words';

const request: RequestView = {
  id: 'r1',
  title: 'Homework 3 — Linked lists',
  url: 'https://www.dropbox.com/request/r1',
  destination: '/Courses/CS101/HW3',
  created: '2025-03-01T10:00:00Z',
  deadline: '2025-03-14T16:00:00Z',
  grace: 'two_days',
  lateUntil: '2025-03-16T16:00:00Z',
  isOpen: true,
  fileCount: 14,
  description: null,
};

describe('request words', () => {
  it('writes the invitation with the local deadline and zone, or without a deadline', () => {
    expect(invitation(request, 'Europe/Berlin', 'en-GB')).toBe(
      'Please upload your Homework 3 — Linked lists here by Fri 14 Mar, 17:00 CET: https://www.dropbox.com/request/r1',
    );
    expect(invitation({ ...request, deadline: null }, 'Europe/Berlin')).toBe(
      'Please upload your Homework 3 — Linked lists here: https://www.dropbox.com/request/r1',
    );
  });

  it('says the grace period and counts files', () => {
    expect(graceSentence('two_days')).toBe('Late uploads accepted for 2 days');
    expect(graceSentence('none')).toBe('No late uploads');
    expect(filesLabel(1)).toBe('1 file');
    expect(filesLabel(10000)).toBe('10,000 files');
  });

  it('after the deadline says until when late uploads are accepted, or that they ended', () => {
    const before = new Date('2025-03-14T10:00:00Z');
    const during = new Date('2025-03-15T10:00:00Z');
    const after = new Date('2025-03-17T10:00:00Z');
    expect(lateSentence(request, before)).toBe('Late uploads accepted for 2 days');
    expect(lateSentence(request, during)).toMatch(/^The deadline has passed; late uploads accepted until .+ \(in 1 day\)\.$/);
    expect(lateSentence(request, after)).toMatch(/^The deadline has passed and late uploads ended .+ ago\.$/);
    expect(lateSentence({ ...request, grace: 'none', lateUntil: request.deadline }, during)).toBe(
      'The deadline has passed; no late uploads are accepted.',
    );
    expect(lateSentence({ ...request, grace: 'always', lateUntil: null }, after)).toBe(
      'The deadline has passed; late uploads are accepted any time.',
    );
  });
});
