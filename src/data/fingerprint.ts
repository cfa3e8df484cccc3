/**
 * Dataset fingerprints: a hash of the file's bytes, prefixed by its algorithm, telling whether a run's
 * dataset is the same file as before. Files read from disk in Node use SHA-256 (native, ~5× faster than
 * any hash in JavaScript, and checkable with `sha256sum`); text held in memory (tests, the browser) uses
 * FNV-1a 64 (Fowler, Noll & Vo) in pure JavaScript. The prefix keeps the two from ever being compared
 * as equal by accident.
 */

/** A streaming hash whose digest is a complete fingerprint, e.g. `sha256:…` or `fnv1a64:…`. */
export interface FingerprintHasher {
  update(bytes: Uint8Array): void;
  digest(): string;
}

export class Fnv1a64 {
  // The 64-bit state as four 16-bit limbs, low first: plain number arithmetic stays exact (no BigInt).
  private h0 = 0x2325;
  private h1 = 0x8422;
  private h2 = 0x9ce4;
  private h3 = 0xcbf2;

  update(bytes: Uint8Array): this {
    let h0 = this.h0;
    let h1 = this.h1;
    let h2 = this.h2;
    let h3 = this.h3;
    for (let i = 0; i < bytes.length; i++) {
      h0 ^= bytes[i];
      // h *= 0x100000001b3 (mod 2^64) = h * 0x1b3 + (h << 40); the shift puts h0, h1 into limbs 2, 3.
      const t0 = h0 * 0x1b3;
      const t1 = h1 * 0x1b3 + (t0 >>> 16);
      const t2 = h2 * 0x1b3 + (t1 >>> 16) + (h0 << 8);
      const t3 = h3 * 0x1b3 + (t2 >>> 16) + (h1 << 8);
      h0 = t0 & 0xffff;
      h1 = t1 & 0xffff;
      h2 = t2 & 0xffff;
      h3 = t3 & 0xffff;
    }
    this.h0 = h0;
    this.h1 = h1;
    this.h2 = h2;
    this.h3 = h3;
    return this;
  }

  /** 16 lowercase hex digits. */
  digest(): string {
    return [this.h3, this.h2, this.h1, this.h0].map((limb) => limb.toString(16).padStart(4, '0')).join('');
  }
}

export function fnv1a64Hasher(): FingerprintHasher {
  const hash = new Fnv1a64();
  return { update: (bytes) => void hash.update(bytes), digest: () => `fnv1a64:${hash.digest()}` };
}

/** `fnv1a64:` + 16 hex digits. */
export function fingerprintBytes(bytes: Uint8Array): string {
  return `fnv1a64:${new Fnv1a64().update(bytes).digest()}`;
}
