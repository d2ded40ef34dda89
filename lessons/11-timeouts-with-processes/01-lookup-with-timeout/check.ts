import { checks, defineExercise, withinBudget, type RunResult } from 'conc-tutor/kit';
import { behaviourOf } from '../../_lab/fake-resolver.ts';

/**
 * The time limit given to lookup() on an idle machine. A busy machine makes every fork slow (0.4–1.9 s
 * measured at load 6–12, against ~0.12 s idle), so the run scales it by the machine's factor and the pace
 * it measures, up to MAX_SCALE, and stretches the slow names' delay by the same (CONC_TUTOR_LAB_PACE).
 */
const TIMEOUT = 1000;
/** How late a lookup may settle after its time limit: killing a process and seeing it exit takes a moment. */
const GRACE = 700;
/** The run must still fit its own time limit (15 s × factor): two lookups in turn, each up to the limit. */
const MAX_SCALE = 4;

/** The budgets this run used (reported by run()), or the idle ones. */
function budgets(run: { values: Record<string, unknown> }): { timeout: number; grace: number } {
	const b = run.values.budgets as { timeout?: number; grace?: number } | undefined;
	return { timeout: b?.timeout ?? TIMEOUT, grace: b?.grace ?? GRACE };
}

const WORDS = ['alpha', 'bravo', 'cargo', 'delta', 'ember', 'fjord', 'gamma', 'harbor', 'indigo', 'juniper', 'kilo', 'lumen'];

/**
 * The names for a seed: a slow one and then a fast one, one after the other; and, at the same time as
 * those two, three looked up together (a fast, a slow and a hanging one, in a seeded order).
 */
function names(seed: number): { together: string[]; oneByOne: string[] } {
	const found = { fast: [] as string[], slow: [] as string[], hang: [] as string[] };
	for (let i = 0; found.fast.length < 2 || found.slow.length < 2 || found.hang.length < 1; i++) {
		const n = (seed * 7919 + i * 104729) % 1_000_003;
		const name = `${WORDS[n % WORDS.length]}-${n % 997}.example`;
		const { kind } = behaviourOf(name);
		if (!Object.values(found).flat().includes(name)) found[kind].push(name);
	}
	const together = [found.fast[0]!, found.slow[0]!, found.hang[0]!];
	for (let i = together.length - 1; i > 0; i--) {
		const j = (seed + i * 31) % (i + 1);
		[together[i], together[j]] = [together[j]!, together[i]!];
	}
	return { together, oneByOne: [found.slow[1]!, found.fast[1]!] };
}

interface Result {
	name: string;
	/** The address, null, or the text of an error. */
	value?: string | null;
	error?: string;
	pending?: true;
	ms: number;
}

function describe(result: Result): string {
	if (result.pending) return 'had not settled';
	if (result.error !== undefined) return `rejected (${result.error})`;
	return `gave ${JSON.stringify(result.value)}`;
}

/**
 * A fast name gave null. With a fork slower than the whole limit that can be the machine — but only if
 * the lookup really waited out its limit, every lookup had its own child (a shared or reused child can
 * be busy with another name: the code's doing), and the machine was busy and kept the run's threads
 * waiting for a core for at least half the limit. Otherwise it is a fail.
 */
function nullForFast(run: RunResult, result: Result, message: string) {
	const { timeout } = budgets(run);
	if (result.ms < timeout || run.trace.processes.started < allResults(run).length) return message;
	return withinBudget(run, timeout * 1.5, timeout, message);
}

function allResults(run: { values: Record<string, unknown> }): Result[] {
	return [...((run.values.oneByOne as Result[]) ?? []), ...((run.values.together as Result[]) ?? [])];
}

