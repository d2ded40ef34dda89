// Lesson Markdown to terminal rows: marked parses, marked-terminal styles (code is highlighted by
// cli-highlight), our wrapLine breaks prose at spaces only, and wrapText makes every row fit. Without
// colour, structure is kept in plain characters: headings are underlined, inline code keeps its
// backticks. Loaded with a dynamic import: the home screen's first frame does not need it.
import { Marked, type MarkedExtension, type Tokens } from 'marked';
import { markedTerminal } from 'marked-terminal';
import { renderTable } from './table.js';
import { visibleWidth, wrapLine, wrapText } from './wrap.js';

/** Prose wider than this is hard to read: the text keeps this measure on wide terminals. */
const MEASURE = 100;

/** What each fenced block's language is called above it: the lessons set Python beside Node. */
const LANGUAGES: Record<string, string> = {
	python: 'Python',
	py: 'Python',
	ts: 'Node / TypeScript',
	typescript: 'Node / TypeScript',
	js: 'Node / JavaScript',
	javascript: 'Node / JavaScript',
	sh: 'Shell',
	bash: 'Shell',
	shell: 'Shell',
};

/** marked-terminal hides ':' in inline code behind this, and puts it back only in its own paragraphs. */
const COLON_STAND_IN = '*#COLON|*';
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** Inline text as a reader should see it: no stand-ins, no HTML entities, one line. */
function tidy(inline: string): string {
	return inline
		.replaceAll(COLON_STAND_IN, ':')
		.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]!)
		.replace(/[ \t]*\n[ \t]*/g, ' ');
}

const hasStyle = (text: string) => text.includes('\u001B[');

/** Columns a top-level list item's text is indented by: marked-terminal's tab (2) and the bullet (2). */
const LIST_INDENT = 4;

/** The indent marked-terminal gives block elements (its `tab` option). */
const TAB = 2;

/**
 * marked-terminal draws tables as wide as their content, which fall apart when wrapped at 80
 * columns; renderTable fits them to the width instead.
 */
function fittedTables(width: number): MarkedExtension {
	return {
		renderer: {
			table(token) {
				const cell = (item: Tokens.TableCell) => tidy(this.parser.parseInline(item.tokens));
				const lines = renderTable(token.header.map(cell), token.rows.map((row) => row.map(cell)), width - TAB);
				return `${lines.map((line) => ' '.repeat(TAB) + line).join('\n')}\n\n`;
			},
		},
	};
}

/**
 * Prose is laid out here, not by marked-terminal, whose reflow breaks wherever styling starts or ends
 * (a lone "." could open a row after inline code) and which prints a tight list item's text raw
 * ("**bold**" stays starred: mikaelbr/marked-terminal#304, #371). Each paragraph and list item is
 * rendered inline, made one line and wrapped at spaces to the width left for it.
 */
function prose(width: number, terminal: ReturnType<typeof markedTerminal>): MarkedExtension {
	const renderer = terminal.renderer as Record<string, (this: unknown, token: unknown) => string>;
	/** Whether marked-terminal styles at all here (NO_COLOR, FORCE_COLOR=0, or no terminal: it does not). */
	let plain: boolean | undefined;
	const isPlain = (self: unknown) => (plain ??= !hasStyle(renderer.codespan!.call(self, { type: 'codespan', raw: '`x`', text: 'x' })));
	return {
		renderer: {
			paragraph(token) {
				return `${wrapLine(tidy(this.parser.parseInline(token.tokens)), width - TAB).map((row) => ' '.repeat(TAB) + row).join('\n')}\n\n`;
			},
			text(token) {
				if (!('tokens' in token) || !token.tokens) return false;
				return wrapLine(tidy(this.parser.parseInline(token.tokens)), Math.max(10, width - LIST_INDENT)).join('\n');
			},
			codespan(token) {
				if (!isPlain(this)) return false;
				// Code that holds a backtick needs a longer fence, and spaces where it starts or ends with one.
				const fence = token.text.includes('`') ? '``' : '`';
				const pad = /^`|`$/.test(token.text) ? ' ' : '';
				return `${fence}${pad}${token.text}${pad}${fence}`;
			},
			heading(token) {
				if (!isPlain(this)) return false;
				const rows = wrapLine(tidy(this.parser.parseInline(token.tokens)), width);
				const rule = token.depth === 1 ? '═' : token.depth === 2 ? '─' : '';
				const underline = rule ? `\n${rule.repeat(Math.max(...rows.map(visibleWidth)))}` : '';
				return `${rows.join('\n')}${underline}\n\n`;
			},
			code(token) {
				const block = renderer.code!.call(this, token);
				const label = LANGUAGES[(token.lang ?? '').trim().split(/\s+/)[0]!.toLowerCase()];
				if (!label) return block;
				return `${' '.repeat(TAB)}${isPlain(this) ? `[${label}]` : `\u001B[2m${label}\u001B[22m`}\n${block}`;
			},
		},
	};
}

const renderers = new Map<number, Marked>();

function rendererFor(width: number): Marked {
	let marked = renderers.get(width);
	if (!marked) {
		const terminal = markedTerminal({ width, reflowText: true, tab: TAB, showSectionPrefix: false });
		marked = new Marked(terminal, prose(width, terminal), fittedTables(width));
		renderers.set(width, marked);
	}
	return marked;
}

/** Renders Markdown into rows no wider than `width` (nor the measure), with at most one blank row in a row. */
export function renderMarkdown(markdown: string, width: number): string[] {
	const safeWidth = Math.min(MEASURE, Math.max(20, width));
	const rendered = rendererFor(safeWidth).parse(markdown, { async: false });
	const rows = wrapText(rendered, safeWidth);
	const compact: string[] = [];
	for (const row of rows) {
		const blank = row.replace(/\u001B\[[0-9;]*m/g, '').trim() === '';
		if (blank && (compact.length === 0 || compact[compact.length - 1] === '')) continue;
		compact.push(blank ? '' : row.trimEnd());
	}
	while (compact.length > 0 && compact[compact.length - 1] === '') compact.pop();
	return compact;
}
