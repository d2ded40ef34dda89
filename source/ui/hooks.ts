// Hooks shared by the screens: the terminal's size (live, for redraw on resize) and lesson Markdown
// rendered to rows once the Markdown module has loaded.
import { useStdout } from 'ink';
import { useEffect, useMemo, useState } from 'react';

export interface TerminalSize {
	columns: number;
	rows: number;
}

function sizeOf(stdout: NodeJS.WriteStream): TerminalSize {
	// Streams that are not terminals (tests) have no size; 80×24 is the size the TUI is designed for.
	return { columns: stdout.columns || 80, rows: stdout.rows || 24 };
}

export function useTerminalSize(): TerminalSize {
	const { stdout } = useStdout();
	const [size, setSize] = useState(() => sizeOf(stdout));
	useEffect(() => {
		const update = () => setSize(sizeOf(stdout));
		stdout.on('resize', update);
		return () => {
			stdout.off('resize', update);
		};
	}, [stdout]);
	return size;
}

type MarkdownModule = typeof import('./markdown.js');
let markdownModule: MarkdownModule | undefined;
let markdownLoading: Promise<MarkdownModule> | undefined;

/** Starts loading the Markdown renderer (marked, marked-terminal, highlight.js) in the background. */
export function preloadMarkdown(): Promise<MarkdownModule> {
	markdownLoading ??= import('./markdown.js').then((module) => (markdownModule = module));
	return markdownLoading;
}

/** Rows of rendered Markdown at this width, or undefined while the renderer is still loading. */
export function useMarkdown(markdown: string, width: number): string[] | undefined {
	const [module, setModule] = useState(markdownModule);
	useEffect(() => {
		if (module) return;
		let live = true;
		void preloadMarkdown().then((loaded) => live && setModule(loaded));
		return () => {
			live = false;
		};
	}, [module]);
	return useMemo(() => module?.renderMarkdown(markdown, width), [module, markdown, width]);
}

/** Rows of each Markdown text at this width (hints, one entry per text), or undefined while loading. */
export function useMarkdownList(texts: readonly string[], width: number): string[][] | undefined {
	const [module, setModule] = useState(markdownModule);
	useEffect(() => {
		if (module) return;
		let live = true;
		void preloadMarkdown().then((loaded) => live && setModule(loaded));
		return () => {
			live = false;
		};
	}, [module]);
	const key = texts.join('\u0000');
	// biome-ignore lint/correctness/useExhaustiveDependencies: keyed by the texts' content (a new array of the same texts renders nothing new)
	return useMemo(() => (module ? texts.map((text) => module.renderMarkdown(text, width)) : undefined), [module, key, width]);
}
