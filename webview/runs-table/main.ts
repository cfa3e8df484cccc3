/** The Runs table's bundle entry (`dist/webview/runs-table.js`): builds the page into `#app`. */

import { RunsTablePanel } from './panel';

const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
new RunsTablePanel(root);
