// What an editor needs to understand the workspace's TypeScript: a tsconfig.json that finds Node's type
// definitions (shipped with conc-tutor) and reads the files as ES modules, as the grader runs them
// ("Bundler" resolution: './worker.js' is worker.ts, import.meta and top-level await are allowed, with no
// package.json to say "type": "module"). Written when missing; rewritten only while it is still exactly
// what we wrote (the package may have moved, e.g. a new npx cache), so a learner's change is never lost.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { packageRoot } from '../paths.js';
import { stateDir } from './layout.js';

/** Where the hashes of the files we wrote are kept, to tell our file from the learner's. */
const RECORD = 'editor-files.json';

/** The folder holding @types/node, wherever npm put it (nested in the package or hoisted beside it). */
export function typesRoot(): string | undefined {
	try {
		const require = createRequire(path.join(packageRoot(), 'package.json'));
		return path.dirname(path.dirname(require.resolve('@types/node/package.json')));
	} catch {
		return undefined; // a package without its types: the editor shows Node's imports as unknown, nothing worse
	}
}

/** The workspace's compiler options: the editor reads them from tsconfig.json, the type check uses them directly. */
export function editorCompilerOptions(): Record<string, unknown> {
	const types = typesRoot();
	return {
		target: 'ES2022',
		lib: ['ES2022'], // no DOM: Node's own globals come from its types
		module: 'ESNext',
		moduleResolution: 'Bundler',
		moduleDetection: 'force', // every file is an ES module, as Node runs them here
		strict: true,
		noEmit: true,
		skipLibCheck: true,
		types: ['node'],
		...(types ? { typeRoots: [types] } : {}),
	};
}

/** The files, by name, with the text they should hold. */
export function editorFiles(): Record<string, string> {
	const tsconfig = { compilerOptions: editorCompilerOptions(), include: ['**/*.ts'], exclude: ['.conc-tutor'] };
	return {
		'tsconfig.json': `${JSON.stringify(tsconfig, null, '\t')}\n`,
	};
}

/**
 * A lesson pack's tsconfig.json: the workspace's options, and `conc-tutor/kit` found in this install
 * (its declarations in dist/), so that an author's check.ts type-checks without installing anything.
 */
export function packTsconfig(): string {
	const kit = path.join(packageRoot(), 'dist', 'kit.d.ts');
	const options = { ...editorCompilerOptions(), paths: { 'conc-tutor/kit': [kit] } };
	return `${JSON.stringify({ compilerOptions: options, include: ['**/*.ts'] }, null, '\t')}\n`;
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

function readRecord(file: string): Record<string, string> {
	try {
		const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
		return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
	} catch {
		return {};
	}
}

/** Writes the editor files into the workspace where missing or still ours; returns the paths written. */
export function writeEditorConfig(workspace: string): string[] {
	const recordFile = path.join(stateDir(workspace), RECORD);
	const record = readRecord(recordFile);
	const written: string[] = [];
	for (const [name, text] of Object.entries(editorFiles())) {
		const file = path.join(workspace, name);
		if (existsSync(file)) {
			const current = readFileSync(file, 'utf8');
			if (current === text || record[name] !== sha(current)) continue; // up to date, or the learner's
		}
		writeFileSync(file, text);
		record[name] = sha(text);
		written.push(file);
	}
	if (written.length > 0) writeFileSync(recordFile, `${JSON.stringify(record, null, '\t')}\n`);
	return written;
}
