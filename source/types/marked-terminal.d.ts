// marked-terminal ships no type declarations; this covers the one function conc-tutor calls.
declare module 'marked-terminal' {
	import type { MarkedExtension } from 'marked';

	export interface TerminalRendererOptions {
		width?: number;
		reflowText?: boolean;
		showSectionPrefix?: boolean;
		tab?: number;
		emoji?: boolean;
		unescape?: boolean;
		[style: string]: unknown;
	}

	export function markedTerminal(options?: TerminalRendererOptions, highlightOptions?: Record<string, unknown>): MarkedExtension;
}
