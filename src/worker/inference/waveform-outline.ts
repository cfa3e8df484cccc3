/**
 * The Audio view's waveform: a recording's samples reduced to the min and the max of each of at most
 * `maxBuckets` even spans (the outline a waveform display draws; 2 000 buckets is finer than any panel
 * is wide). Pure.
 */

export const WAVEFORM_BUCKETS = 2000;

// min, max (buckets) ← samples (N)
export function waveformOutline(
  samples: Float32Array,
  maxBuckets = WAVEFORM_BUCKETS,
): { min: Float32Array; max: Float32Array } {
  const N = samples.length;
  const buckets = Math.min(maxBuckets, N);
  const min = new Float32Array(buckets);
  const max = new Float32Array(buckets);
  for (let b = 0; b < buckets; b++) {
    // Bucket b covers samples [⌊b·N/buckets⌋, ⌊(b+1)·N/buckets⌋): every sample in exactly one bucket.
    const start = Math.floor((b * N) / buckets);
    const end = Math.floor(((b + 1) * N) / buckets);
    let low = Infinity;
    let high = -Infinity;
    for (let k = start; k < end; k++) {
      const x = samples[k];
      if (x < low) low = x;
      if (x > high) high = x;
    }
    min[b] = low;
    max[b] = high;
  }
  return { min, max };
}
