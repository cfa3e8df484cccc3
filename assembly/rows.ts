/**
 * Row gathers and scatters by token id, for a layer that reads an embedding directly (see
 * src/engine/kernels/kernels.ts, `EmbeddedInput`): each input row is a row of a per-token table, so the
 * layer works on V token rows and moves rows between them and its T·B input rows here.
 */

// out (rows, N) ← bias (N) + table[ids[r]] (V, N) for each row r
export function gatherRowsPlusBias(rows: i32, N: i32, ids: usize, table: usize, bias: usize, out: usize): void {
  const rowBytes = <usize>N << 2;
  const N4 = N & ~3;
  for (let r = 0; r < rows; r++) {
    const src = table + <usize>load<i32>(ids + (<usize>r << 2)) * rowBytes;
    const dst = out + <usize>r * rowBytes;
    let n = 0;
    for (; n < N4; n += 4) {
      const o = <usize>n << 2;
      v128.store(dst + o, f32x4.add(v128.load(src + o), v128.load(bias + o)));
    }
    for (; n < N; n++) {
      const o = <usize>n << 2;
      store<f32>(dst + o, load<f32>(src + o) + load<f32>(bias + o));
    }
  }
}

// out (V, N) ← Σ over rows r with ids[r] = v of src (rows, N); out is zeroed first
export function scatterRowsSum(rows: i32, N: i32, V: i32, ids: usize, src: usize, out: usize): void {
  const rowBytes = <usize>N << 2;
  const N4 = N & ~3;
  memory.fill(out, 0, <usize>V * rowBytes);
  for (let r = 0; r < rows; r++) {
    const from = src + <usize>r * rowBytes;
    const to = out + <usize>load<i32>(ids + (<usize>r << 2)) * rowBytes;
    let n = 0;
    for (; n < N4; n += 4) {
      const o = <usize>n << 2;
      v128.store(to + o, f32x4.add(v128.load(to + o), v128.load(from + o)));
    }
    for (; n < N; n++) {
      const o = <usize>n << 2;
      store<f32>(to + o, load<f32>(to + o) + load<f32>(from + o));
    }
  }
}
