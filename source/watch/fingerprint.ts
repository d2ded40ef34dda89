import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Editor droppings that are not the learner's code: dotfiles, swap and backup files. */
export function ignored(file: string): boolean {
	const name = file.split(/[\\/]/).pop() ?? file;
	return /^\.|~$|\.sw[a-p]$|^#.*#$|^4913$|\.tmp$/.test(name) || file.split(/[\\/]/).includes('node_modules');
}

/** Paths, sizes and modification times of the learner's files: equal fingerprints mean nothing was saved. */
export function fingerprint(dir: string): string {
	const parts: string[] = [];
	const walk = (relative: string) => {
		let entries: import('node:fs').Dirent[];
		try {
			entries = readdirSync(path.join(dir, relative), { withFileTypes: true });
		} catch {
			return;
		}
		for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
			const child = path.join(relative, entry.name);
			if (ignored(child)) continue;
			if (entry.isDirectory()) walk(child);
			else if (entry.isFile()) {
				try {
					const stat = statSync(path.join(dir, child));
					parts.push(`${child}:${stat.size}:${stat.mtimeMs}`);
				} catch {
					// removed while we looked
				}
			}
		}
	};
	walk('');
	return parts.join('\n');
}
