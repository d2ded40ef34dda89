// The exercise screen's words without rendering: verdicts, check lines that fit, which hint comes
// next, neighbours across lessons, the timeline and solution views, and how the editor is started.
import { describe, expect, it } from 'vitest';
import { duration } from '../../source/duration.js';
import { matchingHint, nextHint } from '../../source/exercise/index.js';
import { loadPack } from '../../source/lessons/load.js';
import { editorCommand, editorInvocation } from '../../source/ui/editor.js';
import {
	editLine,
	neighbours,
	resultCheckLines,
	resultSection,
	solutionLines,
	spinnerFrame,
	statusText,
	timelineLines,
	verdictLine,
} from '../../source/ui/exercise-view.js';
import { shellPack } from '../helpers/paths.js';
import { entry, verdict } from '../helpers/fake-model.js';

const pack = loadPack(shellPack);
const hello = pack.lessons[0]!.exercises[0]!;

const failing = verdict('fail', [
	{ id: 'compiles', title: 'your TypeScript parses (type errors only warn)', status: 'pass', message: 'compiled' },
	{ id: 'greets', title: 'greets by name', status: 'fail', message: "expected 'hello, ada' but got undefined", hint: 1 },
	{ id: 'hidden-1', title: 'a hidden check', status: 'skip', message: 'not checked', hidden: true },
]);
const passing = verdict('pass', [{ id: 'greets', title: 'greets by name', status: 'pass', message: 'hello, ada' }]);

describe('status and verdict', () => {
	it('says the status in words, with attempts and hints', () => {
		expect(statusText(hello, undefined)).toBe('· not started');
		expect(statusText(hello, entry({ attempts: 3, hintsShown: 1 }))).toBe('… attempted · 3 attempts · 1 of 2 hints seen');
		expect(statusText(hello, entry({ status: 'passed', attempts: 1 }))).toBe('✓ passed · 1 attempt');
	});

	it('gives every loop state a line that starts with a symbol', () => {
		expect(verdictLine({ kind: 'idle' }, false)).toBe('Watching your files: save to grade · Enter grades now');
		expect(verdictLine({ kind: 'idle' }, true)).toContain('(polling)');
		expect(verdictLine({ kind: 'done', result: failing, trigger: 'save' }, false)).toBe('✗ Not yet: 1 of 3 checks failed (1.2 s)');
		expect(verdictLine({ kind: 'done', result: passing, trigger: 'manual' }, false)).toBe('✓ Passed! The check passes (1.2 s) · progress saved');
		expect(verdictLine({ kind: 'error', message: 'no esbuild' }, false)).toBe('! The grader could not run: no esbuild');
	});

	it('turns the spinner every 100 ms', () => {
		expect(spinnerFrame(0)).not.toBe(spinnerFrame(100));
		expect(spinnerFrame(0)).toBe(spinnerFrame(1000));
	});

	it('says every duration one way: ms under a second, else seconds to one decimal (issue 17)', () => {
		expect([42, 999.6, 1000, 1234, 10_000, 61_049].map(duration)).toEqual(['42 ms', '1 s', '1 s', '1.2 s', '10 s', '61 s']);
	});
});

describe('results', () => {
	it('lists every check with ✓ ✗ – and wraps long messages under the title, within the width', () => {
		const long = verdict('fail', [{ id: 'workers', title: 'every worker busy at once', status: 'fail', message: 'word '.repeat(40).trim() }]);
		const lines = resultCheckLines(long, 60);
		expect(lines[0]).toMatch(/^ {2}✗ workers {2}every worker busy at once$/);
		expect(lines.length).toBeGreaterThan(3);
		for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
		for (const line of lines.slice(1)) expect(line.startsWith(' '.repeat(13))).toBe(true);
	});

	it("offers the failed check's own hint, then the next unseen one, then says all are shown", () => {
		expect(matchingHint(hello, failing)).toBe(1);
		expect(nextHint(hello, [], failing)).toBe(1);
		expect(nextHint(hello, [1], failing)).toBe(0);
		expect(nextHint(hello, [0, 1], failing)).toBeUndefined();
		expect(nextHint(hello, [])).toBe(0);
		expect(matchingHint(hello, passing)).toBeUndefined();
		const section = resultSection({ result: failing, trigger: 'save', at: new Date(2026, 0, 1, 12, 3, 4) }, hello, [], undefined, 80);
		expect(section[0]).toMatch(/^── ✗ Result of your save at 12:03:04 ─+$/);
		expect(section).toContain("› h: hint 2 of 2, for 'greets'");
		expect(section).toContain('› t: what your threads did (timeline)');
		const allShown = resultSection({ result: failing, trigger: 'save', at: new Date() }, hello, [0, 1], undefined, 80);
		expect(allShown).toContain('› every hint is shown below');
	});

	it('on a pass: a celebration, the next exercise offered, or the end of the course', () => {
		const next = neighbours(pack, 'hello').next;
		const section = resultSection({ result: passing, trigger: 'manual', at: new Date() }, hello, [], next, 80);
		expect(section[0]).toContain('✓ Passed · your files at');
		expect(section).toContain('Well done: every check passes, and your progress is saved.');
		expect(section).toContain('› n: next exercise, "Count in a worker"');
		const last = resultSection({ result: passing, trigger: 'manual', at: new Date() }, hello, [], undefined, 80);
		expect(last).toContain('› That was the last exercise: you have done the course!');
	});
});

