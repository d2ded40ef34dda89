import { fork, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { checks, defineExercise, withinBudget, type RunResult } from 'conc-tutor/kit';

type Kind = 'polite' | 'stubborn';

interface ChildPlan {
	kind: Kind;
	/** polite: how long it takes to finish up after SIGTERM, ms (its own behaviour, not a budget). */
	cleanupMs: number;
}

interface Plan {
	children: ChildPlan[];
	/** The grace period passed to stopChild, ms before the run scales it to the machine. */
	graceMs: number;
}

/**
 * Three children per run, at least one of each kind, in an order that varies by seed; one grace period
 * for all of them (300–500 ms before scaling).
 */
export function plan(seed: number): Plan {
	let state = (seed * 2654435761 + 91) >>> 0;
	const next = (n: number) => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		return (state >>> 8) % n;
	};
	const kinds: Kind[] = ['polite', 'stubborn', next(2) === 0 ? 'polite' : 'stubborn'];
	for (let i = kinds.length - 1; i > 0; i--) {
		const j = next(i + 1);
		[kinds[i], kinds[j]] = [kinds[j]!, kinds[i]!];
	}
	const graceMs = 300 + next(201);
	return { children: kinds.map((kind) => ({ kind, cleanupMs: 40 + next(81) })), graceMs };
}

/**
 * The grader's test child, one program for every child of the run (test-child.ts in the learner's folder
 * shows the same behaviour). How it answers SIGTERM comes in its first message, so nothing in its file
 * name, its arguments or its environment tells a polite child from a stubborn one.
 */
const CHILD_SOURCE = `const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
process.once('message', async ({ stubborn, cleanupMs }) => {
	let stopping = false;
	process.on('SIGTERM', () => {
		stopping = true;
	});
	process.send('ready');
	if (stubborn) {
		setInterval(() => {}, 20);
		return;
	}
	while (!stopping) await sleep(20);
	await sleep(cleanupMs);
	process.exit(0);
});
`;
const CHILD_FILE = 'child.js';

/** How long past the grace period stopChild may take before the grader gives up on it, ms before scaling. */
const EXTRA_MS = 2000;
/** How soon SIGTERM must follow the call ("at once"), ms before scaling. */
const ASK_MS = 100;

interface Reported {
	pid?: number;
	ending?: { how?: unknown; code?: unknown; signal?: unknown } | 'pending';
}

interface Child extends ChildPlan {
	n: number;
	pid?: number;
	ending?: Reported['ending'];
	called: number;
	returned: number;
	exit?: { t: number; code: number | null; signal: string | null };
	/** Signals the solution sent this child, in order. */
	kills: Array<{ t: number; signal: string }>;
}

const mark = (run: RunResult, label: string) => run.trace.events.find((e) => e.type === 'mark' && e.label === label)?.t ?? Infinity;
const scaleOf = (run: RunResult) => Number(run.values.scale ?? 1);
/** The grace period this run passed to stopChild (scaled to the machine). */
const graceOf = (run: RunResult) => Number(run.values.graceMs ?? plan(run.seed).graceMs);

function childrenOf(run: RunResult): Child[] {
	const reported = (run.values.children ?? []) as Reported[];
	return plan(run.seed).children.map((c, i) => {
		const n = i + 1;
		const pid = reported[i]?.pid;
		const exit = run.trace.events.find((e) => e.type === 'child-exit' && e.pid === pid) as Child['exit'];
		const kills = run.trace.events.flatMap((e) => (e.type === 'kill' && e.pid === pid ? [{ t: e.t, signal: e.signal === '9' ? 'SIGKILL' : e.signal === '15' ? 'SIGTERM' : e.signal }] : []));
		return { ...c, n, pid, ending: reported[i]?.ending, called: mark(run, `child ${n}: stop called`), returned: mark(run, `child ${n}: stop returned`), exit, kills };
	});
}

const describe = (c: Child) => `child ${c.n} (${c.kind === 'polite' ? 'it exits on SIGTERM' : 'it ignores SIGTERM'})`;

