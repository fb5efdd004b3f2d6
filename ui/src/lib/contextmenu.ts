/**
 * WebKit's own right-click menu offers "Open Link" (which would replace the app in its own
 * window), "Download Linked File" and, in debug builds, "Inspect Element". Only text fields
 * and the editor keep it, for Cut, Copy, Paste and Select All.
 */
export function limitContextMenu(root: Document): void {
  root.addEventListener('contextmenu', (event) => {
    if (!isTextField(event.target)) event.preventDefault();
  });
}

const TEXT_INPUTS = new Set(['', 'text', 'search', 'url', 'email', 'password', 'tel', 'number']);

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('textarea, [contenteditable=""], [contenteditable="true"]')) return true;
  return target instanceof HTMLInputElement && TEXT_INPUTS.has(target.getAttribute('type') ?? '');
}
