// Code examples that a lesson text presents as something to run carry a marker in the Markdown, so the
// test suite can run them and hold the text to what it claims (test/lessons/examples.test.ts). The
// convention is described in lessons/README.md. This module only parses and matches: it runs nothing.
//
//   [run]: # (prints: cpu <550..1500> / io <190..600>)
//   ```ts
//   ...
//   ```
//
// A marker is a Markdown link reference definition, which renders as nothing, on its own line after a
// blank line, directly above the fenced block it marks (a blank line between the two is allowed).

export interface Expectation {
	/** File name the block is saved under (`as NAME`); by default main.ts / main.py. */
	name?: string;
	/** Patterns for the lines of standard output, blank lines left out; undefined: output not checked. */
	prints?: string[];
	/** `prints: below`: the patterns are the lines of the next ```text block. */
	printsBelow: boolean;
	/** `in any order`: the lines may come in any order. */
	anyOrder: boolean;
	/** `exit N`: the exit code the program ends with (0 unless stated). */
	exitCode: number;
	/** `python 3.11`: the printed output is claimed only for this interpreter version (a prefix). */
	python?: string;
	/** `tries 3`: a claim about what usually happens (a race): it must hold in one of this many runs. */
	tries: number;
}

export type Marker = { kind: 'file'; name: string } | { kind: 'run'; expect: Expectation };

export interface CodeBlock {
	/** 1-based lines of the opening and the closing fence. */
	line: number;
	endLine: number;
	/** The fence's indentation (a block inside a list item is indented). */
	indent: string;
	/** The fence's language tag ('ts', 'python', 'text', ...), '' if none. */
	lang: string;
	/** The block's lines, without the indentation of its fence. */
	code: string;
	marker?: Marker;
	/** 1-based line of the marker. */
	markerLine?: number;
}

export interface Extracted {
	blocks: CodeBlock[];
	/** Problems with markers, as "line N: what is wrong". */
	errors: string[];
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)[^`]*$/;
const MARKER = /^\s*\[(run|file)\]:\s*#\s*(?:\((.*)\))?\s*$/;
const MARKER_LIKE = /^\s*\[(run|file)\]:/;

/** Parses the clauses of a `[run]` marker's title; throws on anything it does not know. */
export function parseExpectation(title: string): Expectation {
	const expect: Expectation = { printsBelow: false, anyOrder: false, exitCode: 0, tries: 1 };
	for (const raw of title.split(';')) {
		const clause = raw.trim();
		if (clause === '') continue;
		let match: RegExpExecArray | null;
		if ((match = /^prints:\s*(.*)$/.exec(clause))) {
			if (match[1]!.trim() === 'below') expect.printsBelow = true;
			else if (match[1]!.trim() === 'nothing') expect.prints = [];
			else expect.prints = match[1]!.split(' / ').map((line) => line.trim());
		} else if (clause === 'in any order') {
			expect.anyOrder = true;
		} else if ((match = /^exit (\d+)$/.exec(clause))) {
			expect.exitCode = Number(match[1]);
		} else if ((match = /^as ([\w.-]+\.(?:ts|py|js|mjs))$/.exec(clause))) {
			expect.name = match[1];
		} else if ((match = /^python (\d+(?:\.\d+)?)$/.exec(clause))) {
			expect.python = match[1];
		} else if ((match = /^tries ([1-5])$/.exec(clause))) {
			expect.tries = Number(match[1]);
		} else {
			throw new Error(`unknown clause "${clause}"`);
		}
	}
	return expect;
}

/** The fenced code blocks of a Markdown text, each with the marker above it, if any. */
export function extractBlocks(markdown: string): Extracted {
	const lines = markdown.split(/\r?\n/);
	const blocks: CodeBlock[] = [];
	const errors: string[] = [];
	let pending: { marker: Marker; line: number } | undefined;
	let blanksSinceMarker = 0;
	for (let i = 0; i < lines.length; i++) {
		const text = lines[i]!;
		const fence = FENCE.exec(text);
		if (fence) {
			const [, indent, mark, lang] = fence;
			const body: string[] = [];
			let j = i + 1;
			const close = new RegExp(`^\\s*${mark![0] === '`' ? '`' : '~'}{${mark!.length},}\\s*$`);
			while (j < lines.length && !close.test(lines[j]!)) {
				body.push(lines[j]!.startsWith(indent!) ? lines[j]!.slice(indent!.length) : lines[j]!.trimStart());
				j++;
			}
			if (j === lines.length) errors.push(`line ${i + 1}: code block is never closed`);
			const block: CodeBlock = { line: i + 1, endLine: j + 1, indent: indent!, lang: lang ?? '', code: `${body.join('\n')}\n` };
			if (pending) {
				block.marker = pending.marker;
				block.markerLine = pending.line;
				pending = undefined;
			}
			blocks.push(block);
			i = j;
			continue;
		}
		if (pending) {
			if (text.trim() === '' && blanksSinceMarker === 0) {
				blanksSinceMarker++;
				continue;
			}
			errors.push(`line ${pending.line}: a [${pending.marker.kind}] marker must be directly above a code block`);
			pending = undefined;
		}
		const marker = MARKER.exec(text);
		if (marker) {
			if (i > 0 && lines[i - 1]!.trim() !== '') {
				errors.push(`line ${i + 1}: a marker needs a blank line above it, or it shows up as text`);
			}
			try {
				pending = {
					line: i + 1,
					marker:
						marker[1] === 'file'
							? { kind: 'file', name: fileName(marker[2] ?? '') }
							: { kind: 'run', expect: parseExpectation(marker[2] ?? '') },
				};
				blanksSinceMarker = 0;
			} catch (error) {
				errors.push(`line ${i + 1}: ${(error as Error).message}`);
			}
		} else if (MARKER_LIKE.test(text)) {
			errors.push(`line ${i + 1}: a marker is written [run]: # (clauses) or [file]: # (name)`);
		}
	}
	if (pending) errors.push(`line ${pending.line}: a [${pending.marker.kind}] marker must be directly above a code block`);
	for (const [index, block] of blocks.entries()) {
		const marker = block.marker;
		if (marker?.kind === 'run' && marker.expect.printsBelow) {
			const next = blocks[index + 1];
			if (next?.lang !== 'text') errors.push(`line ${block.markerLine}: "prints: below" needs a \`\`\`text block after the code`);
			else marker.expect.prints = next.code.split('\n').filter((line) => line.trim() !== '');
		}
	}
	return { blocks, errors };
}

