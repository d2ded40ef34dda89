// Which folders are learners' workspaces: a path is a workspace if it holds conc-tutor's state folder or
// any lesson folder of the pack; otherwise each of its subfolders that is one (a class folder).
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { LessonPack } from '../lessons/types.js';
import { STATE_DIR } from '../workspace/index.js';

export interface Learner {
	/** The workspace folder's name, unique within one grading run. */
	name: string;
	workspace: string;
}

function isWorkspace(dir: string, pack: LessonPack): boolean {
	if (existsSync(path.join(dir, STATE_DIR))) return true;
	return pack.lessons.some((lesson) => existsSync(path.join(dir, lesson.dir)));
}

export class DiscoverError extends Error {}

export function discoverLearners(paths: string[], pack: LessonPack): Learner[] {
	const found: string[] = [];
	for (const given of paths) {
		const dir = path.resolve(given);
		if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new DiscoverError(`${given} is not a folder.`);
		if (isWorkspace(dir, pack)) {
			found.push(dir);
			continue;
		}
		const inside = readdirSync(dir, { withFileTypes: true })
			.filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
			.map((entry) => path.join(dir, entry.name))
			.filter((sub) => isWorkspace(sub, pack))
			.sort();
		if (inside.length === 0) {
			throw new DiscoverError(`${given} is neither a conc-tutor workspace nor a folder of workspaces.`);
		}
		found.push(...inside);
	}
	const names = new Map<string, number>();
	return found.map((workspace) => {
		let name = path.basename(workspace);
		const seen = names.get(name) ?? 0;
		names.set(name, seen + 1);
		if (seen > 0) name = `${name}-${seen + 1}`;
		return { name, workspace };
	});
}
