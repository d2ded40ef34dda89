// Bundles the CLI and the grader's processes into dist/. One bundle per process keeps start-up
// to a single file read; the TUI is split into its own chunk so non-interactive commands never load React.
import { build } from 'esbuild';
import ts from 'typescript';
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

// Built into dist.new and swapped in only when the build succeeds: a failed build keeps the last good dist.
const out = new URL('../dist.new', import.meta.url);
rmSync(out, { recursive: true, force: true });
const entries = {
		cli: 'source/cli.ts',
		harness: 'source/grader/harness.ts',
		preload: 'source/grader/preload.ts',
		kit: 'source/grader/kit.ts',
		typecheck: 'source/typecheck/program.ts',
};

// Packages compiled into dist/ rather than loaded from node_modules at run time. Resolving and linking
// hundreds of small ES modules dominates start-up: ink + react take 0.43 s unbundled and 0.17 s
// bundled (node -e 0: 0.06 s). Whatever these packages import is bundled with them; every other
// package (esbuild, execa, ...) stays external as before.
const bundledPackages = new Set(['ink', 'react', 'marked', 'marked-terminal', 'commander', 'yaml', 'zod']);

const packageName = (specifier) =>
	specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];

const choosePackages = {
	name: 'choose-packages',
	setup(b) {
		// Ink imports react-devtools-core only when DEV=true; it is not installed, so stand in an empty module.
		b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'empty' }));
		b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export default {};' }));
		b.onResolve({ filter: /^[^./]/ }, (args) => {
			if (args.importer.includes('/node_modules/')) return undefined;
			if (bundledPackages.has(packageName(args.path))) return undefined;
			return { path: args.path, external: true };
		});
	},
};

await build({
	entryPoints: Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file))),
	outdir: 'dist.new',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	plugins: [choosePackages],
	// React's production build: smaller, faster, and without development-only warnings for learners.
	define: { 'process.env.NODE_ENV': '"production"' },
	chunkNames: 'chunks/[name]-[hash]',
	// Bundled CommonJS packages call require() for Node built-ins; ES modules have none, so give each file one.
	banner: { js: "import { createRequire as __concTutorRequire } from 'node:module'; const require = __concTutorRequire(import.meta.url);" },
	logLevel: 'warning',
});

// npm links bin entries as they are; the shebang makes dist/cli.js runnable as `conc-tutor` on POSIX.
const cli = new URL('../dist.new/cli.js', import.meta.url);
if (existsSync(cli)) {
	writeFileSync(cli, `#!/usr/bin/env node\n${readFileSync(cli, 'utf8')}`);
	chmodSync(cli, 0o755);
}

// Types for `conc-tutor/kit` (package.json "exports"), so that a pack author's check.ts type-checks in
// an editor: declarations of the kit and the modules its types come from, and dist/kit.d.ts over them.
const kitTypes = ts.createProgram(['source/grader/kit.ts'], {
	declaration: true,
	emitDeclarationOnly: true,
	rootDir: 'source',
	outDir: 'dist.new/types',
	target: ts.ScriptTarget.ES2022,
	module: ts.ModuleKind.NodeNext,
	moduleResolution: ts.ModuleResolutionKind.NodeNext,
	strict: true,
	skipLibCheck: true,
	types: ['node'],
}).emit();
const typeErrors = kitTypes.diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
if (typeErrors.length > 0) throw new Error(`the kit's declarations could not be written:\n${typeErrors.join('\n')}`);
writeFileSync(new URL('../dist.new/kit.d.ts', import.meta.url), "export * from './types/grader/kit.js';\n");

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
renameSync(out, new URL('../dist', import.meta.url));
