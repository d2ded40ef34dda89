import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { checks, cpuBounds, defineExercise, fairness, inconclusive, type RunResult } from 'conc-tutor/kit';
import { HELPERS } from '../_atomics-mutex-helpers.js';

/** Moves per writer, from the seed: each one a round in which both writers race for the lock at the same instant. */
const movesOf = (seed: number) => 300 + (seed % 201);
/** How long the holder keeps the lock while the waiter waits for it, ms, before the machine's factor. */
const HOLD_MS = 500;
/** A waiter that sleeps uses a few tens of ms of CPU (starting up); one that spins uses most of the hold. */
const MAX_WAITER_CPU_MS = 150;
/** A sleeping waiter is runnable (state R) in almost no /proc sample of its wait; a spinning one in most. */
const MAX_RUNNABLE_SHARE = 0.5;
/** Looks inside the wait that the runnable rule needs before a share means anything. */
const MIN_LOOKS = 5;

const startBalance = (seed: number) => 1_000_000 + (seed % 1000);

/** What a and b must be after both writers' moves, whatever order the moves happened in. */
function expectedBooks(seed: number): [number, number] {
	let a = startBalance(seed);
	for (let j = 0; j < movesOf(seed); j++) a += -(1 + ((seed + j) % 7)) + (1 + ((seed + j) % 5));
	return [a, 2 * startBalance(seed) - a];
}

/** The waiter's lane, and the /proc samples taken between its call to lock() and the holder's unlock(). */
function waitSamples(run: RunResult) {
	const lane = run.trace.lanes.find((l) => l.threadId === run.values.waiterThread);
	const mark = (label: string) => run.trace.events.find((e) => e.type === 'mark' && e.label === label)?.t;
	const from = mark('waiter calls lock()');
	const to = mark('holder calls unlock()');
	const samples = lane && from !== undefined && to !== undefined ? lane.samples.filter(([t]) => t > from && t < to) : [];
	return { lane, samples, from, to };
}

