// Writes a grapheme-to-phoneme pairs file from the CMU Pronouncing Dictionary (the npm package
// `cmu-pronouncing-dictionary`, a devDependency): one row per word with letters only (alternative
// pronunciations `word(2)` and words with digits or punctuation left out), the word's letters → its
// ARPAbet phonemes (stress digits kept), e.g. `adapt⇥AH0 D AE1 P T`. A harder public set than the
// bundled dates for the sequence-to-sequence quality comparison (docs/seq2seq.md, *Quality*).
//   node scripts/make-g2p-pairs.mjs OUT.tsv [--max N]
import { writeFileSync } from 'node:fs';
import { dictionary } from 'cmu-pronouncing-dictionary';

const [out, ...rest] = process.argv.slice(2);
if (!out) throw new Error('usage: node scripts/make-g2p-pairs.mjs OUT.tsv [--max N]');
const maxIndex = rest.indexOf('--max');
const max = maxIndex >= 0 ? Number(rest[maxIndex + 1]) : Infinity;
const rows = ['word\tphonemes'];
for (const [word, phonemes] of Object.entries(dictionary)) {
  if (rows.length > max) break;
  if (/^[a-z]+$/.test(word)) rows.push(`${word}\t${phonemes}`);
}
writeFileSync(out, rows.join('\n') + '\n');
console.log(`${out}: ${rows.length - 1} words`);