/** A child's verdict: true, a sentence saying what is wrong, or an outcome (inconclusive, from withinBudget). */
type Verdict = true | string | Exclude<ReturnType<typeof withinBudget>, true>;

function everyChild(run: RunResult, kind: Kind | undefined, judge: (c: Child) => Verdict): Verdict {
	const all = childrenOf(run);
	if (all.some((c) => c.called === Infinity)) return 'stopChild was not called for every child (the run ended early)';
	for (const c of all) {
		if (kind && c.kind !== kind) continue;
		const verdict = judge(c);
		if (verdict !== true) return verdict;
	}
	return true;
}

export default defineExercise({
	// Room for stopChild calls that never finish: the scaled grace plus 2 s, at most 2.5 × 2.5 s.
	limits: { timeoutMs: 10_000 },
	async run(ctx) {
		const { stopChild } = await ctx.import('stop-child.ts');
		const { children, graceMs } = plan(ctx.seed);
		const scale = ctx.factor * Math.min(2.5, await ctx.pace());
		const grace = Math.round(graceMs * scale);
		ctx.report('scale', scale);
		ctx.report('graceMs', grace);
		const file = path.join(ctx.dir, CHILD_FILE);
		writeFileSync(file, CHILD_SOURCE);
		// Start every child and tell each how to behave; stopChild gets them only once all are ready.
		const started: ChildProcess[] = await Promise.all(
			children.map(async (c) => {
				const child = fork(file, [], { stdio: 'ignore' });
				await new Promise<void>((resolve, reject) => {
					child.once('error', reject);
					child.once('message', () => resolve());
					child.send({ stubborn: c.kind === 'stubborn', cleanupMs: c.cleanupMs });
				});
				return child;
			}),
		);
		const reported: Reported[] = started.map((child) => ({ pid: child.pid }));
		ctx.report('children', reported);
		// All at once, each with the same grace: one stopChild call must not depend on another.
		const calls = Promise.all(
			started.map(async (child, i) => {
				const n = i + 1;
				ctx.mark(`child ${n}: stop called`);
				reported[i]!.ending = await Promise.race([
					Promise.resolve(stopChild(child, grace)),
					ctx.sleep(grace + Math.round(EXTRA_MS * scale)).then(() => 'pending' as const),
				]);
				ctx.mark(`child ${n}: stop returned`);
			}),
		);
		// The grader's own timer for the grace period, set just after the solution's: on a busy machine both
		// fire late together, so a SIGKILL is timed against this mark rather than against the clock.
		void ctx.sleep(grace).then(() => ctx.mark('grace over'));
		await calls;
		ctx.report('children', reported);
	},
	checks: [
		checks.custom('sigterm-first', 'asks every child with SIGTERM first, at once', (run) => {
			const budget = Math.round(ASK_MS * scaleOf(run));
			return everyChild(run, undefined, (c) => {
				const first = c.kills[0];
				if (!first) return `${describe(c)} was never sent SIGTERM: ask politely first`;
				if (first.signal !== 'SIGTERM') return `${describe(c)} was sent ${first.signal} first; ask with SIGTERM first`;
				const after = Math.round(first.t - c.called);
				const verdict = withinBudget(run, after, budget, `${describe(c)} was sent SIGTERM ${after} ms after stopChild was called; send it at once (allowed: ${budget} ms)`);
				return verdict;
			});
		}, { hint: 0, timing: true }),
		checks.custom('polite-exits-itself', 'a child that stops on SIGTERM is left to exit by itself: no SIGKILL for it', (run) =>
			everyChild(run, 'polite', (c) => {
				if (c.kills.some((k) => k.signal === 'SIGKILL') || c.exit?.signal === 'SIGKILL') {
					return `${describe(c)} was sent SIGKILL, though it exits by itself well within the grace period: it was given no time to clean up, or the SIGKILL timer was never cancelled`;
				}
				if (!c.exit) return `${describe(c)} never exited`;
				return (c.exit.code === 0 && c.exit.signal === null) || `${describe(c)} ended with ${JSON.stringify({ code: c.exit.code, signal: c.exit.signal })}, not by exiting with code 0`;
			}), { hint: 0 }),
		checks.custom('no-signal-after-exit', 'sends no signal to a child that has already exited', (run) =>
			everyChild(run, undefined, (c) => {
				const late = c.exit ? c.kills.find((k) => k.t > c.exit!.t) : undefined;
				return !late || `${describe(c)} was sent ${late.signal} ${Math.round(late.t - c.exit!.t)} ms after it had exited: cancel the SIGKILL timer (clearTimeout) when the child exits. Its pid may already belong to another process`;
			}), { hint: 1 }),
		checks.custom('waits-grace', 'waits the grace period before SIGKILL', (run) => {
			const grace = graceOf(run);
			return everyChild(run, 'stubborn', (c) => {
				const kill = c.kills.find((k) => k.signal === 'SIGKILL');
				if (!kill) return true; // no SIGKILL at all: that is `escalates`
				const waited = Math.round(kill.t - c.called);
				// Timers may fire a millisecond early; never sooner.
				return waited >= grace - 5 || `${describe(c)} was sent SIGKILL ${waited} ms after stopChild was called; the grace period was ${grace} ms`;
			});
		}, { hint: 1 }),
		checks.custom('kills-on-time', 'sends SIGKILL when the grace period is over, not much later', (run) => {
			const grace = graceOf(run);
			const over = mark(run, 'grace over');
			// A quarter of the grace after the grader's own grace timer fired (both timers run late together on a
			// busy machine): room for a timer set a little later, never for a grace period of one's own.
			const slack = Math.round(grace / 4);
			return everyChild(run, 'stubborn', (c) => {
				const kill = c.kills.find((k) => k.signal === 'SIGKILL');
				if (!kill || over === Infinity) return true; // no SIGKILL at all: that is `escalates`
				const late = Math.round(kill.t - over);
				return late <= slack || `${describe(c)} was sent SIGKILL ${Math.round(kill.t - c.called)} ms after stopChild was called, ${late} ms after the grace period of ${grace} ms was over (allowed: ${slack} ms): use graceMs, not a delay of your own`;
			});
		}, { hint: 1, timing: true }),
		checks.custom('escalates', 'a child that ignores SIGTERM is ended with SIGKILL', (run) =>
			everyChild(run, 'stubborn', (c) => {
				if (c.ending === 'pending' || !c.exit) {
					return `${describe(c)}: stopChild had not finished ${((graceOf(run) + EXTRA_MS * scaleOf(run)) / 1000).toFixed(1)} s after it was called, and the child was still running: it ignores SIGTERM, so after the grace period only SIGKILL ends it`;
				}
				return c.exit.signal === 'SIGKILL' || `${describe(c)} ended with ${JSON.stringify({ code: c.exit.code, signal: c.exit.signal })}, not by SIGKILL`;
			}), { hint: 1 }),
		checks.custom('reports-how', 'resolves after the child has exited, saying how it ended', (run) =>
			everyChild(run, undefined, (c) => {
				const ending = c.ending;
				if (!c.exit || ending === 'pending' || ending === undefined) return `stopChild never resolved for ${describe(c)}`;
				if (c.returned < c.exit.t) return `stopChild resolved before ${describe(c)} had exited: wait for its 'exit' event (child.kill() only sends a signal)`;
				const want = { how: c.exit.signal === 'SIGKILL' ? 'killed' : 'graceful', code: c.exit.code, signal: c.exit.signal };
				const got = { how: ending?.how, code: ending?.code, signal: ending?.signal };
				if (JSON.stringify(got) !== JSON.stringify(want)) {
					return `for ${describe(c)}, stopChild resolved with ${JSON.stringify(got)}; it ended ${JSON.stringify(want)}`;
				}
				return true;
			}), { hint: 2 }),
		checks.noLeaks(),
	],
});
