#!/usr/bin/env node
/**
 * Regenerates the generated example datasets under examples/, bit for bit.
 *
 *   node scripts/make-examples.mjs           write every generated file
 *   node scripts/make-examples.mjs --check   write nothing; exit 1 if any file on disk differs
 *
 * Plain Node, no dependencies. Every file has its own seeded generator (mulberry32), so changing one
 * generator leaves the other files untouched. Only exact IEEE arithmetic is used for the numbers
 * (+, -, *, /, Math.round, Math.floor, Math.max): no Math.sin/Math.log, whose last bits may differ
 * between engines, so the output is the same on every platform.
 *
 * Not generated (hand-made, kept as they are): examples/text/fables.txt and examples/README.md.
 */

import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLES = join(ROOT, 'examples');

// ---------------------------------------------------------------------------------------------
// Seeded randomness
// ---------------------------------------------------------------------------------------------

/** mulberry32: 32-bit state, integer arithmetic only. */
function makeRng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng = {
    next,
    /** Integer in [0, n). */
    int: (n) => Math.floor(next() * n),
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
    /** Picks a key of { key: weight } (weights need not sum to 1); iteration order is fixed. */
    weighted: (table) => {
      const entries = Object.entries(table);
      let total = 0;
      for (const [, w] of entries) total += w;
      let r = next() * total;
      for (const [k, w] of entries) {
        r -= w;
        if (r < 0) return k;
      }
      return entries[entries.length - 1][0];
    },
    /** Approximately standard normal (Irwin–Hall: the sum of 12 uniforms, minus 6). */
    normal: () => {
      let s = 0;
      for (let i = 0; i < 12; i++) s += next();
      return s - 6;
    },
    shuffle: (list) => {
      for (let i = list.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [list[i], list[j]] = [list[j], list[i]];
      }
      return list;
    },
  };
  return rng;
}

const PI = 3.141592653589793;
const TAU = 2 * PI;

