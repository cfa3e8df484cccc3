#!/usr/bin/env node
/**
 * Writes the many-series forecasting examples, deterministically (a seeded generator, no clock):
 *
 *   examples/series/stores.csv   long format: store, date, sales, promo — 8 stores × 2 years daily
 *
 * Each store's sales: its own level, a weekly cycle (weekends busier), a yearly cycle (December peak),
 * a slow trend, a drop on US public holidays (stores close early), a lift on promotion days (`promo`,
 * planned ahead: a known-future input) and noise. Train with
 *
 *   lstm-studio train examples/series/stores.csv --known-future promo --holidays US --horizon 7
 *
 * Run: node scripts/make-series-example.mjs
 */

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const STORES = 8;
const FIRST_DAY = Date.UTC(2023, 0, 1);
const DAYS = 730;
const DAY_MS = 86_400_000;

// US public holidays of 2023–2024 (as date-holidays lists them), so the script needs no dependency.
const HOLIDAYS = new Set([
  '2023-01-01',
  '2023-01-02',
  '2023-01-16',
  '2023-02-20',
  '2023-05-29',
  '2023-06-19',
  '2023-07-04',
  '2023-09-04',
  '2023-10-09',
  '2023-11-11',
  '2023-11-23',
  '2023-12-25',
  '2024-01-01',
  '2024-01-15',
  '2024-02-19',
  '2024-05-27',
  '2024-06-19',
  '2024-07-04',
  '2024-09-02',
  '2024-10-14',
  '2024-11-11',
  '2024-11-28',
  '2024-12-25',
]);

/** mulberry32: a small seeded generator, the same numbers on every machine. */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = generator(16);
const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

const long = ['store,date,sales,promo'];
for (let s = 0; s < STORES; s++) {
  const store = `S${String(s + 1).padStart(2, '0')}`;
  const level = 80 + 40 * random();
  const weekly = 0.15 + 0.15 * random();
  const yearly = 0.1 + 0.15 * random();
  const trend = (random() - 0.3) * 0.0004;
  for (let d = 0; d < DAYS; d++) {
    const time = FIRST_DAY + d * DAY_MS;
    const date = new Date(time);
    const iso = date.toISOString().slice(0, 10);
    const weekday = (date.getUTCDay() + 6) % 7; // Monday 0
    const dayOfYear = Math.floor((time - Date.UTC(date.getUTCFullYear(), 0, 1)) / DAY_MS);
    const promo = random() < 0.08 ? 1 : 0;
    let sales = level * (1 + trend * d);
    sales *= 1 + weekly * (weekday >= 5 ? 1 : -0.3);
    sales *= 1 + yearly * Math.cos((2 * Math.PI * (dayOfYear - 350)) / 365);
    if (HOLIDAYS.has(iso)) sales *= 0.55;
    if (promo) sales *= 1.3;
    sales += 3 * gaussian();
    const value = Math.max(0, sales).toFixed(1);
    long.push(`${store},${iso},${value},${promo}`);
  }
}

writeFileSync(join(ROOT, 'examples/series/stores.csv'), long.join('\n') + '\n');
console.log(`wrote examples/series/stores.csv (${long.length - 1} rows)`);
