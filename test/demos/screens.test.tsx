// The demo screens rendered with ink-testing-library, driving real engines with small parameters:
// keys as a person types them, frames compared without escape codes, and no worker left behind.
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { liveDemoWorkers } from '../../source/demos/workers.js';
import { DeadlockScreen } from '../../source/ui/demos/deadlock.js';
import { GilLabScreen } from '../../source/ui/demos/gil-lab.js';
import { RaceScreen } from '../../source/ui/demos/race.js';
import { SchedulerGameScreen } from '../../source/ui/demos/scheduler-game.js';
import { demos } from '../../source/ui/demos/index.js';
import { TheatreScreen } from '../../source/ui/demos/theatre.js';
import { noWorkersLeft } from '../helpers/demo-workers.js';
import { fits, flat, frame, KEY, lineWith, press, showing, until } from '../helpers/frames.js';

afterEach(async () => {
	cleanup();
	await noWorkersLeft();
});


describe('theatre screen', () => {
	const options = { people: 3, checkWork: 1_000_000 };

	it('runs one checker, then two, and compares them', async () => {
		const onExit = vi.fn();
		const app = render(<TheatreScreen onExit={onExit} columns={80} rows={24} options={options} />);
		const first = await showing(app, 'Press Enter to open the door');
		expect(flat(first)).toContain('One checker · one thread');
		expect(lineWith(first, 'One checker')).toContain('· waiting');
		expect(flat(first)).toContain('VIP      V1 V2 V3');
		fits(first, 24, 80);

		await press(app, KEY.enter);
		const afterOne = await showing(app, 'Press Enter to hire a second checker');
		expect(lineWith(afterOne, 'One checker')).toContain('✓ done');
		expect(flat(afterOne)).toContain('checked  V1 R1 V2 R2 V3 R3');
		expect(flat(afterOne)).toContain('at once: 1');

		await press(app, KEY.space);
		const both = await showing(app, 'as long');
		expect(lineWith(both, 'Two checkers ·')).toContain('✓ done');
		expect(flat(both)).toContain('at once: 2');
		expect(flat(both)).toContain('r run again · q back');
		fits(both, 24, 80);

		await press(app, 'q');
		expect(onExit).toHaveBeenCalledTimes(1);
	});

	it('r starts over with a new engine, ending the running one', async () => {
		const app = render(<TheatreScreen onExit={() => {}} columns={80} rows={24} options={{ people: 40, checkWork: 3_000_000 }} />);
		await showing(app, 'Press Enter');
		await press(app, KEY.enter);
		await showing(app, 'checking V');
		expect(liveDemoWorkers()).toBe(1);
		await press(app, 'r');
		await until(app, (current) => flat(current).includes('Press Enter to open the door') && !current.includes('▶ checking'), 'a fresh start');
		await noWorkersLeft();
	});

	it('leaving the screen mid-run ends its workers', async () => {
		const app = render(<TheatreScreen onExit={() => {}} columns={80} rows={24} options={{ people: 40, checkWork: 3_000_000 }} />);
		await showing(app, 'Press Enter');
		await press(app, KEY.enter);
		await showing(app, 'checking V');
		app.unmount();
		await noWorkersLeft();
	});
});

describe('GIL lab screen', () => {
	it('runs async, gil and free in turn, each with its wall time and CPU ratio', async () => {
		const app = render(<GilLabScreen onExit={() => {}} columns={80} rows={24} options={{ limit: 300_000, slices: 10, sampleMs: 20 }} />);
		const first = await showing(app, 'Count the primes below 300,000 in 4 chunks');
		fits(first, 24, 80);
		await press(app, KEY.enter);
		await until(app, (current) => lineWith(current, 'async ·').includes('✓ done'), 'async done');
		await press(app, KEY.enter);
		await until(app, (current) => lineWith(current, 'gil ·').includes('✓ done'), 'gil done');
		await press(app, KEY.enter);
		const last = await showing(app, '25,997 primes all three ways');
		expect(last.match(/CPU÷wall \d+\.\d\d/g)).toHaveLength(3);
		expect(last.match(/threads computing at once: 1/g)).toHaveLength(2);
		expect(flat(last)).toMatch(/Free workers (kept|computed)/);
		fits(last, 24, 80);
	});
});

describe('race screen', () => {
	it('shows updates lost with counter[0]++ and none with Atomics.add', async () => {
		const app = render(<RaceScreen onExit={() => {}} columns={80} rows={24} options={{ rounds: 3, burst: 2_000_000, roundGapMs: 0 }} />);
		const first = await showing(app, 'the total must be 12,000,000');
		fits(first, 24, 80);
		await press(app, KEY.enter);
		// Losing updates is timing: on a busy machine the two workers may not overlap, and the screen says
		// so ("No update lost this time"). A person presses r and Enter to race again; so does the test, a few times.
		const LOST = 'Press Enter to run the same with Atomics.add';
		const NONE = 'No update lost this time';
		const raced = (current: string) => flat(current).includes(LOST) || flat(current).includes(NONE);
		let racy = await until(app, raced, `"${LOST}" or "${NONE}"`);
		for (let race = 1; race < 15 && !flat(racy).includes(LOST); race++) {
			expect(flat(racy)).toContain('Press r and then Enter to race again');
			await press(app, 'r');
			await showing(app, 'Press Enter to race.');
			await press(app, KEY.enter);
			racy = await until(app, raced, 'another race');
		}
		expect(flat(racy)).toContain(LOST);
		expect(lineWith(racy, 'expected')).toContain('12,000,000');
		expect(lineWith(racy, 'lost')).toMatch(/✗ \d+\.\d% lost, in [1-3] of 3 rounds/);
		await press(app, KEY.enter);
		const done = await showing(app, 'Atomics.add: all 12,000,000 counted');
		expect(flat(done)).toContain('✓ none lost');
		fits(done, 24, 80);
	});
});

