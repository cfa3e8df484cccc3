/** Imports every handler module so each registers itself. */

import './load';
