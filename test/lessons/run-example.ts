// Runs one marked code example from a lesson text, the way a learner would: in a fresh temporary folder,
// TypeScript type-stripped by esbuild (loader 'ts', format 'esm', as the grader does) into .js files
// beside each other, the pack's lab files in lab/, Node 20 or python3 as the interpreter.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { transform } from 'esbuild';
import { checkOutput, type CodeBlock, type Expectation } from '../../source/lessons/examples.js';

export interface Example {
	/** The block to run, and its expectation. */
	block: CodeBlock;
	expect: Expectation;
	/** Files named by [file] markers above it in the same text: name → block. */
	files: Map<string, CodeBlock>;
	/** The pack's _lab folder, copied (compiled) into lab/. */
	labDir?: string;
}

export interface Outcome {
	problems: string[];
	stdout: string;
	stderr: string;
	ms: number;
}

const JS = new Set(['js', 'javascript', 'mjs']);
export const PYTHON = new Set(['python', 'py']);

let python: { version: string; executable: string } | null | undefined;

/**
 * The python3 on PATH, found once: its version ("3.11") and the interpreter file itself, so that
 * each run skips launchers such as pyenv's shims (which take longer to start than many examples).
 */
function findPython3(): { version: string; executable: string } | null {
	if (python === undefined) {
		const result = spawnSync('python3', ['-c', 'import sys; print("%d.%d" % sys.version_info[:2]); print(sys.executable)'], {
			encoding: 'utf8',
		});
		const [version, executable] = result.stdout?.trim().split('\n') ?? [];
		python = result.status === 0 && version && executable ? { version, executable } : null;
	}
	return python;
}

/** "3.11" for the python3 on PATH, or null when there is none. */
export function python3Version(): string | null {
	return findPython3()?.version ?? null;
}

/** The interpreter that `python3` runs (a path), or 'python3'. */
export function python3Executable(): string {
	return findPython3()?.executable ?? 'python3';
}

function defaultName(block: CodeBlock): string {
	if (PYTHON.has(block.lang)) return 'main.py';
	if (JS.has(block.lang)) return 'main.mjs';
	return 'main.ts';
}

/** Writes a block under its name; TypeScript is stripped to the .js file next to it. Returns the path run. */
async function writeBlock(dir: string, name: string, code: string): Promise<string> {
	const target = path.join(dir, name);
	mkdirSync(path.dirname(target), { recursive: true });
	if (name.endsWith('.ts')) {
		const result = await transform(code, { loader: 'ts', format: 'esm', target: 'node20', sourcefile: name });
		const js = target.replace(/\.ts$/, '.js');
		writeFileSync(js, result.code);
		return js;
	}
	writeFileSync(target, code);
	return target;
}

/** Kills a process group, ignoring one that is already gone. */
function killGroup(pid: number | undefined): void {
	if (pid === undefined) return;
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		// nothing left in the group
	}
}

/**
 * Runs the example and reports what does not match the text's claims (problems: [] when all holds).
 * A claim about what usually happens (`tries N`) must hold in one of N runs.
 */
export async function runExample(example: Example, timeoutMs = 20_000): Promise<Outcome> {
	let outcome = await runOnce(example, timeoutMs);
	for (let attempt = 2; attempt <= example.expect.tries && outcome.problems.length > 0; attempt++) {
		outcome = await runOnce(example, timeoutMs);
	}
	if (outcome.problems.length > 0 && example.expect.tries > 1) {
		outcome.problems.unshift(`the claim did not hold in any of ${example.expect.tries} runs; the last one:`);
	}
	return outcome;
}

async function runOnce(example: Example, timeoutMs: number): Promise<Outcome> {
	const { block, expect, files } = example;
	const dir = mkdtempSync(path.join(os.tmpdir(), 'conc-tutor-example-'));
	const started = performance.now();
	try {
		writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
		if (example.labDir) {
			for (const file of readdirSync(example.labDir).filter((name) => name.endsWith('.ts'))) {
				await writeBlock(dir, path.join('lab', file), readFileSync(path.join(example.labDir, file), 'utf8'));
			}
		}
		for (const [name, file] of files) await writeBlock(dir, name, file.code);
		let main: string;
		try {
			main = await writeBlock(dir, expect.name ?? defaultName(block), block.code);
		} catch (error) {
			const first = (error as { errors?: Array<{ text: string }> }).errors?.[0]?.text ?? String(error);
			return { problems: [`does not compile: ${first}`], stdout: '', stderr: '', ms: 0 };
		}
		const isPython = PYTHON.has(block.lang);
		const command = isPython ? python3Executable() : process.execPath;
		const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', PYTHONDONTWRITEBYTECODE: '1' };
		delete env.NODE_OPTIONS;
		delete env.FORCE_COLOR;
		const child = spawn(command, [main], { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
		const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(child.pid);
		}, timeoutMs);
		const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
			child.once('error', reject);
			child.once('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
		});
		clearTimeout(timer);
		// Whatever the example left behind in its process group goes now; then its pipes close.
		killGroup(child.pid);
		await closed;
		const ms = performance.now() - started;
		const problems: string[] = [];
		if (timedOut) problems.push(`did not end within ${timeoutMs} ms`);
		else if (code !== expect.exitCode) {
			problems.push(`ended with ${signal ?? `exit code ${code}`}, expected exit code ${expect.exitCode}`);
		}
		const version = python3Version() ?? '';
		const claimHolds = !isPython || !expect.python || version === expect.python || version.startsWith(`${expect.python}.`);
		if (expect.prints && claimHolds) problems.push(...checkOutput(expect.prints, stdout, expect.anyOrder));
		if (problems.length > 0 && stderr.trim() !== '') problems.push(`stderr:\n${stderr.trim().split('\n').slice(0, 15).join('\n')}`);
		return { problems, stdout, stderr, ms };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
