import type { BenchSection } from './BenchSection.js';

/** Every benchmark section, run in this order. Add one line per section. */
export const sections: readonly (() => Promise<BenchSection>)[] = [];
