"""
LSTM Studio's random generator, bit for bit: xoshiro128** (Blackman & Vigna, 2018) seeded through
splitmix32, as in `src/engine/random.ts`. The split of a classification dataset and the order of the
training batches come from it, so this project draws the same windows and the same shuffles as the run
it was exported from.
"""

MASK = 0xFFFFFFFF
TWO_32 = 4294967296


def _rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & MASK


def derive_seed(seed, stream):
    """Independent streams from one seed: 0 = initialisation, 1 = data order, 2 = dropout (`deriveSeed`)."""
    x = (seed & MASK) ^ (((stream + 1) * 0x9E3779B1) & MASK)
    x = ((x ^ (x >> 16)) * 0x7FEB352D) & MASK
    return (x ^ (x >> 15)) & MASK


class Random:
    def __init__(self, seed):
        x = seed & MASK
        words = []
        for _ in range(4):
            x = (x + 0x9E3779B9) & MASK
            z = x
            z = ((z ^ (z >> 16)) * 0x85EBCA6B) & MASK
            z = ((z ^ (z >> 13)) * 0xC2B2AE35) & MASK
            words.append((z ^ (z >> 16)) & MASK)
        self.s0, self.s1, self.s2, self.s3 = words

    def next_uint32(self):
        s0, s1, s2, s3 = self.s0, self.s1, self.s2, self.s3
        result = (_rotl((s1 * 5) & MASK, 7) * 9) & MASK
        t = (s1 << 9) & MASK
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = _rotl(s3, 11)
        self.s0, self.s1, self.s2, self.s3 = s0, s1, s2, s3
        return result

    def uniform(self):
        """Uniform in [0, 1) with 32 bits of resolution."""
        return self.next_uint32() / TWO_32

    def int(self, n):
        """Uniform integer in [0, n), without modulo bias (rejection sampling, as LSTM Studio does)."""
        if not (1 <= n <= TWO_32):
            raise ValueError(f"Random.int: n must be in 1..2^32, got {n}")
        limit = TWO_32 - (TWO_32 % n)
        r = self.next_uint32()
        while r >= limit:
            r = self.next_uint32()
        return r % n

    def shuffle(self, items):
        """Fisher-Yates in place (a list or a numpy array), from the last element down."""
        for i in range(len(items) - 1, 0, -1):
            j = self.int(i + 1)
            items[i], items[j] = items[j], items[i]
