// TypeScript as written: the learner's files are type-stripped by esbuild into a fresh run folder, one file
// per file (workers and child processes keep their own entry files). Outputs are cached by content hash,
// so a file is transformed once per change, and esbuild's service is started only when something changed.
// Only the learner's own regular files are taken: a symlink, FIFO or device is refused by name, and so is
// a file past the size cap, before anything reads it (a FIFO would block the read forever).
import { createHash } from 'node:crypto';
import { closeSync, constants, existsSync, fstatSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { distFile } from '../paths.js';

export class CompileError extends Error {
	constructor(readonly detail: string) {
		super(detail);
		this.name = 'CompileError';
	}
}

/** No exercise needs a bigger file; a larger one is refused, never read into the grader or run. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** The compile cache is pruned (oldest first) past this many bytes. */
const CACHE_CAP_BYTES = 64 * 1024 * 1024;

let ensured: string | undefined;

/**
 * The user's own cache folder (mode 0700), never a shared one in /tmp that another user could prepare.
 * Sandboxes never see it: they get a read-only copy of the one check bundle they run.
 */
export function cacheDir(): string {
	const base = process.env.XDG_CACHE_HOME || path.join(homedir() || tmpdir(), '.cache');
	const dir = process.env.CONC_TUTOR_CACHE ?? path.join(base, 'conc-tutor');
	if (ensured === dir) return dir;
	mkdirSync(dir, { recursive: true, mode: 0o700 });
	const stat = lstatSync(dir);
	if (!stat.isDirectory() || (process.getuid && stat.uid !== process.getuid())) {
		throw new Error(`the grader's cache folder ${dir} is not a folder of yours; remove it or set CONC_TUTOR_CACHE`);
	}
	ensured = dir;
	pruneCache(dir);
	return dir;
}

/** Oldest entries go first once the cache holds more than its cap; run once per process. */
function pruneCache(dir: string): void {
	let entries: Array<{ file: string; size: number; used: number }>;
	try {
		entries = readdirSync(dir).flatMap((name) => {
			const file = path.join(dir, name);
			const stat = statSync(file, { throwIfNoEntry: false });
			return stat?.isFile() && name !== 'calibration.json' ? [{ file, size: stat.size, used: stat.mtimeMs }] : [];
		});
	} catch {
		return;
	}
	let total = entries.reduce((sum, entry) => sum + entry.size, 0);
	if (total <= CACHE_CAP_BYTES) return;
	for (const entry of entries.sort((a, b) => a.used - b.used)) {
		if (total <= CACHE_CAP_BYTES * 0.75) break;
		rmSync(entry.file, { force: true });
		total -= entry.size;
	}
}

const sha = (text: string | Buffer) => createHash('sha256').update(text).digest('hex').slice(0, 32);
const isTs = (file: string) => /\.(m|c)?tsx?$/.test(file) && !file.endsWith('.d.ts');
// Required, not imported: esbuild is a CommonJS package, and import() first scans its 100 KB with Node's
// CommonJS export lexer (≈ a whole `node -e 0` of CPU, measured); require() only runs it.
const requireCjs = createRequire(import.meta.url);
const esbuild = async (): Promise<typeof import('esbuild')> => requireCjs('esbuild');

/** A cache entry is `<sha of the output>\n<output>`: a torn or tampered entry is rebuilt, never used. */
function readCached(file: string): string | undefined {
	try {
		const text = readFileSync(file, 'utf8');
		const newline = text.indexOf('\n');
		const code = text.slice(newline + 1);
		return newline === 32 && text.slice(0, 32) === sha(code) ? code : undefined;
	} catch {
		return undefined;
	}
}

function writeCached(file: string, code: string): void {
	const temporary = `${file}.${process.pid}.tmp`;
	writeFileSync(temporary, `${sha(code)}\n${code}`, { mode: 0o600 });
	renameSync(temporary, file);
}

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
	const key = path.join(cacheDir(), `${sha(`v2\0${relative}\0${source}`)}.js`);
	const cached = readCached(key);
	if (cached !== undefined) return cached;
	const { transform } = await esbuild();
	try {
		const result = await transform(source, {
			loader: relative.endsWith('x') ? 'tsx' : 'ts',
			format: 'esm',
			target: 'node20',
			sourcemap: 'inline',
			sourcefile: relative,
		});
		writeCached(key, result.code);
		return result.code;
	} catch (error) {
		throw new CompileError(describeFailure(error, relative));
	}
}

