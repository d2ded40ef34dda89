import { ChildProcess, fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checks, defineExercise, withinBudget, type RunResult } from 'conc-tutor/kit';
import { behaviourOf } from '../../_lab/fake-resolver.ts';
import { addressOf, saltOf } from '../_addresses.ts';

/**
/*
 * The salt of this run's resolver (saltOf): the grader runs its own copy of resolver-child.js, which sets
 * it before any lookup, so every address is one only a resolver child can give (the lab's behaviourOf
 * tells no address, and the parent process has no salt).
 */
const addressFor = (run: { seed: number }, name: string) => addressOf(name, saltOf(run.seed));

/**
 * The grader's resolver-child.js: resolver-child.ts, with the run's salt and a log line per name. A slow
 * name is answered by a timer instead of a blocking wait, and when the child is told to end (by any
 * signal it can catch) before that, it blurts out its late answer on the way out: the parent must not
 * take it. (SIGKILL it cannot catch: see lateAnswersOnSigkill.)
 */
function graderResolver(salt: string, logFile: string, slowAnswers: Record<string, string>): string {
	return `// The grader's copy of resolver-child.js: the same protocol, with this run's salt and a log.
import { appendFileSync } from 'node:fs';
import { behaviourOf, lookupBlocking } from './lab/fake-resolver.js';
process.env.CONC_TUTOR_LAB_SALT = ${JSON.stringify(salt)};
const SLOW = ${JSON.stringify(slowAnswers)};
process.on('message', (message) => {
	const name = String(message);
	appendFileSync(${JSON.stringify(logFile)}, JSON.stringify({ pid: process.pid, name, at: Date.now() }) + '\\n');
	if (!(name in SLOW)) {
		process.send(lookupBlocking(name));
		return;
	}
	const timer = setTimeout(() => process.send(SLOW[name]), behaviourOf(name).delayMs);
	const blurt = () => {
		clearTimeout(timer);
		process.send(SLOW[name], () => process.exit(0));
	};
	for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT']) process.once(signal, blurt);
});
`;
}

/** The grader's own, taken before the solution loads (it may replace the global). */
const later = setImmediate;

/**
 * A slow name's child killed with SIGKILL cannot blurt out its late answer itself, so the grader delivers
 * it for the child, as an answer that was already on its way when the kill came: after the code that
 * killed it has run to its end, and before the child's exit (or disconnect) is told. Only to a child that
 * got a slow name (by the resolver's log) and is still connected, once. Returns the undo.
 */
function lateAnswersOnSigkill(slow: Record<string, string>, logFile: string): () => void {
	const proto = ChildProcess.prototype;
	const { kill } = proto;
	const answered = new WeakSet<ChildProcess>();
	const nameOf = (pid: number | undefined) => readResolverLog(logFile).find((line) => line.pid === pid)?.name;
	proto.kill = function (this: ChildProcess, signal?: NodeJS.Signals | number) {
		const name = (signal === 'SIGKILL' || signal === 9) && this.connected && !answered.has(this) ? nameOf(this.pid) : undefined;
		if (name !== undefined && name in slow) {
			answered.add(this);
			const emit = this.emit;
			const held: unknown[][] = [];
			this.emit = function (this: ChildProcess, ...args: Parameters<typeof emit>) {
				if (['exit', 'close', 'disconnect'].includes(String(args[0]))) return held.push(args) > 0;
				return Reflect.apply(emit, this, args);
			} as typeof emit;
			later(() => {
				this.emit = emit;
				this.emit('message', slow[name]);
				for (const args of held) Reflect.apply(emit, this, args);
			});
		}
		return Reflect.apply(kill, this, [signal]);
	};
	return () => {
		proto.kill = kill;
	};
}

interface ResolverLogLine {
	pid: number;
	name: string;
	at: number;
}

/** The lines the grader's resolver children have logged so far: which child got which name. */
const readResolverLog = (logFile: string): ResolverLogLine[] =>
	readFileSync(logFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as ResolverLogLine);

/**
 * The least time limit given to the lookups made one after the other, idle. A busy machine makes every
 * fork slow (0.4–1.9 s measured at load 6–12, against ~0.12 s idle): the run measures a fork and a first
 * answer, two at once, and scales every limit so that this one is at least 3 × that (and the factor);
 * it stretches the slow names' delay by the same (CONC_TUTOR_LAB_PACE), so a slow name stays slower.
 */
const TIMEOUT = 400;
/** How late a lookup may settle after its time limit: killing a process and seeing it exit takes a moment. */
const GRACE = 250;
/**
 * The three names looked up together get a longer limit, later than TIMEOUT + GRACE: no one limit of the
 * code's own can be on time for both. Slow names (1500-1700 ms) stay slower than it.
 */