/** sin(x) from range reduction and a Taylor polynomial: exact arithmetic only, |error| < 1e-10. */
function sin(x) {
  x -= TAU * Math.round(x / TAU);
  if (x > PI / 2) x = PI - x;
  else if (x < -PI / 2) x = -PI - x;
  const x2 = x * x;
  return (
    x *
    (1 -
      (x2 / 6) *
        (1 - (x2 / 20) * (1 - (x2 / 42) * (1 - (x2 / 72) * (1 - (x2 / 110) * (1 - (x2 / 156) * (1 - x2 / 210)))))))
  );
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** One CSV field, quoted per RFC 4180 when it needs to be. */
function csvField(value) {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(header, rows) {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}

const capitalize = (s) => s.charAt(0).toUpperCase() + s.slice(1);
const article = (word) => (/^[aeiou]/i.test(word) ? 'an' : 'a');
const wordCount = (s) => s.trim().split(/\s+/).length;

// ---------------------------------------------------------------------------------------------
// examples/sentiment/reviews.csv — binary sentiment, where negation and contrast matter
// ---------------------------------------------------------------------------------------------

const POSITIVE = {
  mild: ['good', 'nice', 'decent', 'solid', 'pleasant', 'enjoyable', 'likeable', 'reliable'],
  strong: [
    'great',
    'excellent',
    'wonderful',
    'superb',
    'fantastic',
    'brilliant',
    'outstanding',
    'delightful',
    'amazing',
  ],
};
const NEGATIVE = {
  mild: ['bad', 'poor', 'weak', 'dull', 'mediocre', 'disappointing', 'forgettable', 'clumsy'],
  strong: ['terrible', 'awful', 'horrible', 'dreadful', 'abysmal', 'useless', 'atrocious', 'painful'],
};
const INTENSIFIERS = ['very', 'really', 'truly', 'incredibly', 'extremely', 'so', 'genuinely', 'remarkably'];
const DOWNTONERS = ['somewhat', 'a bit', 'fairly', 'rather', 'slightly', 'kind of'];

// Noun phrases are [text, plural?]. A review is about one subject (a film, or one product) and its aspects.
const MOVIE_ASPECTS = [
  ['the acting', 0],
  ['the plot', 0],
  ['the script', 0],
  ['the soundtrack', 0],
  ['the cinematography', 0],
  ['the ending', 0],
  ['the dialogue', 0],
  ['the pacing', 0],
  ['the cast', 0],
  ['the special effects', 1],
  ['the lead actor', 0],
  ['the villain', 0],
  ['the first half', 0],
  ['the jokes', 1],
  ['the costumes', 1],
  ['the fight scenes', 1],
  ['the score', 0],
  ['the story', 0],
];
const PRODUCT_ASPECTS = [
  ['the build quality', 0],
  ['the price', 0],
  ['the packaging', 0],
  ['the instructions', 1],
  ['the design', 0],
  ['customer support', 0],
  ['the delivery', 0],
  ['the warranty', 0],
  ['the finish', 0],
  ['the colour', 0],
];
const DOMAINS = {
  movie: {
    subjects: [
      { name: ['this movie', 0], short: ['the movie', 0], aspects: [] },
      { name: ['this film', 0], short: ['the film', 0], aspects: [] },
      { name: ['the sequel', 0], short: ['the sequel', 0], aspects: [['the returning cast', 0]] },
      {
        name: ['this documentary', 0],
        short: ['the documentary', 0],
        aspects: [
          ['the narration', 0],
          ['the interviews', 1],
        ],
      },
      { name: ['the remake', 0], short: ['the remake', 0], aspects: [['the new ending', 0]] },
      {
        name: ['this series', 0],
        short: ['the show', 0],
        aspects: [
          ['the first season', 0],
          ['the finale', 0],
        ],
      },
      { name: ['the "director\'s cut"', 0], short: ['the longer version', 0], aspects: [['the extra scenes', 1]] },
    ],
    aspects: MOVIE_ASPECTS,
    nouns: ['movie', 'film', 'story', 'evening', 'watch', 'cast'],
    regret: 'watching',
    fixed: {
      positive: ['I would happily watch it again.', 'Two hours well spent.', 'It kept me gripped until the very end.'],
      negative: [
        'Two hours I will never get back.',
        'I would not watch it again.',
        'I nearly walked out halfway through.',
      ],
    },
    fillers: [
      'I watched it on a rainy Sunday afternoon.',
      'We saw it at the cinema, in the late showing.',
      'My brother suggested it.',
      'It runs for about two hours.',
      'I went in knowing nothing about it.',
      'The trailer calls it "the event of the year".',
      'It is based on a novel I have not read.',
      'We streamed it at home with the kids.',
      'I watched it twice, once alone and once with friends.',
      'The director made another film last year.',
      'I saw it on a long flight.',
      'The cinema was half empty, which is normal on a Tuesday.',
      'My partner picked it, not me.',
      'It is in English, with subtitles for the French parts.',
    ],
  },
  product: {
    subjects: [
      {
        name: ['this blender', 0],
        short: ['the blender', 0],
        aspects: [
          ['the motor', 0],
          ['the jug', 0],
          ['the blades', 1],
        ],
      },
      {
        name: ['the kettle', 0],
        short: ['the kettle', 0],
        aspects: [
          ['the lid', 0],
          ['the handle', 0],
          ['the spout', 0],
        ],
      },
      {
        name: ['these headphones', 1],
        short: ['the headphones', 1],
        aspects: [
          ['the sound', 0],
          ['the battery', 0],
          ['the ear cushions', 1],
        ],
      },
      {
        name: ['this phone', 0],
        short: ['the phone', 0],
        aspects: [
          ['the screen', 0],
          ['the battery', 0],
          ['the camera', 0],
        ],
      },
      {
        name: ['the vacuum', 0],
        short: ['the vacuum', 0],
        aspects: [
          ['the suction', 0],
          ['the filter', 0],
          ['the cable', 0],
        ],
      },
      {
        name: ['this backpack', 0],
        short: ['the backpack', 0],
        aspects: [
          ['the zips', 1],
          ['the fabric', 0],
          ['the straps', 1],
        ],
      },
      {
        name: ['this keyboard', 0],
        short: ['the keyboard', 0],
        aspects: [
          ['the keys', 1],
          ['the app', 0],
          ['the backlight', 0],
        ],
      },
      {
        name: ['the running shoes', 1],
        short: ['the shoes', 1],
        aspects: [
          ['the sole', 0],
          ['the laces', 1],
          ['the fit', 0],
        ],
      },
      {
        name: ['this toaster', 0],
        short: ['the toaster', 0],
        aspects: [
          ['the timer', 0],
          ['the crumb tray', 0],
          ['the buttons', 1],
        ],
      },
      {
        name: ['the "premium" coffee maker', 0],
        short: ['the coffee maker', 0],
        aspects: [
          ['the milk frother', 0],
          ['the water tank', 0],
        ],
      },
    ],
    aspects: PRODUCT_ASPECTS,
    nouns: ['product', 'purchase', 'buy', 'gadget', 'investment', 'gift'],
    regret: 'buying',
    fixed: {
      positive: ['Worth every penny.', 'Would buy again.', 'Money well spent.', 'It works exactly as advertised.'],
      negative: [
        'It broke after a week.',
        'Would not buy again.',
        'Not worth the money.',
        'It stopped working after two days.',
      ],
    },
    fillers: [
      'I bought it last week.',
      'It arrived on a Tuesday, two days early.',
      'My sister gave it to me as a gift.',
      'I have had it for about a month now.',
      'The box says "new and improved" on the side.',
      'It comes in black, white, and grey.',
      'I paid full price for it.',
      'This is my second one.',
      'I read the manual before using it, as always.',
      'I use it every morning before work.',
      'It replaced an older model from another brand.',
      'It was on sale, so I tried it.',
      'I ordered the blue one, size "medium".',
      'We use it mostly at weekends.',
    ],
  },
};

const COMMON_FIXED = {
  positive: [
    'Highly recommended.',
    'Five stars.',
    'It exceeded my expectations.',
    'No complaints so far.',
    'It could have been worse.',
  ],
  negative: [
    'Save your money.',
    'One star.',
    'Avoid.',
    'It could have been better.',
    'It did not meet my expectations.',
  ],
};

// [plain, negated, polarity of the plain form]; "{R}" is the domain's regret verb (watching/buying).
const VERBS = [
  ['I loved', 'I did not love', +1],
  ['I enjoyed', "I didn't enjoy", +1],
  ['I liked', 'I did not like', +1],
  ['I would recommend', 'I would not recommend', +1],
  ['I was impressed by', 'I was not impressed by', +1],
  ['I was happy with', 'I was never happy with', +1],
  ['I hated', "I didn't hate", -1],
  ['I regret {R}', 'I do not regret {R}', -1],
  ['I was disappointed by', 'I was not disappointed by', -1],
  ['I was annoyed by', 'I was never annoyed by', -1],
];

const NEGATION_P = 0.3;

/**
 * Reviews are built to a target polarity: every opinion clause agrees with it, except a concession
 * that is marked as one ("X, but Y", "although X, Y", "Y, although X"). Negation is frequent and flips
 * a clause ("not good" in negative reviews, "not bad" in positive ones), so single words are weak
 * evidence and word order matters.
 */
function makeSentimentGenerator(rng) {
  const adjective = (polarity) => {
    const strong = rng.chance(0.4);
    const list = polarity > 0 ? (strong ? POSITIVE.strong : POSITIVE.mild) : strong ? NEGATIVE.strong : NEGATIVE.mild;
    return { word: rng.pick(list), strong };
  };
  const be = (plural, past) => (plural ? (past ? 'were' : 'are') : past ? 'was' : 'is');
  const pronoun = (plural) => (plural ? 'they' : 'it');

  /** A clause about `np` with the given polarity: "<np> is (not) <adjective>". */
  const copula = ([s, plural], polarity) => {
    const verb = be(plural, rng.chance(0.5));
    const negated = rng.chance(NEGATION_P);
    const adj = adjective(negated ? -polarity : polarity).word;
    if (!negated) {
      const mod = rng.chance(0.25) ? rng.pick(INTENSIFIERS) + ' ' : rng.chance(0.08) ? rng.pick(DOWNTONERS) + ' ' : '';
      return `${s} ${verb} ${mod}${adj}`;
    }
    const form = rng.weighted({
      not: 4,
      contraction: 3,
      'not very': 1,
      never: 1,
      hardly: 1,
      'far from': 1,
      'at all': 1,
    });
    if (form === 'not') return `${s} ${verb} not ${adj}`;
    if (form === 'contraction') return `${s} ${verb}n't ${adj}`;
    if (form === 'not very') return `${s} ${verb} not very ${adj}`;
    if (form === 'at all') return `${s} ${verb} not ${adj} at all`;
    return `${s} ${verb} ${form} ${adj}`;
  };

  /** "I (did not) enjoy <np>" with the given polarity. */
  const verbClause = (domain, [s], polarity, isSubject) => {
    const negated = rng.chance(NEGATION_P);
    // One regrets buying the kettle, not buying its lid.
    const candidates = VERBS.filter(
      ([plain, , p]) => (negated ? -p : p) === polarity && (isSubject || !plain.includes('{R}')),
    );
    const [plain, neg] = rng.pick(candidates);
    return `${(negated ? neg : plain).replace('{R}', domain.regret)} ${s}`;
  };

  /** "I expected <np> to be X, but it was Y": only what follows the comma counts. */
  const expectation = ([s, plural], polarity) => {
    const kind = rng.weighted({ turned: 3, confirmed: 1, denied: 1 });
    const [p, v] = [pronoun(plural), be(plural, true)];
    if (kind === 'turned')
      return `I expected ${s} to be ${adjective(-polarity).word}, but ${p} ${v} ${adjective(polarity).word}`;
    if (kind === 'confirmed') return `I expected ${s} to be ${adjective(polarity).word}, and ${p} ${v}`;
    return `I expected ${s} to be ${adjective(-polarity).word}, but ${p} ${v} not`;
  };

  const exclaim = (domain, polarity) => {
    const adj = adjective(polarity).word;
    const noun = rng.pick(domain.nouns);
    return rng.chance(0.5) ? `what ${article(adj)} ${adj} ${noun}!` : `${adj} ${noun} overall.`;
  };

  const fixed = (domain, polarity) => {
    const key = polarity > 0 ? 'positive' : 'negative';
    return rng.pick([...domain.fixed[key], ...COMMON_FIXED[key]]);
  };

  const punctuate = (text) => (/[.!?]$/.test(text) ? text : text + rng.weighted({ '.': 84, '!': 12, '...': 4 }));

  const seen = new Set();
  /** One review whose label is `target` ('positive' | 'negative'). */
  return function review(target, { newline = false } = {}) {
    const polarity = target === 'positive' ? 1 : -1;
    for (;;) {
      const domain = DOMAINS[rng.pick(['movie', 'product'])];
      const subject = rng.pick(domain.subjects);
      const aspects = [...subject.aspects, ...subject.aspects, ...domain.aspects];
      const np = (first) => {
        if (first) return subject.name;
        const r = rng.next();
        return r < 0.55 ? rng.pick(aspects) : r < 0.8 ? subject.short : ['it', 0];
      };
      const isSubject = (phrase) => phrase === subject.name || phrase === subject.short || phrase[0] === 'it';
      const clauseAbout = (phrase, pol) =>
        rng.chance(0.7) ? copula(phrase, pol) : verbClause(domain, phrase, pol, isSubject(phrase));
      const clause = (first, pol) => clauseAbout(np(first), pol);

      const count = Number(rng.weighted({ 1: 35, 2: 42, 3: 23 }));
      const concessionAt = rng.chance(0.25) ? rng.int(count) : -1;
      const sentences = [];
      for (let i = 0; i < count; i++) {
        const first = i === 0;
        if (i === concessionAt) {
          // The concession is about one aspect; the main clause about the subject or another aspect.
          const minorNp = rng.pick(aspects);
          let majorNp = np(first);
          while (majorNp[0] === minorNp[0]) majorNp = np(false);
          const minor = clauseAbout(minorNp, -polarity);
          const major = clauseAbout(majorNp, polarity);
          const shape = rng.weighted({ but: 5, although: 2, 'although after': 2 });
          sentences.push(
            shape === 'but'
              ? `${minor}, but ${major}`
              : shape === 'although'
                ? `although ${minor}, ${major}`
                : `${major}, although ${minor}`,
          );
          continue;
        }
        const kind = rng.weighted({ clause: 58, and: 8, exclaim: 8, fixed: 12, expectation: 14 });
        if (kind === 'clause') {
          const opener = rng.chance(0.15)
            ? rng.pick([
                'Honestly, ',
                'Overall, ',
                'To be fair, ',
                'In short, ',
                polarity > 0 ? 'Thankfully, ' : 'Sadly, ',
              ])
            : '';
          sentences.push(opener + clause(first, polarity));
        } else if (kind === 'and') sentences.push(`${clause(first, polarity)}, and ${clause(false, polarity)}`);
        else if (kind === 'exclaim') sentences.push(exclaim(domain, polarity));
        else if (kind === 'fixed') sentences.push(fixed(domain, polarity));
        else sentences.push(expectation(np(first), polarity));
      }
      const parts = sentences.map(punctuate);
      const fillers = Number(rng.weighted({ 0: 45, 1: 40, 2: 15 }));
      for (let i = 0; i < fillers; i++) {
        const f = rng.pick(domain.fillers);
        if (!parts.includes(f)) parts.splice(rng.int(parts.length + 1), 0, f);
      }
      const capitalized = parts.map(capitalize);
      let text = capitalized.join(' ');
      if (newline) {
        if (capitalized.length < 2) continue;
        const at = 1 + rng.int(capitalized.length - 1);
        text = capitalized.slice(0, at).join(' ') + '\n' + capitalized.slice(at).join(' ');
      }
      if (rng.chance(0.04)) text = text.toLowerCase();
      const n = wordCount(text);
      if (n < 8 || n > 40 || seen.has(text)) continue;
      seen.add(text);
      return text;
    }
  };
}

/** Share of reviews whose written label is the opposite of what the text says. */
const LABEL_NOISE = 0.02;

function makeReviews() {
  const rng = makeRng(0x5e471);
  const review = makeSentimentGenerator(rng);
  const ROWS = 3000;
  const rows = [];
  for (let i = 0; i < ROWS; i++) {
    const label = rng.chance(0.5) ? 'positive' : 'negative';
    // A handful of reviews span two lines (a newline inside the quoted field).
    const text = review(label, { newline: rng.chance(0.004) || i === 41 });
    // Like real data, about 2 % of the labels are wrong (a reviewer who clicked the other button).
    const written = rng.chance(LABEL_NOISE) ? (label === 'positive' ? 'negative' : 'positive') : label;
    rows.push([text, written]);
  }
  return csv(['review', 'sentiment'], rows);
}

/** Small labelled set in which every label is the same (a broken example). */
function makeOneClass() {
  const rng = makeRng(0x0c1a55);
  const review = makeSentimentGenerator(rng);
  const rows = [];
  for (let i = 0; i < 40; i++) rows.push([review('positive'), 'positive']);
  return csv(['review', 'sentiment'], rows);
}

// ---------------------------------------------------------------------------------------------
// examples/topics/questions.jsonl — four-class question topics
// ---------------------------------------------------------------------------------------------

const TOPICS = {
  sports: {
    slots: {
      event: [
        'World Cup',
        'Tour de France',
        'Super Bowl',
        'Wimbledon final',
        'Boston Marathon',
        'Stanley Cup',
        'NBA Finals',
        'Ryder Cup',
        'Six Nations',
        'Olympic 100 m final',
      ],
      sport: [
        'football',
        'basketball',
        'rugby',
        'volleyball',
        'ice hockey',
        'cricket',
        'water polo',
        'baseball',
        'handball',
        'netball',
      ],
      scored: ['tennis', 'squash', 'bowling', 'golf', 'table tennis', 'darts', 'badminton', 'snooker'],
      race: ['marathon', 'half marathon', '10K', 'triathlon', 'century ride', 'swim across the bay'],
      call: [
        'give a penalty',
        'stop the clock',
        'send off the captain',
        'disallow the goal',
        'award a free kick',
        'check the video replay',
      ],
      injury: ['knee injuries', 'concussions', 'shin splints', 'hamstring strains', 'tennis elbow', 'ankle sprains'],
      skill: [
        'improve my free throw',
        'serve faster in tennis',
        'build endurance for cycling',
        'get better at heading the ball',
        'swim a faster freestyle',
        'hold a plank longer',
      ],
      year: ['1998', '2006', '2010', '2014', '2019', '2022'],
      city: ['Paris', 'London', 'Melbourne', 'Boston', 'Madrid', 'Tokyo'],
    },
    templates: [
      'Who won the {year} {event}?',
      'How many players are on a {sport} team?',
      'How is the score kept in {scored}?',
      'How should I train for my first {race}?',
      'Why would the referee {call} in a {sport} match?',
      'How do {sport} players avoid {injury}?',
      'What is the best way to {skill}?',
      'Which {sport} team has won the most titles?',
      'Can you explain the offside rule in {sport}?',
      'What is a good warm-up before {scored}?',
      'How long is a professional {sport} game?',
      'Is {scored} a good sport for beginners over forty?',
      // Cross-over questions: other topics' words, this topic's intent.
      'What should I eat the night before a {race}?',
      'Is it worth flying to {city} to see the {event} live?',
      'Why do my legs feel heavy in the last part of a {race}?',
    ],
  },
  science: {
    slots: {
      phenomenon: [
        'photosynthesis',
        'nuclear fusion',
        'a black hole',
        'plate tectonics',
        'natural selection',
        'CRISPR gene editing',
        'quantum entanglement',
        'the greenhouse effect',
        'an MRI scanner',
        'a transistor',
        'a rainbow',
        'radioactive decay',
      ],
      pair: [
        'an atom and a molecule',
        'a virus and a bacterium',
        'weather and climate',
        'mass and weight',
        'speed and velocity',
        'fission and fusion',
        'a comet and an asteroid',
        'DNA and RNA',
      ],
      substance: ['iron', 'nitrogen', 'ethanol', 'mercury', 'carbon dioxide', 'copper', 'helium'],
      change: ['boil', 'melt', 'freeze'],
      animal: [
        'birds migrate south',
        'cats purr',
        'bees dance',
        'whales sing',
        'fireflies glow',
        'octopuses change colour',
        'salmon swim upstream',
      ],
      body: ['the Moon', 'Mars', 'the Sun', 'Proxima Centauri', 'Jupiter', 'the Andromeda galaxy'],
      skill: [
        'explain entropy to a child',
        'measure the speed of sound at home',
        'learn organic chemistry',
        'observe the rings of Saturn',
        'read a scientific paper',
        'grow crystals at home',
      ],
      race: ['marathon', 'long bike ride', 'football match', 'triathlon'],
      food: ['an egg', 'a steak', 'milk', 'fish'],
      question: [
        'Why is the sky blue?',
        'Why do we have seasons?',
        'What is dark matter made of?',
        'How do vaccines train the immune system?',
        'Why does ice float on water?',
        'How old is the universe?',
        'What causes the northern lights?',
        'Why is the ocean salty?',
      ],
    },
    templates: [
      '{question}',
      'How does {phenomenon} work?',
      'What is the difference between {pair}?',
      'At what temperature does {substance} {change}?',
      'Why do {animal}?',
      'How far away is {body}?',
      'What is the best way to {skill}?',
      'Can you explain {phenomenon} in simple terms?',
      'Who discovered {phenomenon}?',
      'How do scientists know how far away {body} is?',
      'Is it true that {body} could be seen without a telescope?',
      'Why does bread rise in the oven?',
      'Why does water boil at a lower temperature in the mountains?',
      'Why do my ears pop when a plane takes off?',
      'Why do muscles get sore a day after a {race}?',
      'What happens to the proteins in {food} when you heat them?',
    ],
  },
  cooking: {
    slots: {
      cookpair: [
        'roast a whole chicken',
        'boil an egg',
        'bake a loaf of sourdough',
        'grill a steak',
        'poach a salmon fillet',
        'steam broccoli',
        'simmer a beef stew',
        'rest a brisket',
      ],
      ingredient: [
        'butter',
        'eggs',
        'buttermilk',
        'heavy cream',
        'fresh basil',
        'soy sauce',
        'brown sugar',
        'white wine',
        'cornstarch',
      ],
      dish: [
        'brownies',
        'pancakes',
        'a curry',
        'banana bread',
        'pesto',
        'a stir-fry',
        'crème brûlée',
        'a risotto',
        'pad thai',
        'a jalapeño salsa',
        'shortbread',
        'gazpacho',
      ],
      fault: ['dense', 'gummy', 'runny', 'dry', 'rubbery', 'grainy', 'too salty', 'flat'],
      keep: [
        'pasta from sticking together',
        'avocado from turning brown',
        'rice from getting mushy',
        'cookies from spreading',
        'a sauce from splitting',
        'fresh herbs from wilting',
      ],
      skill: [
        "sharpen a chef's knife",
        'season a cast iron pan',
        'caramelize onions',
        'store fresh herbs',
        'make stock from leftover bones',
        'temper chocolate',
      ],
      place: ['Tokyo', 'Lisbon', 'Mexico City', 'Bangkok'],
      sport: ['football', 'rugby', 'hockey', 'cricket'],
      pair: [
        'baking soda and baking powder',
        'a stock and a broth',
        'braising and stewing',
        'a sauté pan and a frying pan',
        'plain and self-raising flour',
      ],
    },
    templates: [
      'How long should I {cookpair}?',
      'What can I use instead of {ingredient} in {dish}?',
      'Why did my {dish} turn out {fault}?',
      'How do I keep {keep}?',
      'What is the best way to {skill}?',
      'Can you recommend a recipe for {dish}?',
      'What is the difference between {pair}?',
      'Can I freeze {dish}, and for how long?',
      'What temperature should the oven be for {dish}?',
      'Is it safe to {cookpair} the day before a party?',
      'Which wine goes well with {dish}?',
      'What snacks keep well on a long flight to {place}?',
      'What should I cook for the team after a {sport} match?',
      'How do I adjust a recipe for {dish} at high altitude?',
      'Is there a science to getting {dish} just right?',
    ],
  },
  travel: {
    slots: {
      country: ['Japan', 'Brazil', 'India', 'Turkey', 'Vietnam', 'Kenya', 'Australia', 'Canada', 'Peru', 'Morocco'],
      place: [
        'Iceland',
        'Patagonia',
        'Kyoto',
        'Lisbon',
        'the Scottish Highlands',
        'Bali',
        'Zürich',
        'São Paulo',
        'Marrakesh',
        'Hanoi',
        'Cape Town',
        'Kraków',
      ],
      city: ['Paris', 'Berlin', 'Madrid', 'Rome', 'Vienna', 'Prague', 'Amsterdam', 'Milan', 'Munich', 'Budapest'],
      mode: ['train', 'bus', 'ferry', 'car', 'night train', 'bike'],
      thing: ['neighborhood', 'hostel', 'day trip', 'hotel', 'walking tour'],
      length: ['weekend', 'one-week', 'two-week', 'month-long'],
      month: ['January', 'April', 'July', 'October', 'December'],
      sport: ['football', 'baseball', 'cricket', 'basketball', 'sumo'],
      skill: [
        'get from the airport to the city centre',
        'pack a carry-on for a week',
        'avoid jet lag',
        'exchange currency abroad',
        'find cheap flights',
        'travel with a toddler',
      ],
    },
    templates: [
      'Do I need a visa to visit {country}?',
      'What is the best time of year to visit {place}?',
      'How do I get from {city} to {place} by {mode}?',
      'Is it safe to drink tap water in {place}?',
      'Which {thing} would you book in {place}?',
      'How much should I budget per day in {place}?',
      'What should I pack for a {length} trip to {place}?',
      'Are there direct flights from {city} to {place}?',
      'What is the weather like in {place} in {month}?',
      'What is the best way to {skill}?',
      'Is a rail pass worth it for a {length} trip around {country}?',
      'Can I rent a car in {country} with a foreign licence?',
      'Where can I take a cooking class in {place}?',
      'Which local dishes should I try in {place}?',
      'Can I watch a {sport} match while visiting {country}?',
      'Is {place} a good place to see the northern lights?',
    ],
  },
};

const TOPIC_PREFIXES = [
  '',
  '',
  '',
  '',
  'Quick question: ',
  'Beginner here. ',
  'Sorry if this is obvious, but ',
  'Help! ',
];
const TOPIC_SUFFIXES = ['', '', '', '', ' Thanks!', ' Any tips?', ' Asking for a friend.', ' Thanks in advance.'];

function makeQuestions() {
  const rng = makeRng(0x70b1c5);
  const quota = { sports: 400, science: 375, cooking: 375, travel: 350 };
  const labels = [];
  for (const [label, n] of Object.entries(quota)) for (let i = 0; i < n; i++) labels.push(label);
  rng.shuffle(labels);
  const seen = new Set();
  const lines = [];
  for (const label of labels) {
    const topic = TOPICS[label];
    for (;;) {
      let q = rng.pick(topic.templates).replace(/\{(\w+)\}/g, (_, slot) => rng.pick(topic.slots[slot]));
      const prefix = rng.pick(TOPIC_PREFIXES);
      if (prefix && !/^I /.test(q)) {
        q = prefix === 'Sorry if this is obvious, but ' ? prefix + q.charAt(0).toLowerCase() + q.slice(1) : prefix + q;
      }
      q += rng.pick(TOPIC_SUFFIXES);
      if (rng.chance(0.05)) q = q.toLowerCase();
      if (seen.has(q)) continue;
      seen.add(q);
      lines.push(JSON.stringify({ text: q, label }));
      break;
    }
  }
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// examples/series/energy.csv — hourly load and temperature
// ---------------------------------------------------------------------------------------------

/** Relative load by hour of day: night trough, morning ramp, evening peak. */
const DAILY_PROFILE = [
  0.78, 0.75, 0.73, 0.72, 0.73, 0.78, 0.88, 0.98, 1.03, 1.03, 1.01, 1.0, 0.99, 0.98, 0.97, 0.98, 1.02, 1.09, 1.12, 1.1,
  1.04, 0.97, 0.89, 0.82,
];
/** Relative load by weekday, Monday first. */
const WEEKLY_PROFILE = [1.0, 1.01, 1.01, 1.0, 0.98, 0.86, 0.82];
const SERIES_START = Date.UTC(2023, 0, 2); // a Monday

function energyRows(count, seed) {
  const rng = makeRng(seed);
  const rows = [];
  let weather = 0; // slow temperature anomaly, AR(1)
  let loadNoise = 0; // slow load anomaly, AR(1)
  for (let t = 0; t < count; t++) {
    const hour = t % 24;
    const day = Math.floor(t / 24);
    const weekday = day % 7;
    const dayOfYear = 1 + day; // the series starts on 2 January
    // Temperature (°C): winter towards spring, a daily cycle peaking mid-afternoon, weather, sensor noise.
    weather = 0.98 * weather + 0.35 * rng.normal();
    const seasonal = 9 - 8 * sin(TAU * ((dayOfYear + 76) / 365)); // coldest in mid January
    const dailyAmp = 3.5 + 1.5 * sin(TAU * (day / 9));
    const temperature = seasonal + dailyAmp * sin((TAU * (hour - 9)) / 24) + weather + 0.2 * rng.normal();
    // Load (MW): base with a slow upward trend, heating demand below 15 °C, daily and weekly shape, noise.
    loadNoise = 0.9 * loadNoise + 8 * rng.normal();
    const heating = 14 * Math.max(0, 16 - temperature);
    const base = 480 + 0.02 * t;
    const load = (base + heating) * DAILY_PROFILE[hour] * WEEKLY_PROFILE[weekday] + loadNoise + 5 * rng.normal();
    const date = new Date(SERIES_START + t * 3600e3).toISOString().replace('.000Z', 'Z');
    rows.push([date, load.toFixed(1), temperature.toFixed(1)]);
  }
  return rows;
}

function makeEnergy() {
  return csv(['date', 'load', 'temperature'], energyRows(3000, 0xe4e6));
}

// ---------------------------------------------------------------------------------------------
// examples/broken/ — files with one known defect each (documented in examples/README.md)
// ---------------------------------------------------------------------------------------------

/** NaN in the load column on file line NAN_LINE (line 1 is the header). */
const NAN_LINE = 20;
function makeNanSeries() {
  const rows = energyRows(48, 0xe4e6);
  rows[NAN_LINE - 2][1] = 'NaN';
  return csv(['date', 'load', 'temperature'], rows);
}

/** Line RAGGED_LINE has one field where the header has two. */
const RAGGED_LINE = 6;
function makeRagged() {
  const rows = [
    ['Great kettle, boils fast and looks nice.', 'positive'],
    ['The lid broke on the first day.', 'negative'],
    ['Not bad at all for the price.', 'positive'],
    ['Too loud, and the handle gets hot.', 'negative'],
    ['The charger stopped working after two days'],
    ['I use it every morning and it has never let me down.', 'positive'],
    ['Arrived scratched. Returned it.', 'negative'],
    ['Simple, quiet and quick.', 'positive'],
    ['It was not worth the money.', 'negative'],
    ['My second one, still happy with it.', 'positive'],
  ];
  if (rows[RAGGED_LINE - 2].length !== 1) throw new Error('ragged.csv: the short row moved');
  return csv(['review', 'sentiment'], rows);
}

/** Latin-1 text: the first byte that is not valid UTF-8 is on line 3 (the é of café). */
function makeNotUtf8() {
  const text = [
    'Notes from a trip to the coast.',
    'We stopped for lunch in a small town by the harbour.',
    'The café served a fine crème brûlée and strong coffee.',
    'Afterwards we walked along the pier until sunset.',
    'The next morning we drove on to Zürich, then to Málaga by train.',
    '',
  ].join('\n');
  return Buffer.from(text, 'latin1');
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

const FILES = {
  'sentiment/reviews.csv': makeReviews,
  'topics/questions.jsonl': makeQuestions,
  'series/energy.csv': makeEnergy,
  'broken/ragged.csv': makeRagged,
  'broken/not-utf8.txt': makeNotUtf8,
  'broken/empty.csv': () => '',
  'broken/one-class.csv': makeOneClass,
  'broken/nan-series.csv': makeNanSeries,
};

const check = process.argv.includes('--check');
let stale = 0;
for (const [name, make] of Object.entries(FILES)) {
  const content = make();
  const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
  const path = join(EXAMPLES, name);
  const shown = relative(ROOT, path);
  if (check) {
    const same = existsSync(path) && Buffer.compare(readFileSync(path), bytes) === 0;
    if (!same) stale++;
    console.log(`${same ? 'ok   ' : 'STALE'} ${shown}`);
  } else {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
    console.log(`wrote ${shown} (${bytes.length} bytes)`);
  }
}
if (check && stale > 0) {
  console.error(`${stale} generated file(s) differ: run node scripts/make-examples.mjs`);
  process.exit(1);
}
