/** When last.safetensors is due again: every `everySeconds` of wall time since it was last written. */

export class CheckpointTimer {
  private lastSaved: number;

  constructor(
    private readonly everySeconds: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.lastSaved = now();
  }

  due(): boolean {
    return this.now() - this.lastSaved > this.everySeconds * 1000;
  }

  saved(): void {
    this.lastSaved = this.now();
  }
}