const TOGETHER = 800;
/** The run must still fit its own time limit (15 s × factor): two lookups in turn, each up to the limit. */
const MAX_SCALE = 4;

/** The budgets this run used (reported by run()), or the idle ones. */
function budgets(run: { values: Record<string, unknown> }): { grace: number } {
	const b = run.values.budgets as { grace?: number } | undefined;
	return { grace: b?.grace ?? GRACE };
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
	/** The timeoutMs it was called with. */
	limit: number;
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
	if (result.ms < result.limit || run.trace.processes.started < allResults(run).length) return message;
	return withinBudget(run, result.limit * 1.5, result.limit, message);
}

const markAt = (run: RunResult, label: string) => run.trace.events.find((e) => e.type === 'mark' && e.label === label)?.t;

function allResults(run: { values: Record<string, unknown> }): Result[] {
	return [...((run.values.oneByOne as Result[]) ?? []), ...((run.values.together as Result[]) ?? [])];
}

export default defineExercise({
	limits: { timeoutMs: 15_000 },
	async run(ctx) {
		const { lookup } = await ctx.import('lookup.ts');
		const logFile = path.join(ctx.dir, `grader-resolver-${Math.floor(ctx.random() * 1e9)}.log`);
		writeFileSync(logFile, '');
		const all = Object.values(names(ctx.seed)).flat();
		const slow = Object.fromEntries(all.filter((name) => behaviourOf(name).kind === 'slow').map((name) => [name, addressOf(name, saltOf(ctx.seed))]));
		writeFileSync(path.join(ctx.dir, 'resolver-child.js'), graderResolver(saltOf(ctx.seed), logFile, slow));
		// A fork and a first answer, two at once, now: what a busy machine slows. The limit derives from it.
		const probeStart = Date.now();
		const fastName = names(ctx.seed).oneByOne[1]!;
		await Promise.all([0, 1].map(() => new Promise<void>((resolve) => {
			const probe = fork(path.join(ctx.dir, 'resolver-child.js'), [], { stdio: 'ignore' });
			probe.once('message', () => probe.kill());
			probe.once('exit', () => resolve());
			probe.send(fastName);
		})));
		const forkMs = Date.now() - probeStart;
		ctx.mark('lookups');
		// The larger of the machine's factor and what the forks took: forkMs was measured on this machine
		// just now, so it already holds what the factor would add.
		const scale = Math.min(MAX_SCALE * ctx.factor, Math.max(ctx.factor, (3 * forkMs) / TIMEOUT));
		const [timeout, longer, grace] = [TIMEOUT, TOGETHER, GRACE].map((ms) => Math.round(ms * scale)) as [number, number, number];
		// Slow names stay slower than the limits: the child processes inherit this.
		process.env.CONC_TUTOR_LAB_PACE = String(timeout / TIMEOUT);
		ctx.report('budgets', { timeout, together: longer, grace, forkMs });
		const timed = async (name: string, limit: number): Promise<Result> => {
			const started = Date.now();
			const settled = Promise.resolve()
				.then(() => lookup(name, limit))
				.then(
					(value: unknown) => ({ name, limit, value: value as string | null, ms: Date.now() - started }),
					(error: unknown) => ({ name, limit, error: String((error as Error)?.message ?? error), ms: Date.now() - started }),
				)
				.finally(() => ctx.mark(`settled ${name}`));
			const late = ctx.sleep(limit + 1500 * scale).then(() => ({ name, limit, pending: true as const, ms: Date.now() - started }));
			return Promise.race([settled, late]);
		};
		const { together, oneByOne } = names(ctx.seed);
		const undoLateAnswers = lateAnswersOnSigkill(slow, logFile);
		const sequence = (async () => {
			const results: Result[] = [];
			for (const name of oneByOne) results.push(await timed(name, timeout));
			return results;
		})();
		const [inTurn, atOnce] = await Promise.all([sequence, Promise.all(together.map((name) => timed(name, longer)))]);
		undoLateAnswers();
		ctx.report('oneByOne', inTurn);
		ctx.report('together', atOnce);
		ctx.report('resolverLog', readResolverLog(logFile));
	},
	checks: [
		checks.custom('right-answers', 'a name that answers in time gets its own address', (run) => {
			const results = allResults(run);
			if (results.length === 0) return 'your code never produced any result';
			for (const result of results) {
				const { kind } = behaviourOf(result.name);
				const address = addressFor(run, result.name);
				if (kind !== 'fast') continue;
				if (result.value === address) continue;
				const owner = results.find((other) => other.name !== result.name && addressFor(run, other.name) === result.value);
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
				const { kind } = behaviourOf(result.name);
				if (kind === 'fast' || result.pending) continue;
				const timeout = result.limit;
				const what = kind === 'slow' ? 'answers only after the limit' : 'never answers';
				if (result.value === null) {
					// A lower bound only: a busy machine makes timers late, never early.
					if (result.ms < timeout - 5) return `lookup("${result.name}", ${timeout}) gave null after ${result.ms} ms: the fallback comes at the deadline, once the lookup has really had its ${timeout} ms (is the limit timeoutMs, or a number of your own? did it guess from behaviourOf?)`;
					continue;
				}
				const late = result.value === addressFor(run, result.name) ? ' — the late answer was kept' : '';
				return `lookup("${result.name}") ${what}, so with a ${timeout} ms limit it must give null; it ${describe(result)}${late}`;
			}
			return true;
		}, { hint: 0 }),
		checks.custom('on-time', `every lookup settles within its time limit (plus ${GRACE} ms to end the child; longer on a busy machine)`, (run) => {
			const results = allResults(run);
			if (results.length === 0) return 'your code never produced any result';
			const { grace } = budgets(run);
			// Never settling is the code's doing, however busy the machine: no inconclusive for that.
			const stuck = results.find((result) => result.pending);
			if (stuck) return `lookup("${stuck.name}", ${stuck.limit}) had still not settled ${stuck.ms} ms later: nothing stopped waiting for a lookup that hangs`;
			// The latest past its own limit.
			const latest = results.reduce((a, b) => (b.ms - b.limit > a.ms - a.limit ? b : a));
			return withinBudget(run, latest.ms, latest.limit + grace, `lookup("${latest.name}", ${latest.limit}) took ${latest.ms} ms: it kept waiting past its deadline`, { floorMs: latest.limit });
		}, { hint: 1, timing: true }),
		checks.custom('child-per-lookup', 'each lookup forks a child of its own and sends it the name', (run) => {
			const log = (run.values.resolverLog ?? []) as ResolverLogLine[];
			const from = markAt(run, 'lookups') ?? Infinity;
			const spawned = run.trace.events.flatMap((e) => (e.type === 'child-spawn' && e.t >= from ? [e.pid] : []));
			for (const result of allResults(run)) {
				const pids = log.filter((line) => line.name === result.name && spawned.includes(line.pid)).map((line) => line.pid);
				if (pids.length === 0) return `lookup("${result.name}") never sent the name to a resolver child: run the lookup in the child, with child.send(name)`;
				const shared = log.filter((line) => line.pid === pids[0] && line.name !== result.name);
				if (pids.length > 1) return `lookup("${result.name}") sent the name to ${pids.length} children; one child per lookup`;
				if (shared.length > 0) return `the child that looked up "${result.name}" was also sent "${shared[0]!.name}": one child per lookup, so that a late answer cannot be taken for another name's`;
			}
			const results = allResults(run).length;
			return spawned.length === results || `${spawned.length} child processes were started for ${results} lookups; one per lookup`;
		}, { hint: 3 }),
		checks.custom('timer-cleared', 'once settled, a lookup leaves nothing running: its timer is cleared', (run) => {
			const log = (run.values.resolverLog ?? []) as ResolverLogLine[];
			for (const result of allResults(run)) {
				const settled = markAt(run, `settled ${result.name}`) ?? Infinity;
				for (const { pid } of log.filter((line) => line.name === result.name)) {
					const after = run.trace.events.find((e) => e.type === 'kill' && e.pid === pid && e.t > settled);
					if (after) return `lookup("${result.name}") had settled, and ${Math.round(after.t - settled)} ms later something of it still ran and killed its (long gone) child: clear the timer when the answer comes`;
				}
			}
			return true;
		}, { hint: 2 }),
		checks.custom('ended-before-settling', 'each lookup ends its child (child.kill()) and settles after the child has exited', (run) => {
			const log = (run.values.resolverLog ?? []) as ResolverLogLine[];
			for (const result of allResults(run)) {
				if (result.pending) continue; // see on-time
				const settled = markAt(run, `settled ${result.name}`) ?? Infinity;
				for (const { pid } of log.filter((line) => line.name === result.name)) {
					const exit = run.trace.events.find((e) => e.type === 'child-exit' && e.pid === pid);
					const killed = run.trace.events.some((e) => e.type === 'kill' && e.pid === pid && e.t <= settled);
					if (!killed) return `lookup("${result.name}") settled without ending its child: a child stuck in a lookup cannot stop itself, so end it with child.kill() (after an answer too)`;
					if (!exit || exit.t > settled) return `lookup("${result.name}") settled before its child had exited: wait for the child's 'exit' event, then settle`;
				}
			}
			return true;
		}, { hint: 2 }),
	],
});
