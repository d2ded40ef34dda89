import { checks, defineExercise } from 'conc-tutor/kit';
import { behaviourOf } from '../../_lab/fake-resolver.ts';

const TIMEOUT = 1000;
/** How late a lookup may settle after its time limit: killing a process and seeing it exit takes a moment. */
const GRACE = 700;

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

function allResults(run: { values: Record<string, unknown> }): Result[] {
	return [...((run.values.oneByOne as Result[]) ?? []), ...((run.values.together as Result[]) ?? [])];
}

export default defineExercise({
	limits: { timeoutMs: 15_000 },
	async run(ctx) {
		const { lookup } = await ctx.import('lookup.ts');
		const timed = async (name: string): Promise<Result> => {
			const started = Date.now();
			const settled = Promise.resolve()
				.then(() => lookup(name, TIMEOUT))
				.then(
					(value: unknown) => ({ name, value: value as string | null, ms: Date.now() - started }),
					(error: unknown) => ({ name, error: String((error as Error)?.message ?? error), ms: Date.now() - started }),
				);
			const late = ctx.sleep(TIMEOUT + 1500).then(() => ({ name, pending: true as const, ms: Date.now() - started }));
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
				return `lookup("${result.name}") answers within 80 ms with ${address}, but your lookup ${describe(result)}`;
			}
			return true;
		}, { hint: 3 }),
		checks.custom('falls-back', 'a name that does not answer in time gives null', (run) => {
			for (const result of allResults(run)) {
				const { kind, address } = behaviourOf(result.name);
				if (kind === 'fast' || result.pending || result.value === null) continue;
				const what = kind === 'slow' ? 'answers only after 1.5 s' : 'never answers';
				const late = result.value === address ? ' — the late answer was kept' : '';
				return `lookup("${result.name}") ${what}, so with an ${TIMEOUT} ms limit it must give null; it ${describe(result)}${late}`;
			}
			return true;
		}, { hint: 0 }),
		checks.custom('on-time', `every lookup settles within the time limit (${TIMEOUT} ms, plus ${GRACE} ms to end the child)`, (run) => {
			const results = allResults(run);
			if (results.length === 0) return 'your code never produced any result';
			const stuck = results.find((result) => result.pending);
			if (stuck) return `lookup("${stuck.name}", ${TIMEOUT}) had still not settled ${stuck.ms} ms later: nothing stopped waiting for a lookup that hangs`;
			const slow = results.find((result) => result.ms > TIMEOUT + GRACE);
			if (slow) return `lookup("${slow.name}", ${TIMEOUT}) took ${slow.ms} ms: it kept waiting past its deadline`;
			return true;
		}, { hint: 1, timing: true }),
		checks.processes({ atLeast: 1, atMost: 6 }, { title: 'does each lookup in a child process (at most one per lookup)', hint: 0 }),
		checks.noLeaks({ hint: 2 }),
	],
});
