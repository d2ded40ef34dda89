// File copying for the workspace. Every copy that must not overwrite uses COPYFILE_EXCL, so "never
// overwrite a learner's file" holds even if the file appears between a check and the copy.
import { constants, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Relative paths (forward slashes) of every regular file under dir, sorted; [] when dir is missing. */
export function listFiles(dir: string): string[] {
	const found: string[] = [];
	const walk = (relative: string) => {
		let entries: import('node:fs').Dirent[];
		try {
			entries = readdirSync(path.join(dir, relative), { withFileTypes: true });
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
			throw error;
		}
		for (const entry of entries) {
			const child = relative ? `${relative}/${entry.name}` : entry.name;
			if (entry.isDirectory()) walk(child);
			else if (entry.isFile()) found.push(child);
		}
	};
	walk('');
	return found.sort();
}

/**
 * mkdir -p, one level at a time from the nearest folder that exists. Node's recursive mkdir loops
 * forever where a filesystem answers ENOENT for a folder it will never create (/proc/x): here that
 * error simply propagates.
 */
export function makeFolder(dir: string): void {
	const missing: string[] = [];
	for (let at = path.resolve(dir); !existsSync(at); at = path.dirname(at)) {
		missing.unshift(at);
		if (path.dirname(at) === at) break;
	}
	for (const folder of missing) mkdirSync(folder);
}

/** Copies src to dest unless dest exists. Returns true when it copied. */
export function copyIfMissing(src: string, dest: string): boolean {
	// The usual case, every file of the pack already there, answered without a thrown EEXIST per file.
	if (existsSync(dest)) return false;
	mkdirSync(path.dirname(dest), { recursive: true });
	try {
		copyFileSync(src, dest, constants.COPYFILE_EXCL);
		return true;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
		throw error;
	}
}

/** Copies src over dest, creating folders as needed. */
export function copyOver(src: string, dest: string): void {
	mkdirSync(path.dirname(dest), { recursive: true });
	copyFileSync(src, dest);
}

/** True when both files exist with the same bytes. */
export function sameContent(a: string, b: string): boolean {
	try {
		return readFileSync(a).equals(readFileSync(b));
	} catch {
		return false;
	}
}

/** One file an exercise starts with: where it comes from in the pack, and its path in the exercise folder. */
export interface StarterFile {
	src: string;
	relative: string;
}

/**
 * Every file a learner starts an exercise with: its starter/ folder, plus the pack's shared lab files
 * it names (copied into lab/). A starter file of the same name wins over a lab file.
 */
export function starterFilesOf(exercise: { path: string; lab?: readonly string[] }): StarterFile[] {
	const starter = path.join(exercise.path, 'starter');
	const files = listFiles(starter).map((relative) => ({ src: path.join(starter, relative), relative }));
	const taken = new Set(files.map((file) => file.relative));
	for (const src of exercise.lab ?? []) {
		const relative = `lab/${path.basename(src)}`;
		if (!taken.has(relative)) files.push({ src, relative });
	}
	return files;
}

/** True when dir holds exactly the exercise's starter files, byte for byte: nobody has touched it. */
export function isUntouched(exercise: { path: string; lab?: readonly string[] }, dir: string): boolean {
	const starter = starterFilesOf(exercise);
	const present = listFiles(dir);
	if (present.length !== starter.length) return false;
	return starter.every((file) => sameContent(file.src, path.join(dir, file.relative)));
}
