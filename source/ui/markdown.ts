// Lesson Markdown to terminal rows: marked parses, marked-terminal styles (headings keep their "#"
// prefix so structure survives NO_COLOR, and code is highlighted by cli-highlight), wrapText makes
// every row fit. Loaded with a dynamic import: the home screen's first frame does not need it.
import { Marked, type MarkedExtension, type Tokens } from 'marked';
import { markedTerminal } from 'marked-terminal';
import { renderTable } from './table.js';
import { wrapLine, wrapText } from './wrap.js';

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
				const cell = (item: Tokens.TableCell) => this.parser.parseInline(item.tokens).replace(/\s*\n\s*/g, ' ');
				const lines = renderTable(token.header.map(cell), token.rows.map((row) => row.map(cell)), width - TAB);
				return `${lines.map((line) => ' '.repeat(TAB) + line).join('\n')}\n\n`;
			},
		},
	};
}

/**
 * marked-terminal prints the text of a tight list item raw: "**bold**" stays starred, and the
 * author's line breaks stay in the middle of sentences (mikaelbr/marked-terminal#304, #371). Render
 * its inline Markdown and reflow it to the width left beside the bullet. Returning false hands every
 * other text token back to marked-terminal.
 */
function listItemText(width: number): MarkedExtension {
	return {
		renderer: {
			text(token) {
				if (!('tokens' in token) || !token.tokens) return false;
				const inline = this.parser.parseInline(token.tokens);
				return wrapLine(inline.replace(/[ \t]*\n[ \t]*/g, ' '), Math.max(10, width - LIST_INDENT)).join('\n');
			},
		},
	};
}

const renderers = new Map<number, Marked>();

function rendererFor(width: number): Marked {
	let marked = renderers.get(width);
	if (!marked) {
		marked = new Marked(markedTerminal({ width, reflowText: true, tab: 2, showSectionPrefix: true }), listItemText(width), fittedTables(width));
		renderers.set(width, marked);
	}
	return marked;
}

/** Renders Markdown into rows no wider than `width`, with at most one blank row in a row. */
export function renderMarkdown(markdown: string, width: number): string[] {
	const safeWidth = Math.max(20, width);
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
