/** The checkpoint editor's bundle entry (`dist/webview/checkpoint.js`): builds the page into `#app`. */

import { CheckpointEditor } from './editor';

const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
new CheckpointEditor(root);
