/** The panels' shared disposable base: everything registered is disposed once, newest first. */

import { describe, expect, it } from 'vitest';
import { Disposable } from '../../../src/extension/disposable';

class Panel extends Disposable {
  own(name: string, log: string[]) {
    return this.register({ dispose: () => log.push(name) });
  }
  get closed() {
    return this.isDisposed;
  }
}

describe('Disposable', () => {
  it('disposes what it registered once, in reverse order, and anything registered later at once', () => {
    const log: string[] = [];
    const panel = new Panel();
    panel.own('subscription', log);
    panel.own('listener', log);
    expect(panel.closed).toBe(false);
    panel.dispose();
    panel.dispose();
    expect(log).toEqual(['listener', 'subscription']);
    expect(panel.closed).toBe(true);
    panel.own('late', log);
    expect(log).toEqual(['listener', 'subscription', 'late']);
  });
});