/** The learner's files, as paths relative to `dir`: regular files only, each under the size cap. */
export function learnerFiles(dir: string, base = dir): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		const relative = path.relative(base, full);
		if (entry.name === 'node_modules' || entry.name.startsWith('.')) return [];
		if (entry.isDirectory()) return learnerFiles(full, base);
		if (entry.isSymbolicLink()) throw new CompileError(`${relative} is a symbolic link: only your own files are graded; replace it with the file itself`);
		if (!entry.isFile()) throw new CompileError(`${relative} is not a regular file (a pipe, socket or device): remove it from the exercise folder`);
		const { size } = lstatSync(full);
		if (size > MAX_FILE_BYTES) {
			throw new CompileError(`${relative} is ${(size / 1048576).toFixed(1)} MB: files over ${MAX_FILE_BYTES / 1048576} MB are not graded; remove it or make it smaller`);
		}
		return [relative];
	});
}

/** A hash of the learner's files (names and contents); undefined when they cannot all be read as files. */
export function filesVersion(dir: string): string | undefined {
	try {
		const hash = createHash('sha256');
		for (const relative of learnerFiles(dir).sort()) hash.update(`${relative}\0`).update(readOwnFile(path.join(dir, relative), relative)).update('\0');
		return hash.digest('hex').slice(0, 16);
	} catch {
		return undefined;
	}
}

/** Reads a file that was a regular file when listed, refusing one swapped for a link or a pipe meanwhile. */
function readOwnFile(file: string, relative: string): Buffer {
	const fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
	try {
		const stat = fstatSync(fd);
		if (!stat.isFile() || stat.size > MAX_FILE_BYTES) throw new CompileError(`${relative} changed while it was being read: save it again`);
		return readFileSync(fd);
	} finally {
		closeSync(fd);
	}
}

/**
 * A fresh folder holding the exercise's files as the sandbox runs them: `.ts` compiled to `.js`, everything
 * else copied, and a package.json that makes `.js` ES modules. Throws CompileError with file:line:column,
 * or naming a file that is not the learner's to have graded.
 */
export async function prepareRunDir(exerciseDir: string): Promise<string> {
	const files = learnerFiles(exerciseDir);
	const runDir = mkdtempSync(path.join(tmpdir(), 'conc-tutor-files-'));
	try {
		for (const relative of files) {
			const content = readOwnFile(path.join(exerciseDir, relative), relative);
			const to = path.join(runDir, isTs(relative) ? relative.replace(/\.(m|c)?tsx?$/, '.js') : relative);
			mkdirSync(path.dirname(to), { recursive: true });
			writeFileSync(to, isTs(relative) ? await transformFile(content.toString('utf8'), relative) : content);
		}
		writeFileSync(path.join(runDir, 'package.json'), '{ "type": "module" }\n');
		return runDir;
	} catch (error) {
		rmSync(runDir, { recursive: true, force: true });
		throw error;
	}
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
			// The bundle runs in the grader itself: use it only if it is still exactly what was built.
			const intact = existsSync(manifest.out) && path.basename(manifest.out) === `check-${sha(readFileSync(manifest.out))}.mjs`;
			if (fresh && intact) return manifest.out;
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
		writeFileSync(out, code, { mode: 0o600 });
		const inputs = Object.fromEntries(
			Object.keys(result.metafile.inputs).map((input) => {
				const file = path.resolve(input);
				return [file, sha(readFileSync(file))];
			}),
		);
		writeFileSync(manifestFile, JSON.stringify({ out, inputs }), { mode: 0o600 });
		return out;
	} catch (error) {
		throw new CompileError(describeFailure(error, path.relative(process.cwd(), checkFile)));
	}
}

