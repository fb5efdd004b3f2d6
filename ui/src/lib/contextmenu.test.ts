import { describe, expect, it } from 'vitest';
import { limitContextMenu } from './contextmenu';

describe("WebKit's right-click menu", () => {
  it('is kept in text fields and the editor, and nowhere else', () => {
    document.body.innerHTML = `
      <div class="preview"><a href="https://phish.example/">a link</a></div>
      <input id="title" /><input id="box" type="checkbox" /><textarea id="editor"></textarea>`;
    limitContextMenu(document);
    const menu = (selector: string) => {
      const event = new MouseEvent('contextmenu', { bubbles: true, cancelable: true });
      document.querySelector(selector)?.dispatchEvent(event);
      return !event.defaultPrevented;
    };
    expect(menu('a')).toBe(false);
    expect(menu('.preview')).toBe(false);
    expect(menu('#box')).toBe(false);
    expect(menu('#title')).toBe(true);
    expect(menu('#editor')).toBe(true);
  });
});