describe('deadlock screen', () => {
	it('draws the wait-for graph when the workers stick, then completes with one lock order', async () => {
		const app = render(<DeadlockScreen onExit={() => {}} columns={80} rows={24} options={{ rounds: 2, holdMs: 30, watchMs: 20 }} />);
		await showing(app, 'Press Enter to start');
		await press(app, KEY.enter);
		const stuck = await showing(app, 'Stuck for good');
		expect(flat(stuck)).toContain('worker 1 ──waits for──▶ B ──held by──▶ worker 2');
		expect(flat(stuck)).toContain('└──held by── A ◀──waits for');
		expect(flat(stuck)).toContain('worker 1 holds A, waits for B · worker 2 holds B, waits for A');
		expect(stuck.match(/■ terminated/g)).toHaveLength(2);
		fits(stuck, 24, 80);
		await noWorkersLeft();
		await press(app, KEY.enter);
		const done = await showing(app, 'a cycle cannot form');
		expect(lineWith(done, 'One order')).toContain('✓ completed');
		expect(done.match(/2 of 2 rounds +✓ done/g)).toHaveLength(2);
		fits(done, 24, 80);
	});
});

describe('be the scheduler', () => {
	it('goal 1: an interleaving that loses an update is announced', async () => {
		const app = render(<SchedulerGameScreen onExit={() => {}} columns={80} rows={24} />);
		await showing(app, 'Goal 1 of 2');
		await press(app, '1', '2', '1', '1', '2', '2');
		const lost = await showing(app, 'Lost update!');
		expect(flat(lost)).toContain('shared counter = 1');
		expect(flat(lost)).toContain('Steps: t1 read 0 · t2 read 0 · t1 add → 1 · t1 write 1 · t2 add → 1 · t2 write 1');
		expect(flat(lost)).toContain('goal 1 ✓');
		fits(lost, 24, 80);
	});

	it('one thread after the other keeps both updates, and r starts over', async () => {
		const app = render(<SchedulerGameScreen onExit={() => {}} columns={80} rows={24} />);
		await showing(app, 'Goal 1 of 2');
		await press(app, '2', '2', '2', '1', '1', '1');
		expect(flat(await showing(app, 'nothing lost this time'))).toContain('18 of the 20 possible orders lose an update');
		await press(app, 'r');
		expect(flat(await showing(app, 'Steps: –'))).toContain('shared counter = 0');
	});

	it('goal 2: a blocked thread refuses to step, and every interleaving ends with 2', async () => {
		const app = render(<SchedulerGameScreen onExit={() => {}} columns={80} rows={24} />);
		await showing(app, 'Goal 1 of 2');
		await press(app, KEY.enter);
		await showing(app, 'Goal 2 of 2');
		await press(app, '2', '1');
		const refused = await showing(app, '■ thread 1 is blocked: thread 2 holds the lock.');
		expect(lineWith(refused, 'thread 1  (key 1)')).toContain('■ blocked');
		expect(flat(refused)).toContain('lock: held by thread 2');
		expect(flat(refused)).toContain('Steps: t2 lock');
		await press(app, '2', '2', '2', '2', '1', '1', '1', '1', '1');
		const done = await showing(app, 'All 2 interleavings end with 2');
		expect(flat(done)).toContain('shared counter = 2');
		expect(flat(done)).toContain('Without the lock, 18 of 20 lost an update');
		fits(done, 24, 80);
	});

	it('Esc leaves; with exitKeys off, q and Esc are left to the App; inactive, no key is taken', async () => {
		const onExit = vi.fn();
		const app = render(<SchedulerGameScreen onExit={onExit} columns={80} rows={24} />);
		await showing(app, 'Goal 1');
		await press(app, KEY.escape);
		await until(app, () => onExit.mock.calls.length === 1, 'onExit');
		app.rerender(<SchedulerGameScreen onExit={onExit} columns={80} rows={24} exitKeys={false} />);
		await press(app, 'q', KEY.escape);
		expect(onExit).toHaveBeenCalledTimes(1);
		app.rerender(<SchedulerGameScreen onExit={onExit} columns={80} rows={24} isActive={false} />);
		await press(app, '1', 'q');
		expect(frame(app)).toContain('Steps: –');
		expect(onExit).toHaveBeenCalledTimes(1);
	});

	it('fits wider terminals too', async () => {
		const app = render(<SchedulerGameScreen onExit={() => {}} columns={120} rows={30} program="locked" />);
		fits(await showing(app, 'Goal 2 of 2'), 30, 120);
	});
});

describe('be the scheduler, typed fast', () => {
	it('keys sent in one burst each take one step', async () => {
		const app = render(<SchedulerGameScreen onExit={() => {}} columns={80} rows={24} />);
		await showing(app, 'Goal 1 of 2');
		await press(app, '1');
		// Three steps of thread 2 in one write, as a key repeat or a fast typist sends them.
		for (const key of ['2', '2', '2']) app.stdin.write(key);
		const current = await showing(app, 'Steps: t1 read 0 · t2 read 0 · t2 add → 1 · t2 write 1');
		expect(current).toContain('shared counter = 1');
	});
});

describe('demo registry', () => {
	it('renders every registered demo at 80×24 with its keys in the footer', async () => {
		for (const [id, entry] of Object.entries(demos)) {
			const Screen = entry.component;
			const app = render(<Screen onExit={() => {}} columns={80} rows={24} />);
			const current = await showing(app, entry.title);
			fits(current, 24, 80);
			expect(current, id).toMatch(/q back/);
			app.unmount();
		}
		await noWorkersLeft();
	});
});
