import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The installed package's folder, found from this file whether it runs from source/, dist/ or a dist chunk. */
export function packageRoot(): string {
	if (root) return root;
	let dir = path.dirname(fileURLToPath(import.meta.url));
	while (!existsSync(path.join(dir, 'package.json'))) {
		const parent = path.dirname(dir);
		if (parent === dir) throw new Error('conc-tutor cannot find its own package.json');
		dir = parent;
	}
	root = dir;
	return dir;
}

/** A built file of the grader (dist/<name>.js); the grader's processes always run from the bundle. */
export function distFile(name: string): string {
	return path.join(packageRoot(), 'dist', `${name}.js`);
}
