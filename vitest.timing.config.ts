import { defineConfig } from 'vitest/config';

// Tests that judge timing-sensitive solutions (CPU overlap, event-loop stalls) run one file at a time,
// after the main suite: a parallel neighbour would steal the cores a correct solution needs.
export default defineConfig({
	test: {
		include: ['test/**/*.timing.test.ts'],
		testTimeout: 900_000,
		hookTimeout: 60_000,
		pool: 'forks',
		fileParallelism: false,
	},
});
