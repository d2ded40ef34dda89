// Bundles the CLI and the grader's processes into dist/. One bundle per process keeps start-up
// to a single file read; the TUI is split into its own chunk so non-interactive commands never load React.
import { build } from 'esbuild';
import { existsSync, rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const entries = {
		cli: 'source/cli.ts',
		supervisor: 'source/grader/supervisor.ts',
		harness: 'source/grader/harness.ts',
		preload: 'source/grader/preload.ts',
		kit: 'source/grader/kit.ts',
		'grade-worker': 'source/classroom/grade-worker.ts',
		'dev-check': 'scripts/dev-check.ts',
};
await build({
	entryPoints: Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file))),
	outdir: 'dist',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	packages: 'external',
	chunkNames: 'chunks/[name]-[hash]',
	banner: { js: '' },
	logLevel: 'warning',
});
