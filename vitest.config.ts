import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		// *.timing.test.ts grade timing-sensitive solutions: they run afterwards, alone (vitest.timing.config.ts).
		exclude: ['test/fixtures/**', 'node_modules/**', 'dist/**', 'test/**/*.timing.test.ts'],
		// The grader's tests run real workers and processes and the end-to-end tests drive a terminal:
		// slow machines need room, and a hung test still ends.
		testTimeout: 60_000,
		hookTimeout: 60_000,
		// Each test file in its own process: tests spawn processes and change process-wide state (env, cwd).
		pool: 'forks',
	},
});
