import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { checks, defineExercise } from 'conc-tutor/kit';

/** Moves per writer: each one a round in which both writers race for the lock at the same instant. */
const MOVES = 400;
/** How long the holder keeps the lock while the waiter waits for it, ms. */
const HOLD_MS = 800;
/** A waiter that sleeps uses a few tens of ms of CPU (starting up); one that spins uses most of HOLD_MS. */
const MAX_WAITER_CPU_MS = 150;

const startBalance = (seed: number) => 1_000_000 + (seed % 1000);

/** What a and b must be after both writers' moves, whatever order the moves happened in. */
function expectedBooks(seed: number): [number, number] {
	let a = startBalance(seed);
	for (let j = 0; j < MOVES; j++) a += -(1 + ((seed + j) % 7)) + (1 + ((seed + j) % 5));
	return [a, 2 * startBalance(seed) - a];
}

export default defineExercise({
	limits: { timeoutMs: 6000 },
	async run(ctx) {
		const start = (file: string, workerData: unknown) => {
			const worker = new Worker(path.join(ctx.dir, file), { workerData });
			const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
			const answer = new Promise<any>((resolve, reject) => {
				worker.once('message', resolve);
				worker.once('error', reject);
			});
			return { worker, answer, exited };
		};

		// Part 1: two writers and an auditor share one lock.
		const lock = new SharedArrayBuffer(4);
		const books = new SharedArrayBuffer(8);
		const sync = new SharedArrayBuffer(16);
		const view = new Int32Array(books);
		view[0] = view[1] = startBalance(ctx.seed);
		ctx.mark('writers and auditor start');
		const writers = [0, 1].map((writer) =>
			start('transfer-worker.js', { lock, books, sync, writer, moves: MOVES, seed: ctx.seed, parties: 3 }),
		);
		const auditor = start('audit-worker.js', { lock, books, sync, total: 2 * startBalance(ctx.seed), writers: 2, parties: 3 });
		await Promise.all(writers.map((w) => w.answer));
		const audit = await auditor.answer;
		await Promise.all([...writers, auditor].map((w) => w.exited));
		ctx.report('books', [view[0], view[1]]);
		ctx.report('audit', { audits: audit.audits, unbalanced: audit.unbalanced });

		// Part 2: one thread holds the lock for HOLD_MS; another waits for it.
		const lock2 = new SharedArrayBuffer(4);
		const inside = new SharedArrayBuffer(8);
		const holder = start('hold-worker.js', { role: 'holder', lock: lock2, inside, holdMs: HOLD_MS });
		await holder.answer;
		ctx.mark('holder has the lock');
		const waiter = start('hold-worker.js', { role: 'waiter', lock: lock2, inside, holdMs: HOLD_MS });
		ctx.report('waiterThread', waiter.worker.threadId);
		const waited = await waiter.answer;
		ctx.mark('waiter has the lock');
		ctx.report('waiter', waited);
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
				return { status: 'pass', message: `books balance after ${MOVES} moves each; ${audit.audits} audits, all balanced` };
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
			`a waiting thread sleeps (under ${MAX_WAITER_CPU_MS} ms of CPU while it waits ${HOLD_MS} ms)`,
			(run) => {
				const id = run.values.waiterThread;
				const lane = run.trace.lanes.find((l) => l.threadId === id);
				if (!lane) return 'the waiter thread was not seen';
				const cpu = Math.round(lane.cpuMs);
				return cpu < MAX_WAITER_CPU_MS
					? { status: 'pass', message: `the waiter used ${cpu} ms of CPU` }
					: `the waiter used ${cpu} ms of CPU while it waited about ${HOLD_MS - 50} ms for the lock: it spun instead of sleeping in Atomics.wait`;
			},
			{ hint: 1, timing: true },
		),
		checks.noLeaks(),
	],
});
