import { checks, defineExercise, type RunResult } from 'conc-tutor/kit';

/** 2–5 steps and an exit code of 2–9 (never 0 or 1: 1 is what terminate() gives). */
const inputFor = (seed: number) => ({ steps: 2 + (seed % 4), exitCode: 2 + (Math.floor(seed / 4) % 8) });

interface Recorded {
	event: string;
	threadId?: number;
	data?: unknown;
	code?: number;
}

const recorded = (run: RunResult): Recorded[] => {
	const value = run.values.events;
	if (!Array.isArray(value)) throw new Error(`recordLifecycle resolved with ${JSON.stringify(value)}, not an array of events`);
	return value as Recorded[];
};

export default defineExercise({
	limits: { timeoutMs: 5000 },
	async run(ctx) {
		const { recordLifecycle } = await ctx.import('lifecycle.ts');
		const { steps, exitCode } = inputFor(ctx.seed);
		ctx.report('events', await recordLifecycle(steps, exitCode));
	},
	checks: [
		checks.custom('lifecycle-order', 'records created → online → every message → exit, in order', (run) => {
			const { steps } = inputFor(run.seed);
			const want = ['created', 'online', ...Array<string>(steps).fill('message'), 'exit'];
			const got = recorded(run).map((e) => e?.event);
			if (got.join() === want.join()) return true;
			const i = want.findIndex((w, k) => got[k] !== w);
			const what = i >= got.length ? `the list ends after ${got.length} events` : `event no. ${i + 1} is "${got[i]}"`;
			return `expected ${want.join(' → ')}; ${what} (you recorded: ${got.join(' → ') || 'nothing'})`;
		}, { hint: 0 }),
		checks.custom('messages', 'records the messages the worker sent, in order', (run) => {
			const { steps } = inputFor(run.seed);
			const want = Array.from({ length: steps }, (_, i) => `step ${i + 1}`);
			const got = recorded(run).filter((e) => e?.event === 'message').map((e) => e.data);
			return JSON.stringify(got) === JSON.stringify(want) || `expected messages ${JSON.stringify(want)}, got ${JSON.stringify(got)}`;
		}),
		checks.custom('thread-id', 'the created event has the worker\'s threadId', (run) => {
			const created = run.trace.events.flatMap((e) => (e.type === 'worker-created' ? [e.threadId] : []));
			const got = recorded(run).find((e) => e?.event === 'created')?.threadId;
			return (created.length === 1 && got === created[0]) || `recorded threadId ${JSON.stringify(got)}; the worker that ran had threadId ${created.join(', ') || '(none)'}`;
		}),
		checks.custom('exit-code', 'records the exit code the worker itself chose', (run) => {
			const { exitCode } = inputFor(run.seed);
			const exits = run.trace.events.flatMap((e) => (e.type === 'worker-exit' ? [e] : []));
			const terminated = run.trace.events.some((e) => e.type === 'worker-terminate');
			const got = recorded(run).find((e) => e?.event === 'exit')?.code;
			if (got === undefined) return 'no exit event was recorded';
			if (exits.length === 1 && got !== exits[0]!.code) return `recorded exit code ${got}, but the worker exited with ${exits[0]!.code}`;
			if (got !== exitCode) {
				return `recorded exit code ${got}; the worker exits with ${exitCode} when it is allowed to finish${terminated ? ' (you called terminate(), which ends it with code 1)' : ''}`;
			}
			return true;
		}, { hint: 1 }),
		checks.workers({ exact: 1 }),
		checks.noLeaks(),
	],
});
