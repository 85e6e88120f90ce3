import { describe, expect, it } from 'vitest';
import { DATASETS, DEFAULT_CONFIG } from './config';
import { DATASET_CLASSES, makeDataset } from './datasets';
import { createRng } from './rng';

describe('makeDataset', () => {
  for (const dataset of DATASETS) {
    it(`${dataset}: seeded, split by testSplit, inputs within a few units, valid labels`, () => {
      const config = { ...DEFAULT_CONFIG, dataset, samples: 300, testSplit: 0.2 };
      const a = makeDataset(config, createRng(1));
      const b = makeDataset(config, createRng(1));
      expect(a.trainX).toEqual(b.trainX);
      expect(a.numTrain + a.numTest).toBe(300);
      expect(a.numTest).toBe(60);
      for (const v of a.trainX) expect(Math.abs(v)).toBeLessThan(3);
      if (a.classification) {
        const counts = new Array(DATASET_CLASSES[dataset]).fill(0);
        for (const y of [...a.trainY, ...a.testY]) counts[y]++;
        // Every class is present.
        for (const c of counts) expect(c).toBeGreaterThan(30);
      }
    });
  }

  it('a different seed gives different points', () => {
    const config = { ...DEFAULT_CONFIG, samples: 64 };
    expect(makeDataset(config, createRng(1)).trainX).not.toEqual(makeDataset(config, createRng(2)).trainX);
  });
});