describe('the files to edit', () => {
	it('shows the whole path when it fits, else keeps the file name and gives up the start', () => {
		expect(editLine(['/w/01-a/ex/a.ts', '/w/01-a/ex/b.ts'], 80)).toBe('Edit /w/01-a/ex/a.ts (also b.ts)');
		const long = '/home/ada/projects/conc-tutor-work/01-concurrency-vs-parallelism/two-ticket-checkers/theatre.ts';
		const line = editLine([long], 78);
		expect(line).toBe('Edit …/01-concurrency-vs-parallelism/two-ticket-checkers/theatre.ts');
		expect(line.length).toBeLessThanOrEqual(78);
		expect(editLine([long, '/x/helper.ts'], 40)).toMatch(/^Edit …\/.*theatre\.ts \(also helper\.ts\)$/);
		expect(editLine([long, '/x/helper.ts'], 40).length).toBeLessThanOrEqual(40);
	});
});

describe('neighbours', () => {
	it('walks the exercises across lessons, with nothing before the first or after the last', () => {
		expect(neighbours(pack, 'hello').previous).toBeUndefined();
		expect(neighbours(pack, 'count-up').next).toMatchObject({ lessonId: 'shared-state', index: 0 });
		expect(neighbours(pack, 'count-up').next?.exercise.id).toBe('locked-counter');
		expect(neighbours(pack, 'locked-counter').previous?.exercise.id).toBe('count-up');
		expect(neighbours(pack, 'locked-counter').next).toBeUndefined();
		expect(neighbours(pack, 'nope')).toEqual({});
	});
});

describe('views', () => {
	it('draws the timeline of the run at the given width, with a heading and the legend', () => {
		for (const width of [78, 118]) {
			const lines = timelineLines({ result: failing, trigger: 'save', at: new Date(2026, 0, 1, 9, 0, 0) }, width);
			expect(lines[0]).toBe('Run at 09:00:00 · ✗ failed · seed 7 · 1.2 s');
			expect(lines.some((line) => line.startsWith('main'))).toBe(true);
			expect(lines.some((line) => line.startsWith('worker 1'))).toBe(true);
			expect(lines.join('\n')).toContain('busy');
			for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
		}
		const none = timelineLines({ result: { ...failing, trace: null }, trigger: 'manual', at: new Date() }, 78);
		expect(none.at(-1)).toContain('left no timeline');
	});

	it('shows each solution file under a rule, tabs as spaces, long lines wrapped', () => {
		const lines = solutionLines([{ file: 'a.ts', text: `\texport const a = 1;\n${'x'.repeat(100)}\n` }], 60);
		expect(lines).toContain(`── a.ts ${'─'.repeat(52)}`);
		expect(lines).toContain('  export const a = 1;');
		for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
		expect(solutionLines([], 60)).toContain('This exercise has no reference solution.');
	});
});

describe('the editor', () => {
	it('uses $VISUAL, then $EDITOR, ignoring blank values', () => {
		expect(editorCommand({ VISUAL: 'code --wait', EDITOR: 'vim' })).toBe('code --wait');
		expect(editorCommand({ VISUAL: '  ', EDITOR: 'vim' })).toBe('vim');
		expect(editorCommand({})).toBeUndefined();
	});

	it('runs the command through the shell with the file as an argument, never pasted into the command', () => {
		expect(editorInvocation('emacs -nw', "/tmp/it's here/sum.ts", 'linux')).toEqual({
			cmd: '/bin/sh',
			args: ['-c', 'emacs -nw "$1"', 'sh', "/tmp/it's here/sum.ts"],
			shell: false,
		});
	});
});
