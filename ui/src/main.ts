import { mount } from 'svelte';
import App from './App.svelte';
import { limitContextMenu } from './lib/contextmenu';
import { createTauriBackend } from './lib/ipc/backend';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

limitContextMenu(document);
mount(App, { target, props: { backend: createTauriBackend({ listRequestsNow: true }) } });
