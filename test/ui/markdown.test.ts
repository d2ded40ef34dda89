// Lesson Markdown in the terminal (issue 18, items 4 and 6), as it renders without colour (NO_COLOR, or no
// terminal): structure survives in plain characters, nothing of the renderer's internals leaks, and prose
// keeps a readable measure.
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../source/ui/markdown.js';
import { visibleWidth } from '../../source/ui/wrap.js';

const render = (markdown: string, width = 80) => renderMarkdown(markdown, width).join('\n');

describe('renderMarkdown without colour', () => {
	it('labels each code block with its language, Python apart from Node', () => {
		const text = render('Compare:\n\n```python\nprint(1)\n```\n\n```ts\nconsole.log(1);\n```\n\n```text\n1\n```\n');
		expect(text).toMatch(/\[Python\]\n\s+print\(1\)/);
		expect(text).toMatch(/\[Node \/ TypeScript\]\n\s+console\.log\(1\);/);
		// Program output is not a language: no label.
		expect(text).not.toMatch(/\[[^\]]*\]\n\s+1$/m);
	});

	it('shows headings without their # markers, underlined by level', () => {
		expect(render('# Race conditions\n\n## In Node\n\n### Detail\n\ntext')).toBe('Race conditions\n═══════════════\n\nIn Node\n───────\n\nDetail\n\n  text');
	});

	it('keeps the backticks of inline code, so "times `times`" does not read "times times"', () => {
		expect(render('Run it a few `times` times.')).toBe('  Run it a few `times` times.');
	});

	it('never leaks marked-terminal\'s stand-in for a colon, in prose or in a table', () => {
		const text = render('Use `with lock:` here.\n\n| Python | Node |\n|---|---|\n| `with lock:` | `try`/`finally` |\n');
		expect(text).not.toContain('COLON');
		expect(text.match(/`with lock:`/g)).toHaveLength(2);
	});

	it('never splits an identifier in a table cell when the column can hold it whole', () => {
		const table = '| | Python | Node |\n|---|---|---|\n| pool of processes | `concurrent.futures.ProcessPoolExecutor` | a pool of `child_process.fork()` children you write |\n';
		const text = render(table, 80);
		expect(text).toContain('`concurrent.futures.ProcessPoolExecutor`');
		for (const row of text.split('\n')) expect(visibleWidth(row)).toBeLessThanOrEqual(80);
	});

	it('never starts a row with the punctuation that followed inline code', () => {
		const prose = Array.from({ length: 30 }, (_, i) => `word${i} \`code${i}\`.`).join(' ');
		for (const width of [30, 41, 57, 80]) {
			const rows = renderMarkdown(prose, width);
			expect(rows.filter((row) => /^\s*[.,;:]/.test(row))).toEqual([]);
		}
	});

	it('keeps prose to a measure of 100 columns on a wide terminal', () => {
		const rows = renderMarkdown(Array.from({ length: 80 }, () => 'word').join(' '), 160);
		expect(Math.max(...rows.map(visibleWidth))).toBeLessThanOrEqual(100);
		expect(Math.max(...rows.map(visibleWidth))).toBeGreaterThan(90);
	});
});