export default defineExercise({
	limits: { timeoutMs: 6000 },
	async run(ctx) {
		// The grader's own copies of the helper workers (the same code as the starter's), over the learner's.
		for (const [file, code] of Object.entries(HELPERS)) writeFileSync(path.join(ctx.dir, file), code);
		const start = (file: string, workerData: unknown) => {
			const worker = new Worker(path.join(ctx.dir, file), { workerData });
			const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
			const messages: unknown[] = [];
			worker.on('message', (m) => messages.push(m));
			const errors: unknown[] = [];
			worker.once('error', (e) => errors.push(e));
			/** The first message that `is` accepts; rejects when the worker fails first. */
			const next = async (is: (m: unknown) => boolean) => {
				await ctx.waitFor(() => messages.some(is) || errors.length > 0, 30_000 * ctx.factor);
				if (errors.length) throw errors[0];
				return messages.find(is) as never;
			};
			return { worker, next, exited };
		};
		const moves = movesOf(ctx.seed);

		// Part 1: two writers and an auditor share one lock, under noise.
		const lock = new SharedArrayBuffer(4);
		const watch = new SharedArrayBuffer(12);
		const books = new SharedArrayBuffer(8);
		const sync = new SharedArrayBuffer(16);
		const view = new Int32Array(books);
		view[0] = view[1] = startBalance(ctx.seed);
		ctx.mark('writers and auditor start');
		const writers = [0, 1].map((writer) =>
			start('transfer-worker.js', { lock, watch, books, sync, writer, moves, seed: ctx.seed, parties: 3 }),
		);
		const auditor = start('audit-worker.js', { lock, watch, books, sync, total: 2 * startBalance(ctx.seed), writers: 2, parties: 3 });
		await Promise.all(writers.map((w) => w.next(() => true)));
		const audit = await auditor.next(() => true);
		await Promise.all([...writers, auditor].map((w) => w.exited));
		ctx.report('books', [view[0], view[1]]);
		ctx.report('audit', { audits: audit.audits, unbalanced: audit.unbalanced });
		ctx.report('plainWrites', Atomics.load(new Int32Array(watch), 2));

		// Part 2: one thread holds the lock; another waits for it.
		const holdMs = Math.round(HOLD_MS * ctx.factor);
		const lock2 = new SharedArrayBuffer(4);
		const inside = new SharedArrayBuffer(8);
		const calls = new SharedArrayBuffer(16);
		const holder = start('hold-worker.js', { role: 'holder', lock: lock2, inside, holdMs, calls });
		await holder.next((m) => m === 'locked');
		ctx.mark('holder has the lock');
		const waiter = start('hold-worker.js', { role: 'waiter', lock: lock2, inside, holdMs, calls });
		ctx.report('waiterThread', waiter.worker.threadId);
		await waiter.next((m) => m === 'locking');
		ctx.mark('waiter calls lock()');
		await holder.next((m) => m === 'unlocking');
		ctx.mark('holder calls unlock()');
		const waited = await waiter.next((m) => typeof m === 'object' && m !== null);
		ctx.mark('waiter has the lock');
		ctx.report('waiter', waited);
		const [waits, timedOut, notifies, otherWaits] = new Int32Array(calls);
		ctx.report('calls', { waits, timedOut, notifies, otherWaits });
		await Promise.all([holder.exited, waiter.exited]);
	},
	checks: [
		checks.custom(
			'invariant',
			'a + b never changes: no move is lost, and nobody sees a move half done',
			(run) => {
				const books = run.values.books as [number, number] | undefined;
				const audit = run.values.audit as { audits: number; unbalanced: number } | undefined;
				if (!books || !audit) return 'the writers and the auditor did not report';
				const [a, b] = expectedBooks(run.seed);
				const total = 2 * startBalance(run.seed);
				if (books[0] + books[1] !== total) {
					return `a + b ended at ${books[0] + books[1]} instead of ${total}: two writers were inside the lock at the same time and one overwrote the other's move`;
				}
				if (books[0] !== a || books[1] !== b) return `the books ended at a = ${books[0]}, b = ${books[1]}; expected a = ${a}, b = ${b}: moves were lost`;
				if (audit.unbalanced > 0) {
					return `the auditor held the lock and still saw a + b ≠ ${total} in ${audit.unbalanced} of ${audit.audits} audits: it got in while a writer was halfway through a move`;
				}
				return { status: 'pass', message: `books balance after ${movesOf(run.seed)} moves each; ${audit.audits} audits, all balanced` };
			},
			{ hint: 0 },
		),
		checks.value(
			'waits-for-holder',
			'a waiter gets the lock only after the holder releases it',
			'waiter',
			(w: { holderInside: boolean }) => !w.holderInside || 'the waiter got the lock while the holder still had it',
			{ hint: 0 },
		),
		checks.custom(
			'waiter-sleeps',
			`a waiting thread sleeps (under ${MAX_WAITER_CPU_MS} ms of CPU, and hardly ever runnable, while the holder keeps the lock)`,
			(run) => {
				const { lane, samples, from, to } = waitSamples(run);
				if (!lane || from === undefined || to === undefined) return 'the waiter thread was not seen';
				const cpu = Math.round(lane.cpuMs);
				const runnable = samples.filter(([, , r]) => r === 1).length;
				const spun = `it spun instead of sleeping in Atomics.wait`;
				if (cpu >= MAX_WAITER_CPU_MS) return `the waiter used ${cpu} ms of CPU while it waited for the lock: ${spun}`;
				// On a busy machine a spinning waiter gets little CPU, but it wants a core all the time.
				if (samples.length >= MIN_LOOKS) {
					if (runnable / samples.length > MAX_RUNNABLE_SHARE) {
						return `the waiter wanted a core in ${runnable} of ${samples.length} readings while it waited for the lock: ${spun}`;
					}
				} else {
					// Too few looks for the runnable rule, and the CPU reading stops at the last look: a spinner the
					// sampler lost sight of early would pass on it. What the wait can have used decides.
					const most = Math.round(cpuBounds(lane, from, to)[1]);
					if (most >= MAX_WAITER_CPU_MS) {
						const f = fairness(run);
						const unseen = `the grader looked at the waiter only ${samples.length} times in its ${Math.round(to - from)} ms wait, so it may have used up to ${most} ms of CPU in it`;
						return f.busy ? inconclusive(f.evidence, unseen) : `${unseen}: ${spun}`;
					}
				}
				return { status: 'pass', message: `the waiter used ${cpu} ms of CPU, runnable in ${runnable} of ${samples.length} readings while it waited` };
			},
			{ hint: 1, timing: true, observesThreads: true },
		),
		checks.value(
			'woken-by-unlock',
			"a waiting thread sleeps until unlock() wakes it (Atomics.notify), instead of waking now and then to look",
			'calls',
			(c: { waits: number; timedOut: number; notifies: number; otherWaits: number }) => {
				if (c.otherWaits > 0) return `lock() slept ${c.otherWaits} times on memory other than the lock: it naps and looks again instead of waiting for the lock's own wake-up`;
				if (c.timedOut > 0) return `the waiter's Atomics.wait on the lock timed out ${c.timedOut} times: it polls with a timeout instead of sleeping until unlock() notifies it`;
				if (c.notifies === 0) return 'unlock() never called Atomics.notify on the lock: a sleeping waiter is only woken by a notify';
				if (c.waits > 3) return `the waiter went to sleep ${c.waits} times while one holder kept the lock: something wakes it without a release`;
				return { status: 'pass', message: `the waiter slept ${c.waits} time${c.waits === 1 ? '' : 's'} and was woken by unlock()` };
			},
			{ hint: 2 },
		),
		checks.value(
			'atomics-only',
			"every access to the lock's state goes through Atomics",
			'plainWrites',
			(n: number) => n === 0 || `the lock's state changed ${n} times without an Atomics call (a plain state[0] = …): other threads may not see such a write in time, and it is no step of an indivisible take`,
			{ hint: 0 },
		),
		checks.noLeaks(),
	],
});
