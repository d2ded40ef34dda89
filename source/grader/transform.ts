// TypeScript as written: the learner's files are type-stripped by esbuild into a fresh run folder, one file
// per file (workers and child processes keep their own entry files). Outputs are cached by content hash,
// so a file is transformed once per change, and esbuild's service is started only when something changed.
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { distFile } from '../paths.js';

export class CompileError extends Error {
	constructor(readonly detail: string) {
		super(detail);
		this.name = 'CompileError';
	}
}

export function cacheDir(): string {
	const dir = process.env.CONC_TUTOR_CACHE ?? path.join(tmpdir(), `conc-tutor-cache-${process.getuid?.() ?? 'user'}`);
	mkdirSync(dir, { recursive: true });
	return dir;
}

const sha = (text: string | Buffer) => createHash('sha256').update(text).digest('hex').slice(0, 32);
const isTs = (file: string) => /\.(m|c)?tsx?$/.test(file) && !file.endsWith('.d.ts');
const esbuild = () => import('esbuild');

/** Starts esbuild's service now (it takes ~35 ms), so a changed file is compiled without waiting for it. */
export function warmTransform(): void {
	void esbuild().then((e) => e.transform('', { loader: 'ts' })).catch(() => {});
}

interface EsbuildFailure {
	errors?: Array<{ text: string; location?: { file: string; line: number; column: number } | null }>;
}

function describeFailure(error: unknown, file: string): string {
	const first = (error as EsbuildFailure).errors?.[0];
	if (!first) return `${file}: ${(error as Error).message}`;
	const where = first.location ? `${file}:${first.location.line}:${first.location.column + 1}` : file;
	return `${where}: ${first.text}`;
}

async function transformFile(source: string, relative: string): Promise<string> {
	const key = path.join(cacheDir(), `${sha(`v1\0${relative}\0${source}`)}.js`);
	if (existsSync(key)) return readFileSync(key, 'utf8');
	const { transform } = await esbuild();
	try {
		const result = await transform(source, {
			loader: relative.endsWith('x') ? 'tsx' : 'ts',
			format: 'esm',
			target: 'node20',
			sourcemap: 'inline',
			sourcefile: relative,
		});
		writeFileSync(key, result.code);
		return result.code;
	} catch (error) {
		throw new CompileError(describeFailure(error, relative));
	}
}

function walk(dir: string, base = dir): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.name === 'node_modules' || entry.name.startsWith('.')) return [];
		return entry.isDirectory() ? walk(full, base) : [path.relative(base, full)];
	});
}

/**
 * A fresh folder holding the exercise's files as the sandbox runs them: `.ts` compiled to `.js`, everything
 * else copied, and a package.json that makes `.js` ES modules. Throws CompileError with file:line:column.
 */
export async function prepareRunDir(exerciseDir: string): Promise<string> {
	const runDir = mkdtempSync(path.join(tmpdir(), 'conc-tutor-run-'));
	for (const relative of walk(exerciseDir)) {
		const from = path.join(exerciseDir, relative);
		const to = path.join(runDir, isTs(relative) ? relative.replace(/\.(m|c)?tsx?$/, '.js') : relative);
		mkdirSync(path.dirname(to), { recursive: true });
		if (isTs(relative)) writeFileSync(to, await transformFile(readFileSync(from, 'utf8'), relative));
		else copyFileSync(from, to);
	}
	writeFileSync(path.join(runDir, 'package.json'), '{ "type": "module" }\n');
	return runDir;
}

/**
 * Bundles an exercise's check.ts (with any helpers it imports from the pack) into one cached ES module.
 * `conc-tutor/kit` stays external and points at the installed kit, so pack authors need no npm install.
 */
export async function bundleCheck(checkFile: string): Promise<string> {
	const kitFile = distFile('kit');
	const kit = pathToFileURL(kitFile).href;
	// Keyed by the kit too: a bundle points at one installed kit, and must be rebuilt if that moves.
	const manifestFile = path.join(cacheDir(), `check-${sha(`${checkFile}\0${kitFile}`)}.json`);
	if (existsSync(manifestFile) && existsSync(kitFile)) {
		try {
			const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { out: string; inputs: Record<string, string> };
			const fresh = Object.entries(manifest.inputs).every(([file, hash]) => existsSync(file) && sha(readFileSync(file)) === hash);
			if (fresh && existsSync(manifest.out)) return manifest.out;
		} catch {
			// a torn or foreign manifest: rebuild
		}
	}
	const { build } = await esbuild();
	try {
		const result = await build({
			entryPoints: [checkFile],
			bundle: true,
			write: false,
			format: 'esm',
			platform: 'node',
			target: 'node20',
			metafile: true,
			logLevel: 'silent',
			plugins: [
				{
					name: 'conc-tutor-kit',
					setup(b) {
						b.onResolve({ filter: /^conc-tutor\/kit$/ }, () => ({ path: kit, external: true }));
					},
				},
			],
		});
		const code = result.outputFiles[0]!.text;
		const out = path.join(cacheDir(), `check-${sha(code)}.mjs`);
		writeFileSync(out, code);
		const inputs = Object.fromEntries(
			Object.keys(result.metafile.inputs).map((input) => {
				const file = path.resolve(input);
				return [file, sha(readFileSync(file))];
			}),
		);
		writeFileSync(manifestFile, JSON.stringify({ out, inputs }));
		return out;
	} catch (error) {
		throw new CompileError(describeFailure(error, path.relative(process.cwd(), checkFile)));
	}
}

/** A fresh copy of a prepared run folder, for another run of the same files. */
export function copyRunDir(runDir: string): string {
	const copy = mkdtempSync(path.join(tmpdir(), 'conc-tutor-run-'));
	cpSync(runDir, copy, { recursive: true });
	return copy;
}
