// The layout the package promises: pure logic imports no React, and the non-interactive commands
// never load the TUI, in the sources and in the built bundle.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtCli, repoRoot } from './helpers/paths.js';

const UI_PACKAGES = /^(react|react\/.*|ink|ink-testing-library|marked|marked-terminal)$/;

function sourceFiles(dir: string): string[] {
	return readdirSync(path.join(repoRoot, dir), { withFileTypes: true, recursive: true })
		.filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
		.map((entry) => path.join(entry.parentPath, entry.name));
}

/** Specifiers of static imports and re-exports (dynamic `import()` is the lazy way, and allowed). */
function staticImports(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm)].map((match) => match[1]!);
}

describe('architecture', () => {
	it('keeps React and the UI out of the pure modules and the command modules', () => {
		const pure = ['source/lessons', 'source/workspace', 'source/progress', 'source/cli'].flatMap(sourceFiles);
		const commands = sourceFiles('source/commands');
		for (const file of [...pure, ...commands, path.join(repoRoot, 'source/cli.ts')]) {
			for (const specifier of staticImports(file)) {
				const where = path.relative(repoRoot, file);
				expect(UI_PACKAGES.test(specifier), `${where} imports ${specifier}`).toBe(false);
				expect(specifier.includes('/ui/'), `${where} imports ${specifier}`).toBe(false);
			}
		}
	});

	it('`list` never loads React: nothing reachable from dist/cli.js and the list chunk by static import bundles it', () => {
		expect(existsSync(builtCli)).toBe(true);
		const dist = path.dirname(builtCli);
		const read = (file: string) => readFileSync(file, 'utf8');
		const cli = read(builtCli);
		const listChunk = /import\("\.\/(chunks\/list-[^"]+\.js)"\)/.exec(cli)?.[1];
		expect(listChunk, 'the list command is a chunk of its own').toBeDefined();
		const seen = new Set<string>();
		const visit = (file: string) => {
			if (seen.has(file)) return;
			seen.add(file);
			for (const [, specifier] of read(file).matchAll(/(?:^|\n)(?:import|export)\s*(?:[^"';]*?\sfrom\s*)?"(\.[^"]+)"/g)) {
				visit(path.resolve(path.dirname(file), specifier!));
			}
		};
		visit(builtCli);
		visit(path.join(dist, listChunk!));
		expect(seen.size).toBeGreaterThan(2);
		for (const file of seen) {
			const text = read(file);
			expect(text.includes('node_modules/react'), `${path.relative(dist, file)} bundles React`).toBe(false);
			expect(text.includes('node_modules/ink'), `${path.relative(dist, file)} bundles Ink`).toBe(false);
		}
	});
});
