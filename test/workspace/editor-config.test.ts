// The workspace as an editor sees it (issue 18, item 7): a tsconfig.json that finds Node's types (shipped
// with the package) and the exercise files, written once and kept up to date while it is still ours, never
// over a learner's own. Every reference of the bundled pack type-checks in it.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPack } from '../../source/lessons/load.js';
import { editorFiles, typesRoot } from '../../source/workspace/editor-config.js';
import { ensureWorkspace, exerciseWorkspaceDir } from '../../source/workspace/index.js';
import { shellPack } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp.js';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

describe('the editor files of a workspace', () => {
	it('are written with the workspace and point at the shipped Node types', () => {
		const ws = path.join(tempDir(), 'work');
		ensureWorkspace(ws, loadPack(shellPack));
		const tsconfig = JSON.parse(readFileSync(path.join(ws, 'tsconfig.json'), 'utf8'));
		expect(tsconfig.compilerOptions.types).toEqual(['node']);
		expect(tsconfig.compilerOptions.typeRoots).toEqual([typesRoot()]);
		expect(readFileSync(path.join(typesRoot()!, 'node', 'package.json'), 'utf8')).toContain('"name": "@types/node"');
	});

	it('are kept up to date while unchanged, and never overwritten once the learner edits them', () => {
		const ws = path.join(tempDir(), 'work');
		const pack = loadPack(shellPack);
		ensureWorkspace(ws, pack);
		// What an older version (another npx cache) wrote, recorded as ours: brought up to date.
		const old = editorFiles()['tsconfig.json']!.replace(typesRoot()!, '/old/cache/node_modules/@types');
		writeFileSync(path.join(ws, 'tsconfig.json'), old);
		const record = path.join(ws, '.conc-tutor', 'editor-files.json');
		writeFileSync(record, JSON.stringify({ ...JSON.parse(readFileSync(record, 'utf8')), 'tsconfig.json': createHash('sha256').update(old).digest('hex') }));
		ensureWorkspace(ws, pack);
		expect(readFileSync(path.join(ws, 'tsconfig.json'), 'utf8')).toBe(editorFiles()['tsconfig.json']);
		// The learner's own settings stay, through any number of starts.
		const mine = '{ "compilerOptions": { "strict": false } }\n';
		writeFileSync(path.join(ws, 'tsconfig.json'), mine);
		ensureWorkspace(ws, pack);
		ensureWorkspace(ws, pack);
		expect(readFileSync(path.join(ws, 'tsconfig.json'), 'utf8')).toBe(mine);
	});

	it('type-check every reference of the bundled pack without an error', () => {
		const ws = path.join(tempDir(), 'work');
		const pack = loadPack(path.resolve('lessons'));
		ensureWorkspace(ws, pack);
		for (const exercise of pack.lessons.flatMap((lesson) => lesson.exercises)) {
			cpSync(path.join(exercise.path, 'solution'), exerciseWorkspaceDir(ws, exercise), { recursive: true });
		}
		const run = () => execFileSync(process.execPath, [tsc, '-p', ws], { encoding: 'utf8' });
		expect(run).not.toThrow();
	}, 120_000);
});
