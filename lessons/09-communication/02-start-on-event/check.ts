import { checks, defineExercise, type RunResult } from 'conc-tutor/kit';

const RUNNERS = 4;
const HOLD_MS = 400; // how long the grader waits, with every runner ready, before it sets the event
const DEADLINE_MS = 3000;

const markAt = (run: RunResult, label: string) => run.trace.events.find((e) => e.type === 'mark' && e.label === label)?.t;

/** CPU (ms) the worker lanes used between two instants, from the grader's /proc samples. */
function workerCpuBetween(run: RunResult, from: number, to: number): number {
	const cpuAt = (samples: Array<[number, number]>, t: number) => {
		let cpu = samples[0]?.[1] ?? 0; // a lane first seen after t counts from its first sample
		for (const [time, value] of samples) {
			if (time > t) break;
			cpu = value;
		}
		return cpu;
	};
	return run.trace.lanes
		.filter((lane) => lane.name.startsWith('worker'))
		.reduce((sum, lane) => sum + cpuAt(lane.samples, to) - cpuAt(lane.samples, from), 0);
}

export default defineExercise({
	limits: { timeoutMs: 10_000 },
	async run(ctx) {
		const { ThreadEvent } = await ctx.import('event.ts');
		const { startRunners } = await ctx.import('runners.ts');

		// The event on its own, on this (main) thread.
		const e = ThreadEvent.create();
		const api: Record<string, boolean> = {};
		api.setAtFirst = e.isSet();
		api.waitTimesOut = e.wait(30);
		e.set();
		api.setAfterSet = e.isSet();
		api.waitWhenSet = e.wait(1000);
		e.clear();
		api.setAfterClear = e.isSet();
		api.waitAfterClear = e.wait(20);
		ctx.report('api', api);

		// The race: four runners wait for the start; the grader decides when it is.
		const start = ThreadEvent.create();
		const board = new SharedArrayBuffer(4);
		const team = startRunners(RUNNERS, start, board);
		team.finished.catch(() => {});
		await team.ready;
		ctx.mark('all ready');
		await ctx.sleep(HOLD_MS);
		ctx.report('runningBeforeSet', Atomics.load(new Int32Array(board), 0));
		ctx.mark('event set');
		start.set();
		const places = await Promise.race([team.finished, ctx.sleep(DEADLINE_MS).then(() => null)]);
		ctx.report('places', places);
		ctx.report('runningAfterSet', Atomics.load(new Int32Array(board), 0));
	},
	checks: [
		checks.equal(
			'event-api',
			'isSet, set, clear and wait behave like threading.Event',
			'api',
			{ setAtFirst: false, waitTimesOut: false, setAfterSet: true, waitWhenSet: true, setAfterClear: false, waitAfterClear: false },
			{ hint: 0 },
		),
		checks.custom(
			'none-before-event',
			'no runner starts before the event is set',
			(run) => {
				const early = run.values.runningBeforeSet;
				if (typeof early !== 'number') return 'the race never got to the start: see the other checks';
				if (early > 0) return `${early} of ${RUNNERS} runners had already started ${HOLD_MS} ms after they were ready, before the event was set: wait() did not wait`;
				// Seen from outside too: before the event, each runner may have posted only its "ready".
				const setAt = markAt(run, 'event set') ?? Infinity;
				const created = new Set(run.trace.events.filter((e) => e.type === 'worker-created').map((e) => (e as { threadId: number }).threadId));
				const before = run.trace.events.filter((e) => e.type === 'message' && e.to === 0 && created.has(e.from) && e.t < setAt).length;
				return before <= RUNNERS || `runners posted ${before} messages before the event was set; only ${RUNNERS} "ready" messages were expected`;
			},
			{ hint: 1 },
		),
		checks.custom(
			'all-start',
			'once the event is set, every runner starts',
			(run) => {
				const after = run.values.runningAfterSet;
				if (run.values.places === null || after !== RUNNERS) {
					return `${DEADLINE_MS / 1000} s after the event was set, ${typeof after === 'number' ? after : 'no'} of ${RUNNERS} runners had started: set() must wake every waiting thread`;
				}
				return true;
			},
			{ hint: 2 },
		),
		checks.custom(
			'sleeps-while-waiting',
			'waiting runners sleep instead of spinning',
			(run) => {
				const ready = markAt(run, 'all ready');
				const set = markAt(run, 'event set');
				if (ready === undefined || set === undefined) return 'the race never got to the start: see the other checks';
				const from = ready + 100;
				const cpu = workerCpuBetween(run, from, set);
				const allowed = 0.25 * (set - from);
				return cpu <= allowed
					? { status: 'pass', message: `the waiting runners used ${Math.round(cpu)} ms of CPU in ${Math.round(set - from)} ms` }
					: `while waiting for the event, the runners used ${Math.round(cpu)} ms of CPU in ${Math.round(set - from)} ms: they were spinning, not sleeping (Atomics.wait sleeps)`;
			},
			{ timing: true, hint: 1 },
		),
		checks.workers({ exact: RUNNERS }),
		checks.noLeaks(),
	],
});
