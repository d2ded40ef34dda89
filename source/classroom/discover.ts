// Which folders are learners' workspaces: a path is a workspace if it holds conc-tutor's state folder or
// any lesson folder of the pack; otherwise the workspaces in the folders below it (a class folder).
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { LessonPack } from '../lessons/types.js';
import { DEFAULT_WORKSPACE_NAME, STATE_DIR } from '../workspace/index.js';

export interface Learner {
	/** The learner's folder name (see learnerName), unique within one grading run. */
	name: string;
	workspace: string;
}

function isWorkspace(dir: string, pack: LessonPack): boolean {
	if (existsSync(path.join(dir, STATE_DIR))) return true;
	return pack.lessons.some((lesson) => existsSync(path.join(dir, lesson.dir)));
}

export class DiscoverError extends Error {}

/**
 * Workspaces at or below dir, two levels down at most: the README's `class/alice/conc-tutor-work`, a
 * class folder of workspaces, or one workspace. Paths are relative to dir ('' is dir itself).
 */
function findWorkspaces(dir: string, pack: LessonPack, depth = 2, relative = ''): string[] {
	const here = path.join(dir, relative);
	if (isWorkspace(here, pack)) return [relative];
	if (depth === 0) return [];
	return readdirSync(here, { withFileTypes: true })
		.filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
		.map((entry) => entry.name)
		.sort()
		.flatMap((name) => findWorkspaces(dir, pack, depth - 1, relative ? path.join(relative, name) : name));
}

/**
 * A learner is named by the folder that holds their work: `class/alice/conc-tutor-work` is alice, and so
 * is a workspace folder named alice; a workspace with the default name takes its parent folder's name.
 */
function learnerName(given: string, relative: string): string {
	const parts = relative.split(path.sep).filter(Boolean);
	if (parts.length >= 2) return parts[0]!;
	const folder = parts.length === 1 ? path.join(given, parts[0]!) : given;
	const name = path.basename(folder);
	return name === DEFAULT_WORKSPACE_NAME ? path.basename(path.dirname(folder)) : name;
}

export function discoverLearners(paths: string[], pack: LessonPack): Learner[] {
	const found: Array<{ name: string; workspace: string }> = [];
	for (const given of paths) {
		const dir = path.resolve(given);
		if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new DiscoverError(`${given} is not a folder.`);
		const inside = findWorkspaces(dir, pack);
		if (inside.length === 0) {
			throw new DiscoverError(`${given} holds no conc-tutor workspace (looked in it and two levels of folders below it).`);
		}
		for (const relative of inside) found.push({ name: learnerName(dir, relative), workspace: path.join(dir, relative) });
	}
	const names = new Map<string, number>();
	return found.map(({ name, workspace }) => {
		const seen = names.get(name) ?? 0;
		names.set(name, seen + 1);
		return { name: seen > 0 ? `${name}-${seen + 1}` : name, workspace };
	});
}
