import { checks, defineExercise } from 'conc-tutor/kit';

const LOCK = 'log';
/**
 * How long stop() may take at most, on an idle machine: one unit is ~15 ms, so this is a very generous
 * deadline. The run scales it by the machine's factor and its measured pace (reported as `deadlineMs`).
 */
const STOP_DEADLINE_MS = 1500;
/** How long the writer has to finish its first unit (a worker's start-up), idle machine; scaled the same way. */
const START_MS = 3000;

export default defineExercise({
	// Room for the scaled waits (at most 2.5 × (3 + 1.5) s) when the writer never begins or never stops.
	limits: { timeoutMs: 12_000 },
	async run(ctx) {
		const { Mutex } = await ctx.import('lab/mutex.ts');
		const { startWriter } = await ctx.import('writer.ts');
		const lock = Mutex.create(LOCK);
		const log = new SharedArrayBuffer(8);
		const counts = new Int32Array(log);
		const scale = ctx.factor * Math.min(2.5, await ctx.pace());
		const writer = startWriter(lock.handle, log);
		// Wait for the writer to have begun (its first unit finished) rather than assume it after a fixed
		// delay: a worker's start-up takes 60 ms on an idle machine and several times that on a busy one.
		const begun = await ctx.waitFor(() => Atomics.load(counts, 1) >= 1, START_MS * scale);
		ctx.mark(begun ? 'writer has begun' : 'writer never began');
		// Then let it write a few more units: stop() lands at a random point of some unit.
		await ctx.sleep(50 + ctx.randomInt(0, 100));
		ctx.mark('stop requested');
		const deadline = Math.round(STOP_DEADLINE_MS * scale);
		ctx.report('deadlineMs', deadline);
		const stopped = await Promise.race([
			Promise.resolve(writer.stop()).then(() => true),
			ctx.sleep(deadline).then(() => false),
		]);
		ctx.mark(stopped ? 'stop returned' : 'stop still pending');
		ctx.report('stopped', stopped);
		ctx.report('begun', Atomics.load(counts, 0));
		ctx.report('ended', Atomics.load(counts, 1));
		// Can anyone still use the log? A lock left locked by a thread that is gone says no.
		const free = lock.tryLock(0);
		if (free) lock.unlock();
		ctx.report('lockFree', free);
	},
	checks: [
		checks.custom('stops', `stop() resolves, after the worker has exited (within ${STOP_DEADLINE_MS / 1000} s)`, (run) => {
			const exited = run.trace.events.some((e) => e.type === 'worker-exit');
			if (run.values.stopped !== true) {
				const waited = Number(run.values.deadlineMs ?? STOP_DEADLINE_MS) / 1000;
				return `stop() had not resolved ${waited} s after it was called (a unit takes 15 ms): the worker ${exited ? 'exited, but stop() never resolved' : 'never noticed it was asked to stop'}`;
			}
			return exited || 'stop() resolved, but the worker thread had not exited';
		}, { hint: 0, timing: true }),
		checks.custom('no-terminate', 'never calls worker.terminate()', (run) =>
			!run.trace.events.some((e) => e.type === 'worker-terminate') ||
			'you called worker.terminate(): it kills the thread wherever it is, mid-unit and holding the lock',
		{ hint: 0 }),
		checks.custom('unit-complete', 'every unit of work that started was finished', (run) => {
			const { begun, ended } = run.values as { begun?: number; ended?: number };
			if (typeof begun !== 'number' || typeof ended !== 'number') return 'the log could not be read';
			if (ended < 1) return 'the writer never finished a single unit';
			return begun === ended || `${begun} units were started but only ${ended} finished: the worker was stopped in the middle of writing one`;
		}),
		checks.custom('lock-released', 'the worker released the lock before it ended', (run) => {
			let acquired = 0;
			let released = 0;
			for (const e of run.trace.events) {
				if ((e.type === 'lock-acquired' || e.type === 'lock-released') && e.lock === LOCK && e.threadId !== 0) {
					if (e.type === 'lock-acquired') acquired++;
					else released++;
				}
			}
			if (acquired === 0) return 'the worker never took the lock';
			if (acquired > released || run.values.lockFree !== true) {
				return `the worker took the lock ${acquired} times but released it ${released} times: it is still locked, so anyone else who needs the log would wait forever`;
			}
			return true;
		}, { hint: 1 }),
		checks.workers({ exact: 1 }),
		checks.noLeaks(),
	],
});