export default defineExercise({
	limits: { timeoutMs: 15_000 },
	async run(ctx) {
		const { lookup } = await ctx.import('lookup.ts');
		const scale = Math.min(MAX_SCALE * ctx.factor, ctx.factor * (await ctx.pace()));
		const timeout = Math.round(TIMEOUT * scale);
		const grace = Math.round(GRACE * scale);
		// Slow names stay slower than the limit: the child processes inherit this.
		process.env.CONC_TUTOR_LAB_PACE = String(timeout / TIMEOUT);
		ctx.report('budgets', { timeout, grace });
		const timed = async (name: string): Promise<Result> => {
			const started = Date.now();
			const settled = Promise.resolve()
				.then(() => lookup(name, timeout))
				.then(
					(value: unknown) => ({ name, value: value as string | null, ms: Date.now() - started }),
					(error: unknown) => ({ name, error: String((error as Error)?.message ?? error), ms: Date.now() - started }),
				);
			const late = ctx.sleep(timeout + 1500 * scale).then(() => ({ name, pending: true as const, ms: Date.now() - started }));
			return Promise.race([settled, late]);
		};
		const { together, oneByOne } = names(ctx.seed);
		const sequence = (async () => {
			const results: Result[] = [];
			for (const name of oneByOne) results.push(await timed(name));
			return results;
		})();
		const [inTurn, atOnce] = await Promise.all([sequence, Promise.all(together.map(timed))]);
		ctx.report('oneByOne', inTurn);
		ctx.report('together', atOnce);
	},
	checks: [
		checks.custom('right-answers', 'a name that answers in time gets its own address', (run) => {
			const results = allResults(run);
			if (results.length === 0) return 'your code never produced any result';
			for (const result of results) {
				const { kind, address } = behaviourOf(result.name);
				if (kind !== 'fast') continue;
				if (result.value === address) continue;
				const owner = results.find((other) => other.name !== result.name && behaviourOf(other.name).address === result.value);
				if (owner) {
					return `lookup("${result.name}") gave ${result.value}, which is the address of "${owner.name}": a late answer to an earlier question was taken as the answer to this one`;
				}
				const message = `lookup("${result.name}") answers within 80 ms with ${address}, but your lookup ${describe(result)}`;
				// Null for a fast name: the child did not answer within the limit. The machine may be blamed only
				// if it was busy and delayed the run by at least the whole limit (a fork that slow).
				if (result.value === null) return nullForFast(run as RunResult, result, message);
				return message;
			}
			return true;
		}, { hint: 3, timing: true }),
		checks.custom('falls-back', 'a name that does not answer in time gives null', (run) => {
			for (const result of allResults(run)) {
				const { kind, address } = behaviourOf(result.name);
				if (kind === 'fast' || result.pending || result.value === null) continue;
				const what = kind === 'slow' ? 'answers only after 1.5 × the limit' : 'never answers';
				const late = result.value === address ? ' — the late answer was kept' : '';
				return `lookup("${result.name}") ${what}, so with a ${budgets(run).timeout} ms limit it must give null; it ${describe(result)}${late}`;
			}
			return true;
		}, { hint: 0 }),
		checks.custom('on-time', `every lookup settles within the time limit (${TIMEOUT} ms, plus ${GRACE} ms to end the child; longer on a busy machine)`, (run) => {
			const results = allResults(run);
			if (results.length === 0) return 'your code never produced any result';
			const { timeout, grace } = budgets(run);
			// Never settling is the code's doing, however busy the machine: no inconclusive for that.
			const stuck = results.find((result) => result.pending);
			if (stuck) return `lookup("${stuck.name}", ${timeout}) had still not settled ${stuck.ms} ms later: nothing stopped waiting for a lookup that hangs`;
			const slowest = results.reduce((a, b) => (b.ms > a.ms ? b : a));
			return withinBudget(run, slowest.ms, timeout + grace, `lookup("${slowest.name}", ${timeout}) took ${slowest.ms} ms: it kept waiting past its deadline`);
		}, { hint: 1, timing: true }),
		checks.processes({ atLeast: 1, atMost: 6 }, { title: 'does each lookup in a child process (at most one per lookup)', hint: 0 }),
		checks.noLeaks({ hint: 2 }),
	],
});
