/**
 * The peer runner's choice of OpenBLAS core for PyTorch: AVX-512 kernels only where the CPU has
 * AVX-512 (SkylakeX kernels die with "Illegal instruction" elsewhere), else the AVX2 core of the vendor.
 */

import { describe, expect, it } from 'vitest';
import { openBlasCoreType } from '../../../src/cli/bench-peers';

const cpu = (vendor: string, flags: string) =>
  `processor\t: 0\nvendor_id\t: ${vendor}\nflags\t\t: fpu sse sse2 ${flags}\n\nprocessor\t: 1\n`;

describe('OPENBLAS_CORETYPE for the PyTorch peers', () => {
  it('SkylakeX with avx512f, Zen on AMD and Haswell on Intel with AVX2, none otherwise', () => {
    expect(openBlasCoreType(cpu('GenuineIntel', 'avx avx2 fma avx512f avx512dq'))).toBe('SkylakeX');
    expect(openBlasCoreType(cpu('AuthenticAMD', 'avx avx2 fma'))).toBe('Zen');
    expect(openBlasCoreType(cpu('GenuineIntel', 'avx avx2 fma'))).toBe('Haswell');
    expect(openBlasCoreType(cpu('GenuineIntel', 'sse4_2 avx'))).toBeUndefined();
    expect(openBlasCoreType('')).toBeUndefined();
  });
});
