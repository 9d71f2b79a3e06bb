import type { BenchSection } from './BenchSection.js';

/** Every benchmark section, run in this order. Add one line per section. */
export const sections: readonly (() => Promise<BenchSection>)[] = [
  async () => (await import('./codec.js')).codecSection,
  async () => (await import('./server.js')).serverSection,
  async () => (await import('./client.js')).clientSection,
  async () => (await import('./pool.js')).poolSection,
  async () => (await import('./balancing.js')).balancingSection,
  async () => (await import('./startup.js')).startupSection,
  async () => (await import('./peers.js')).peersSection,
];
