/**
 * The shared base of the panels' host classes (as in the vscode-extension-samples): what a panel
 * subscribes to or creates is `register`ed once and disposed with it, in reverse order, exactly once.
 */

import type * as vscode from 'vscode';

export abstract class Disposable implements vscode.Disposable {
  private readonly owned: vscode.Disposable[] = [];
  private disposedFlag = false;

  protected get isDisposed(): boolean {
    return this.disposedFlag;
  }

  /** Disposes `disposable` with this object (at once when this one is already disposed). */
  protected register<T extends vscode.Disposable>(disposable: T): T {
    if (this.disposedFlag) disposable.dispose();
    else this.owned.push(disposable);
    return disposable;
  }

  dispose(): void {
    if (this.disposedFlag) return;
    this.disposedFlag = true;
    while (this.owned.length > 0) this.owned.pop()!.dispose();
  }
}
