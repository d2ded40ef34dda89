// Reading and writing <workspace>/.conc-tutor/progress.json. Writes go to a temporary file that is
// renamed over the real one, so a reader (or a crash) only ever sees a whole old or a whole new file.
// A file we cannot trust is moved aside, never repaired: guessing could turn an exercise into passed.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { stateDir } from '../workspace/layout.js';
import { PROGRESS_SCHEMA_VERSION, PROGRESS_TOOL, progressFileSchema, type ProgressFile } from './schema.js';

export interface ProgressOptions {
	/** Receives the one-line warning when a progress file is moved aside. Default: written to stderr. */
	warn?: (line: string) => void;
	/** Clock, for tests. */
	now?: () => Date;
}

export function progressFile(workspace: string): string {
	return path.join(stateDir(workspace), 'progress.json');
}

export function emptyProgress(): ProgressFile {
	return { tool: PROGRESS_TOOL, schemaVersion: PROGRESS_SCHEMA_VERSION, exercises: {} };
}

function defaultWarn(line: string): void {
	process.stderr.write(`${line}\n`);
}

/** Why a file's content cannot be used, in words; undefined when it is a valid progress file. */
function distrust(text: string): { reason: string } | { data: ProgressFile } {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		return { reason: 'is not valid JSON (corrupt)' };
	}
	if (json === null || typeof json !== 'object' || (json as { tool?: unknown }).tool !== PROGRESS_TOOL) {
		return { reason: 'was not written by conc-tutor' };
	}
	const version = (json as { schemaVersion?: unknown }).schemaVersion;
	if (typeof version === 'number' && version > PROGRESS_SCHEMA_VERSION) {
		return { reason: `was written by a newer conc-tutor (format ${version}; this one reads ${PROGRESS_SCHEMA_VERSION})` };
	}
	const parsed = progressFileSchema.safeParse(json);
	if (!parsed.success) return { reason: 'does not have the expected content (corrupt)' };
	return { data: parsed.data };
}

function moveAside(file: string, reason: string, options: ProgressOptions): void {
	const stamp = (options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
	const aside = `${file}.corrupt-${stamp}`;
	try {
		renameSync(file, aside);
	} catch (error) {
		// Another conc-tutor process moved it first; its warning is enough.
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
		throw error;
	}
	(options.warn ?? defaultWarn)(
		`conc-tutor: warning: your progress file ${reason}; moved it to ${aside} and starting with fresh progress.`,
	);
}

/** Reads the progress of a workspace; a missing file is empty progress, an untrusted one is moved aside. */
export function readProgress(workspace: string, options: ProgressOptions = {}): ProgressFile {
	const file = progressFile(workspace);
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyProgress();
		throw error;
	}
	const verdict = distrust(text);
	if ('data' in verdict) return verdict.data;
	moveAside(file, verdict.reason, options);
	return emptyProgress();
}

/** Replaces the progress file atomically: temp file in the same folder, fsync, rename. */
export function writeProgress(workspace: string, progress: ProgressFile): void {
	writeAtomic(progressFile(workspace), `${JSON.stringify(progress, null, '\t')}\n`);
}

/** Replaces a file atomically: readers see the old or the new content, never a torn one. */
export function writeAtomic(file: string, text: string): void {
	mkdirSync(path.dirname(file), { recursive: true });
	const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
	try {
		const fd = openSync(temp, 'wx');
		try {
			writeSync(fd, text);
			fsyncSync(fd);
		} finally {
			closeSync(fd);
		}
		renameSync(temp, file);
	} catch (error) {
		rmSync(temp, { force: true });
		throw error;
	}
}
