// Generated from crates/dropdesk-core/src/shortcuts.rs: do not edit.
import type { Shortcut } from './Shortcut';

export const SHORTCUTS: readonly Shortcut[] = [
  {
    "group": "places",
    "action": "File requests",
    "keys": "Ctrl+1",
    "chord": {
      "ctrl": true,
      "shift": false,
      "code": "Digit1"
    },
    "command": {
      "kind": "openPlace",
      "place": "requests"
    },
    "byWindow": true
  },
  {
    "group": "places",
    "action": "Courses",
    "keys": "Ctrl+2",
    "chord": {
      "ctrl": true,
      "shift": false,
      "code": "Digit2"
    },
    "command": {
      "kind": "openPlace",
      "place": "courses"
    },
    "byWindow": true
  },
  {
    "group": "places",
    "action": "Paper docs",
    "keys": "Ctrl+3",
    "chord": {
      "ctrl": true,
      "shift": false,
      "code": "Digit3"
    },
    "command": {
      "kind": "openPlace",
      "place": "paper"
    },
    "byWindow": true
  },
  {
    "group": "places",
    "action": "Settings",
    "keys": "Ctrl+4",
    "chord": {
      "ctrl": true,
      "shift": false,
      "code": "Digit4"
    },
    "command": {
      "kind": "openPlace",
      "place": "settings"
    },
    "byWindow": true
  },
  {
    "group": "places",
    "action": "Account 1",
    "keys": "Ctrl+Shift+1",
    "chord": {
      "ctrl": true,
      "shift": true,
      "code": "Digit1"
    },
    "command": {
      "kind": "switchAccount",
      "index": 0
    },
    "byWindow": true
  },
  {
    "group": "places",
    "action": "Account 2",
    "keys": "Ctrl+Shift+2",
    "chord": {
      "ctrl": true,
      "shift": true,
      "code": "Digit2"
    },
    "command": {
      "kind": "switchAccount",
      "index": 1
    },
    "byWindow": true
  },
  {
    "group": "places",
    "action": "Account 3",
    "keys": "Ctrl+Shift+3",
    "chord": {
      "ctrl": true,
      "shift": true,
      "code": "Digit3"
    },
    "command": {
      "kind": "switchAccount",
      "index": 2
    },
    "byWindow": true
  },
  {
    "group": "places",
    "action": "Account 4",
    "keys": "Ctrl+Shift+4",
    "chord": {
      "ctrl": true,
      "shift": true,
      "code": "Digit4"
    },
    "command": {
      "kind": "switchAccount",
      "index": 3
    },
    "byWindow": true
  },
  {
    "group": "places",
    "action": "Account 5",
    "keys": "Ctrl+Shift+5",
    "chord": {
      "ctrl": true,
      "shift": true,
      "code": "Digit5"
    },
    "command": {
      "kind": "switchAccount",
      "index": 4
    },
    "byWindow": true
  },
  {
    "group": "places",
    "action": "Account 6",
    "keys": "Ctrl+Shift+6",
    "chord": {
      "ctrl": true,
      "shift": true,
      "code": "Digit6"
    },
    "command": {
      "kind": "switchAccount",
      "index": 5
    },
    "byWindow": true
  },
  {
    "group": "places",
    "action": "Account 7",
    "keys": "Ctrl+Shift+7",
    "chord": {
      "ctrl": true,
      "shift": true,
      "code": "Digit7"
    },
    "command": {
      "kind": "switchAccount",
      "index": 6
    },
    "byWindow": true
  },
  {
    "group": "places",
    "action": "Account 8",
    "keys": "Ctrl+Shift+8",
    "chord": {
      "ctrl": true,
      "shift": true,
      "code": "Digit8"
    },
    "command": {
      "kind": "switchAccount",
      "index": 7
    },
    "byWindow": true
  },
  {
    "group": "places",
    "action": "Account 9",
    "keys": "Ctrl+Shift+9",
    "chord": {
      "ctrl": true,
      "shift": true,
      "code": "Digit9"
    },
    "command": {
      "kind": "switchAccount",
      "index": 8
    },
    "byWindow": true
  },
  {
    "group": "places",
    "action": "Switch account",
    "keys": "Ctrl+Shift+1 … 9",
    "byWindow": false
  },
  {
    "group": "actions",
    "action": "New request or doc",
    "keys": "Ctrl+N",
    "chord": {
      "ctrl": true,
      "shift": false,
      "code": "KeyN"
    },
    "command": {
      "kind": "new"
    },
    "byWindow": true
  },
  {
    "group": "actions",
    "action": "Copy the selected request's or doc's link",
    "keys": "Ctrl+L",
    "chord": {
      "ctrl": true,
      "shift": false,
      "code": "KeyL"
    },
    "command": {
      "kind": "copyLink"
    },
    "byWindow": true
  },
  {
    "group": "actions",
    "action": "Save the doc",
    "keys": "Ctrl+S",
    "chord": {
      "ctrl": true,
      "shift": false,
      "code": "KeyS"
    },
    "command": {
      "kind": "save"
    },
    "byWindow": true
  },
  {
    "group": "actions",
    "action": "Search",
    "keys": "Ctrl+F",
    "chord": {
      "ctrl": true,
      "shift": false,
      "code": "KeyF"
    },
    "command": {
      "kind": "find"
    },
    "byWindow": true
  },
  {
    "group": "editing",
    "action": "Undo",
    "keys": "Ctrl+Z",
    "chord": {
      "ctrl": true,
      "shift": false,
      "code": "KeyZ"
    },
    "command": {
      "kind": "undo"
    },
    "byWindow": false
  },
  {
    "group": "editing",
    "action": "Redo",
    "keys": "Ctrl+Shift+Z",
    "chord": {
      "ctrl": true,
      "shift": true,
      "code": "KeyZ"
    },
    "command": {
      "kind": "redo"
    },
    "byWindow": false
  },
  {
    "group": "editing",
    "action": "Cut",
    "keys": "Ctrl+X",
    "chord": {
      "ctrl": true,
      "shift": false,
      "code": "KeyX"
    },
    "command": {
      "kind": "cut"
    },
    "byWindow": false
  },
  {
    "group": "editing",
    "action": "Copy",
    "keys": "Ctrl+C",
    "chord": {
      "ctrl": true,
      "shift": false,
      "code": "KeyC"
    },
    "command": {
      "kind": "copy"
    },
    "byWindow": false
  },
  {
    "group": "editing",
    "action": "Paste",
    "keys": "Ctrl+V",
    "chord": {
      "ctrl": true,
      "shift": false,
      "code": "KeyV"
    },
    "command": {
      "kind": "paste"
    },
    "byWindow": false
  },
  {
    "group": "editing",
    "action": "Select all",
    "keys": "Ctrl+A",
    "chord": {
      "ctrl": true,
      "shift": false,
      "code": "KeyA"
    },
    "command": {
      "kind": "selectAll"
    },
    "byWindow": false
  },
  {
    "group": "view",
    "action": "Zoom in",
    "keys": "Ctrl+=",
    "chord": {
      "ctrl": true,
      "shift": false,
      "code": "Equal"
    },
    "command": {
      "kind": "zoomIn"
    },
    "byWindow": false
  },
  {
    "group": "view",
    "action": "Zoom out",
    "keys": "Ctrl+-",
    "chord": {
      "ctrl": true,
      "shift": false,
      "code": "Minus"
    },
    "command": {
      "kind": "zoomOut"
    },
    "byWindow": false
  },
  {
    "group": "view",
    "action": "Actual size",
    "keys": "Ctrl+0",
    "chord": {
      "ctrl": true,
      "shift": false,
      "code": "Digit0"
    },
    "command": {
      "kind": "zoomReset"
    },
    "byWindow": false
  },
  {
    "group": "view",
    "action": "Keyboard shortcuts",
    "keys": "Ctrl+/",
    "chord": {
      "ctrl": true,
      "shift": false,
      "code": "Slash"
    },
    "command": {
      "kind": "showShortcuts"
    },
    "byWindow": true
  },
  {
    "group": "actions",
    "action": "Quit",
    "keys": "Ctrl+Q",
    "chord": {
      "ctrl": true,
      "shift": false,
      "code": "KeyQ"
    },
    "command": {
      "kind": "quit"
    },
    "byWindow": false
  },
  {
    "group": "lists",
    "action": "Move in a list",
    "keys": "↑ ↓",
    "byWindow": false
  },
  {
    "group": "lists",
    "action": "First or last",
    "keys": "Home End",
    "byWindow": false
  },
  {
    "group": "lists",
    "action": "A page up or down",
    "keys": "PageUp PageDown",
    "byWindow": false
  },
  {
    "group": "lists",
    "action": "Open the selected item",
    "keys": "Enter",
    "byWindow": false
  },
  {
    "group": "lists",
    "action": "In the course grid: missing only",
    "keys": "M",
    "byWindow": false
  },
  {
    "group": "editing",
    "action": "In a merge: next or previous conflict",
    "keys": "J K",
    "byWindow": false
  },
  {
    "group": "editing",
    "action": "In a merge: keep theirs, yours or both",
    "keys": "1 2 3",
    "byWindow": false
  },
  {
    "group": "actions",
    "action": "Close the dialog, back to where you were",
    "keys": "Esc",
    "byWindow": false
  }
];