function fileName(title: string): string {
	const name = title.trim();
	if (!/^[\w-]+(\/[\w-]+)*\.(ts|py|js|mjs)$/.test(name)) throw new Error(`"${name}" is not a file name like worker.ts`);
	return name;
}

type Piece = { literal: string } | { any: true } | { from: number; to: number };

const PLACEHOLDER = /<(\*|-?\d+(?:\.\d+)?\.\.-?\d+(?:\.\d+)?)>/g;

function pieces(pattern: string): Piece[] {
	const out: Piece[] = [];
	let last = 0;
	for (const match of pattern.matchAll(PLACEHOLDER)) {
		if (match.index > last) out.push({ literal: pattern.slice(last, match.index) });
		if (match[1] === '*') out.push({ any: true });
		else {
			const [from, to] = match[1]!.split('..').map(Number) as [number, number];
			out.push({ from, to });
		}
		last = match.index + match[0].length;
	}
	if (last < pattern.length) out.push({ literal: pattern.slice(last) });
	return out;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether one line of output fits a pattern: literal text, where `<*>` stands for any text and
 * `<500..900>` for a number from 500 to 900 (loose ranges for anything timing decides). Runs of
 * spaces count as one, so output aligned with extra spaces still matches.
 */
export function lineMatches(pattern: string, line: string): boolean {
	const squeeze = (text: string) => text.trim().replace(/\s+/g, ' ');
	pattern = squeeze(pattern);
	line = squeeze(line);
	const parts = pieces(pattern);
	const source = parts
		.map((part) => ('literal' in part ? escapeRegex(part.literal) : 'any' in part ? '(.*?)' : '(-?\\d+(?:\\.\\d+)?)'))
		.join('');
	const match = new RegExp(`^${source}$`).exec(line);
	if (!match) return false;
	let group = 1;
	for (const part of parts) {
		if ('literal' in part) continue;
		const value = match[group++]!;
		if ('from' in part) {
			const number = Number(value);
			if (number < part.from || number > part.to) return false;
		}
	}
	return true;
}

/** What is wrong with a program's standard output, measured against the patterns ([] when it fits). */
export function checkOutput(patterns: string[], stdout: string, anyOrder = false): string[] {
	const lines = stdout.split(/\r?\n/).filter((line) => line.trim() !== '');
	const shown = `output was:\n${lines.map((line) => `  | ${line}`).join('\n') || '  (nothing)'}`;
	if (lines.length !== patterns.length) {
		return [`expected ${patterns.length} line(s), got ${lines.length}; ${shown}`];
	}
	if (!anyOrder) {
		const problems = patterns.flatMap((pattern, i) =>
			lineMatches(pattern, lines[i]!) ? [] : [`line ${i + 1}: expected "${pattern}", got "${lines[i]}"`],
		);
		return problems.length > 0 ? [...problems, shown] : [];
	}
	// Any order: find a line for every pattern (a small backtracking search; examples print few lines).
	const used = new Array<boolean>(lines.length).fill(false);
	const assign = (p: number): boolean => {
		if (p === patterns.length) return true;
		for (let l = 0; l < lines.length; l++) {
			if (used[l] || !lineMatches(patterns[p]!, lines[l]!)) continue;
			used[l] = true;
			if (assign(p + 1)) return true;
			used[l] = false;
		}
		return false;
	};
	return assign(0) ? [] : [`the lines do not fit the patterns in any order (${patterns.join(' / ')}); ${shown}`];
}

/** Columns a line of code takes in the tutor (tabs are drawn as four spaces). */
export function codeColumns(line: string): number {
	return line.replace(/\t/g, '    ').length;
}
