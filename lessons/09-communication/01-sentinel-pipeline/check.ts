import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { MessageChannel, Worker } from 'node:worker_threads';
import { checks, defineExercise, inconclusive, machineExplains, type RunResult } from 'conc-tutor/kit';

type CheckOutcome = ReturnType<typeof inconclusive>;

// The run has two halves, each of which pairs one of the learner's files with the grader's own half:
//  1. the learner's consumer.ts, driven by the grader's producer: it sends each consumer a list of its
//     own on the consumer's port (workerData holds the port and nothing else) and reads what comes back;
//  2. the learner's runPipeline, with the grader's copy of consumer.js: same protocol, but it logs every
//     item that arrives on its port, and the sentinel, on a BroadcastChannel the solution does not know.
// So the items must travel on the ports (workerData, a main thread that keeps the lists, or one port for
// everyone show in the log), and the result must be what the consumers reported.

/** A 32-bit hash of (seed, i, salt): the same in the sandbox and in the grader. */
function hash(seed: number, i: number, salt: number): number {
	let h = Math.imul(seed ^ salt, 0x85ebca6b) ^ Math.imul(i + 1, 0xc2b2ae35);
	h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
	h ^= h >>> 13;
	return h >>> 0;
}

/**
 * runPipeline's arguments for a seed: 3 to 5 consumers (the second call has 2, so no constant passes
 * both), 4 to 12 items each on average, all distinct.
 */
export function pipelinePlan(seed: number): { consumers: number; items: number[] } {
	const consumers = 3 + (hash(seed, 0, 0x5e9d) % 3);
	const count = consumers * 4 + (hash(seed, 1, 0x5e9d) % (consumers * 8 + 1));
	const offset = hash(seed, 2, 0x5e9d) % 90_000;
	// i × 7919 mod 90 000 never repeats for i < 90 000 (7919 is prime and does not divide 90 000).
	return { consumers, items: Array.from({ length: count }, (_, i) => 1000 + ((offset + i * 7919) % 90_000)) };
}

/**
 * A second call, in which one consumer fails: 2 consumers and 4 to 9 negative items (never among the
 * first call's). The consumer that gets `poison` ends without reporting.
 */
export function failingPlan(seed: number): { consumers: number; items: number[]; poison: number } {
	const count = 4 + (hash(seed, 0, 0xfa11) % 6);
	const items = Array.from({ length: count }, (_, i) => -(1 + ((hash(seed, 1, 0xfa11) % 500) + i * 997)));
	return { consumers: 2, items, poison: items[hash(seed, 2, 0xfa11) % count]! };
}

/**
 * What the grader's producer sends each of the learner's consumers: 2 or 3 lists of 0 to 9 numbers.
 * One list always holds 0 and one negative number, not last (a consumer that stops on any falsy item
 * stops early); in every other seed one consumer gets no item at all, only the sentinel.
 */
export function consumerPlan(seed: number): number[][] {
	const n = 2 + (hash(seed, 0, 0xc0de) % 2);
	const lists = Array.from({ length: n }, (_, c) =>
		Array.from({ length: 2 + (hash(seed, c, 0x1e57) % 8) }, (_, i) => 1 + (hash(seed, c * 64 + i, 0xa11) % 9999)),
	);
	const tricky = hash(seed, 3, 0xc0de) % n;
	lists[tricky]!.splice(hash(seed, 4, 0xc0de) % lists[tricky]!.length, 0, 0, -(1 + (hash(seed, 5, 0xc0de) % 99)));
	if (seed % 2 === 1) lists[(tricky + 1) % n] = [];
	return lists;
}

/** Extra time each of the grader's consumers takes before reporting, by start order: the first started reports last. */
const REPORT_STEP_MS = 40;

interface LogEntry {
	kind: 'start' | 'item' | 'sentinel' | 'report';
	threadId: number;
	hasPort?: boolean;
	item?: unknown;
	list?: number[];
	/** Date.now() in the consumer. */
	at: number;
}

function graderConsumer(channel: string, firstId: number, consumers: number, stepMs: number, poison: number): string {
	return `// The grader's copy of consumer.js: the same protocol, with a log for the grader.
import { MessagePort, parentPort, threadId, workerData } from 'node:worker_threads';
const log = new BroadcastChannel(${JSON.stringify(channel)});
const port = workerData && workerData.port;
log.postMessage({ kind: 'start', threadId, hasPort: port instanceof MessagePort, at: Date.now() });
// Consumers report in another order than they were started: the first one started reports last.
const index = threadId - ${firstId};
const nap = index >= 0 && index < ${consumers} ? (${consumers} - 1 - index) * ${stepMs} : 0;
if (port instanceof MessagePort) {
	const consumed = [];
	port.on('message', (item) => {
		if (item === null) {
			port.close();
			log.postMessage({ kind: 'sentinel', threadId, at: Date.now() });
			setTimeout(() => {
				log.postMessage({ kind: 'report', threadId, list: consumed, at: Date.now() });
				log.close();
				// The consumer the grader makes fail ends without reporting (exit code 0).
				if (!consumed.includes(${poison})) parentPort.postMessage(consumed);
			}, nap);
			return;
		}
		log.postMessage({ kind: 'item', threadId, item, at: Date.now() });
		consumed.push(item);
	});
} else {
	log.close();
}
`;
}

interface ConsumerOutcome {
	sent: number[];
	/** Every message the consumer posted to the parent. */
	messages: unknown[];
	/** Its exit code, or null when it was still running at the deadline. */
	exitCode: number | null;
	/** ms from the first message it posted to the end of the grader's wait, when it was still running then. */
	reportedMsBeforeDeadline?: number;
}

interface Budgets {
	/** A bare worker's start-to-exit time in this run, ms. */
	startupMs: number;
	/** How long the grader waited for its consumers to end, and for runPipeline, ms. */
	consumerMs: number;
	pipelineMs: number;
}

const markAt = (run: RunResult, label: string) => run.trace.events.find((e) => e.type === 'mark' && e.label === label)?.t;

/** The workers the learner's runPipeline started: those created between the call and its end ('' or ' 2'). */
function pipelineWorkers(run: RunResult, call = ''): Array<{ threadId: number; file?: string }> {
	const from = markAt(run, `called${call}`) ?? Infinity;
	const to = markAt(run, `returned${call}`) ?? markAt(run, `gave up${call}`) ?? Infinity;
	return run.trace.events.flatMap((e) => (e.type === 'worker-created' && e.t >= from && e.t <= to ? [{ threadId: e.threadId, file: e.file }] : []));
}

const log = (run: RunResult) => (run.values.log ?? []) as LogEntry[];
const budgets = (run: RunResult) => (run.values.budgets ?? { startupMs: 0, consumerMs: 0, pipelineMs: 0 }) as Budgets;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The learner's consumers that have no sentinel in the log. `quiet`: each had been running, with nothing
 * arriving on its port, for at least half the grader's wait when the grader gave up — its sentinel was
 * never sent. `unsure`: the rest (not started yet, or busy until recently): a slow machine can do that.
 */
function sentinelWaits(run: RunResult): { quiet: number[]; unsure: number[] } {
	const result = run.values.result as { pending?: true; at?: number } | undefined;
	const gaveUpAt = result?.pending ? (result.at ?? Infinity) : Infinity;
	const halfWait = budgets(run).pipelineMs / 2;
	const quiet: number[] = [];
	const unsure: number[] = [];
	for (const { threadId } of pipelineWorkers(run)) {
		const mine = log(run).filter((e) => e.threadId === threadId);
		if (mine.some((e) => e.kind === 'sentinel')) continue;
		if (mine.length === 0) {
			unsure.push(threadId); // never ran its first line: a port problem shows in own-port
			continue;
		}
		const last = Math.max(-Infinity, ...mine.map((e) => e.at));
		// A run that resolved had all the time it wanted: a consumer without a sentinel then never gets one.
		if (gaveUpAt === Infinity || gaveUpAt - last >= halfWait) quiet.push(threadId);
		else unsure.push(threadId);
	}
	return { quiet, unsure };
}

/** While consumers may still have been on their way when the grader gave up, what they received is not final. */
function stillUnderWay(run: RunResult): CheckOutcome | undefined {
	if (!(run.values.result as { pending?: true } | undefined)?.pending || sentinelWaits(run).unsure.length === 0) return undefined;
	return { status: 'skip', message: 'runPipeline had not finished when the grader stopped waiting: see finishes' };
}

/** A fail, unless the machine kept the run's threads from a core for as long as the grader waited. */
function unlessMachine(run: RunResult, waitedMs: number, message: string): CheckOutcome | string {
	const evidence = machineExplains(run, waitedMs);
	return evidence ? inconclusive(evidence, message) : message;
}

export default defineExercise({
	limits: { timeoutMs: 10_000 },
	async run(ctx) {
		// A bare worker's start and exit, now: what a busy machine slows. Every wait below scales with it.
		writeFileSync(path.join(ctx.dir, 'grader-probe.js'), '');
		const probeStart = Date.now();
		const probe = new Worker(path.join(ctx.dir, 'grader-probe.js'));
		await new Promise((resolve) => probe.once('exit', resolve));
		const startupMs = Date.now() - probeStart;
		const consumerMs = Math.round(ctx.factor * Math.min(2500, 1000 + 10 * startupMs));

		// 1. The learner's consumer.ts, fed by the grader.
		const lists = consumerPlan(ctx.seed);
		const outcomes: ConsumerOutcome[] = [];
		const reportedAt = new Map<ConsumerOutcome, number>();
		const workers: Worker[] = [];
		let lastId = probe.threadId;
		ctx.mark('consumer test');
		for (const sent of lists) {
			const { port1, port2 } = new MessageChannel();
			const worker = new Worker(path.join(ctx.dir, 'consumer.js'), { workerData: { port: port2 }, transferList: [port2] as never[] });
			lastId = Math.max(lastId, worker.threadId);
			workers.push(worker);
			const outcome: ConsumerOutcome = { sent, messages: [], exitCode: null };
			outcomes.push(outcome);
			worker.on('message', (message) => {
				if (outcome.messages.length === 0) reportedAt.set(outcome, Date.now());
				outcome.messages.push(message);
			});
			worker.on('error', () => {});
			worker.once('exit', (code) => (outcome.exitCode = code));
			// Half the items at once, the rest (and the sentinel) once the consumer is running.
			const half = Math.ceil(sent.length / 2);
			for (const item of sent.slice(0, half)) port1.postMessage(item);
			worker.once('online', () => {
				for (const item of sent.slice(half)) port1.postMessage(item);
				port1.postMessage(null);
			});
		}
		await ctx.waitFor(() => outcomes.every((o) => o.exitCode !== null), consumerMs);
		ctx.mark('consumer test over');
		for (const [outcome, at] of reportedAt) if (outcome.exitCode === null) outcome.reportedMsBeforeDeadline = Date.now() - at;
		await Promise.all(workers.map((w, i) => (outcomes[i]!.exitCode === null ? w.terminate() : undefined)));
		ctx.report('consumers', outcomes);

		// 2. The learner's runPipeline, with the grader's consumer.
		const { consumers, items } = pipelinePlan(ctx.seed);
		const pipelineMs = Math.round(ctx.factor * Math.min(4000, 1500 + 5 * consumers * startupMs));
		ctx.report('budgets', { startupMs, consumerMs, pipelineMs } satisfies Budgets);
		const channel = `conc-tutor-pipeline-${ctx.seed}-${Math.floor(ctx.random() * 1e9)}`;
		writeFileSync(path.join(ctx.dir, 'consumer.js'), graderConsumer(channel, lastId + 1, consumers, Math.round(REPORT_STEP_MS * ctx.factor), failingPlan(ctx.seed).poison));
		const entries: LogEntry[] = [];
		const listener = new BroadcastChannel(channel);
		listener.onmessage = (event: MessageEvent) => entries.push(event.data as LogEntry);
		const { runPipeline } = await ctx.import('pipeline.ts');
		const call = async (label: string, args: [number[], number]) => {
			ctx.mark(`called${label}`);
			const pipeline = Promise.resolve().then(() => runPipeline(...args) as Promise<unknown>);
			pipeline.catch(() => {}); // if the deadline wins, a later rejection is not a crash
			const result = await Promise.race([
				pipeline.then((value) => ({ value }), (error: unknown) => ({ error: String((error as Error)?.message ?? error) })),
				ctx.sleep(pipelineMs).then(() => 'deadline' as const),
			]);
			ctx.mark(result === 'deadline' ? `gave up${label}` : `returned${label}`);
			return result === 'deadline' ? { pending: true as const, at: Date.now() } : result;
		};
		const result = await call('', [items, consumers]);
		ctx.report('result', result);
		// 3. Once more, with a consumer that fails: only if the first call finished.
		if (!('pending' in result)) {
			const failing = failingPlan(ctx.seed);
			ctx.report('failing', await call(' 2', [failing.items, failing.consumers]));
		}
		// Log lines still on their way: every started consumer's report, or a short wait.
		const starts = () => entries.filter((e) => e.kind === 'start').length;
		await ctx.waitFor(() => starts() > 0 && entries.filter((e) => e.kind === 'report').length >= starts(), 500 * ctx.factor);
		listener.close();
		ctx.report('log', entries);
	},
	checks: [
		checks.custom('consumer-reports', 'your consumer posts, once, the list of the items that came on its port, in order', (run) => {
			const outcomes = (run.values.consumers ?? []) as ConsumerOutcome[];
			if (outcomes.length === 0) return 'the grader could not run your consumer';
			for (const [i, o] of outcomes.entries()) {
				const which = `consumer ${i + 1} (sent ${JSON.stringify(o.sent)}, then null)`;
				if (o.messages.length === 0) return `${which} never posted its list to the parent`;
				if (o.messages.length > 1) return `${which} posted ${o.messages.length} messages to the parent: ${JSON.stringify(o.messages).slice(0, 100)}; post the list once, on the sentinel`;
				if (!isDeepStrictEqual(o.messages[0], o.sent)) return `${which} reported ${JSON.stringify(o.messages[0])}: report every item that came on workerData.port, in order, up to the sentinel null`;
			}
			return true;
		}, { hint: 1 }),
		checks.custom('consumer-ends', 'your consumer ends by itself (exit code 0) once it has the sentinel', (run) => {
			const outcomes = (run.values.consumers ?? []) as ConsumerOutcome[];
			if (outcomes.length === 0) return 'the grader could not run your consumer';
			const { consumerMs } = budgets(run);
			for (const [i, o] of outcomes.entries()) {
				if (o.exitCode === null) {
					const message = `consumer ${i + 1} was still running ${consumerMs} ms after it was started and sent its sentinel: close its port so that nothing keeps the worker alive`;
					// Reported, then still alive for half the wait: the worker had nothing left to do but end.
					if ((o.reportedMsBeforeDeadline ?? 0) >= consumerMs / 2) return message;
					return unlessMachine(run, consumerMs, message);
				}
				if (o.exitCode !== 0) return `consumer ${i + 1} ended with exit code ${o.exitCode} (it threw, or called process.exit with a code)`;
			}
			return true;
		}, { hint: 1, timing: true }),
		checks.custom('finishes', 'runPipeline resolves', (run) => {
			const result = run.values.result as { value?: unknown; error?: string; pending?: true } | undefined;
			if (!result) return 'runPipeline was never called';
			if (result.error !== undefined) return `runPipeline rejected: ${result.error}`;
			if (!result.pending) return true;
			const { pipelineMs } = budgets(run);
			const message = `runPipeline had not resolved ${pipelineMs} ms after the call: some consumer never reported or never ended (did every consumer get its own sentinel?)`;
			// A consumer left waiting with nothing to do, or every consumer gone and still no answer: the code's doing.
			const { quiet } = sentinelWaits(run);
			const gaveUp = markAt(run, 'gave up') ?? Infinity;
			const started = pipelineWorkers(run);
			const allGone = started.length > 0 && started.every((w) => run.trace.events.some((e) => e.type === 'worker-exit' && e.threadId === w.threadId && e.t <= gaveUp - pipelineMs / 2));
			if (quiet.length > 0 || allGone) return message;
			return unlessMachine(run, pipelineMs, message);
		}, { hint: 0, timing: true }),
		checks.custom('workers', 'starts exactly `consumers` workers, from consumer.ts', (run) => {
			const calls: Array<[string, number]> = [['', pipelinePlan(run.seed).consumers]];
			if (run.values.failing) calls.push([' 2', failingPlan(run.seed).consumers]);
			for (const [call, consumers] of calls) {
				const started = pipelineWorkers(run, call);
				if (started.length !== consumers) return `runPipeline(items, ${consumers}) started ${plural(started.length, 'worker')}; start exactly \`consumers\` of them`;
				const other = started.find((w) => w.file !== 'consumer.js');
				if (other) return `a worker was started from ${other.file ?? 'code, not a file'}; start every consumer from consumer.js`;
			}
			return true;
		}),
		checks.custom('own-port', 'each consumer finds its own port in workerData.port', (run) => {
			const started = pipelineWorkers(run);
			const missing = started.filter((w) => !log(run).some((e) => e.kind === 'start' && e.threadId === w.threadId && e.hasPort));
			return missing.length === 0 || `${plural(missing.length, 'consumer')} of ${started.length} found no MessagePort in workerData.port: hand each worker port2 of its own channel, in workerData: { port } and transferList: [port]`;
		}, { hint: 2 }),
		checks.custom('exactly-once', 'every item reaches exactly one consumer, as a message on its port', (run) => {
			const underWay = stillUnderWay(run);
			if (underWay) return underWay;
			const { items } = pipelinePlan(run.seed);
			const mine = new Set(pipelineWorkers(run).map((w) => w.threadId));
			const received = log(run).filter((e) => e.kind === 'item' && mine.has(e.threadId)).map((e) => e.item);
			const times = (x: unknown) => received.filter((y) => y === x).length;
			const never = items.filter((x) => times(x) === 0);
			if (never.length === items.length) return `none of the ${items.length} items arrived on a consumer's port: send each one as a message on the port of the consumer that should take it (not in workerData)`;
			if (never.length > 0) return `${plural(never.length, 'item')} of ${items.length} never arrived on a consumer's port (the first: ${never[0]}); each must be sent before that consumer's sentinel`;
			const twice = items.find((x) => times(x) > 1);
			if (twice !== undefined) return `item ${twice} arrived at ${times(twice)} consumers: a port is a queue with one reader, so post each item to one port only`;
			const stranger = received.find((x) => !items.includes(x as number));
			return stranger === undefined || `a consumer received ${JSON.stringify(stranger)}, which is not one of the items; send the items themselves, then null`;
		}, { hint: 0 }),
		checks.custom('work-shared', 'every consumer gets at least one item', (run) => {
			const underWay = stillUnderWay(run);
			if (underWay) return underWay;
			const started = pipelineWorkers(run);
			const counts = started.map((w) => log(run).filter((e) => e.kind === 'item' && e.threadId === w.threadId).length);
			return counts.every((n) => n > 0) || `items per consumer: ${counts.join(', ')}; share the items out so that every consumer gets some`;
		}, { hint: 0 }),
		checks.custom('stops-on-sentinel', 'each consumer gets the sentinel null after its items and ends by itself, none terminated', (run) => {
			const started = pipelineWorkers(run);
			if (started.length === 0) return 'runPipeline started no consumer';
			const ids = new Set(started.map((w) => w.threadId));
			const terminated = run.trace.events.filter((e) => e.type === 'worker-terminate' && ids.has(e.threadId)).length;
			if (terminated > 0) return `${plural(terminated, 'consumer')} ended with terminate(): send each its sentinel and let it end by itself`;
			const { quiet, unsure } = sentinelWaits(run);
			const silent = `${quiet.length + unsure.length} of ${started.length} consumers never received the sentinel null: each port is its own queue, so each consumer needs its own sentinel`;
			if (quiet.length > 0) return silent;
			if (unsure.length > 0) return unlessMachine(run, budgets(run).pipelineMs / 2, silent);
			const exits = run.trace.events.filter((e) => e.type === 'worker-exit' && ids.has(e.threadId));
			const bad = exits.find((e) => e.type === 'worker-exit' && e.code !== 0);
			if (bad && bad.type === 'worker-exit') return `a consumer ended with exit code ${bad.code}`;
			return exits.length === started.length || `${started.length - exits.length} of ${started.length} consumers never ended`;
		}, { hint: 0, timing: true }),
		checks.custom('reports', "resolves with each consumer's own report, one list per consumer, in the order they were started", (run) => {
			const result = run.values.result as { value?: unknown } | undefined;
			if (!result || !('value' in result)) return 'runPipeline did not resolve';
			const started = pipelineWorkers(run);
			const want = started.map((w) => log(run).find((e) => e.kind === 'report' && e.threadId === w.threadId)?.list);
			if (want.some((list) => list === undefined)) return 'not every consumer reported, so there is nothing to compare with: see stops-on-sentinel';
			const got = result.value;
			if (isDeepStrictEqual(got, want)) return true;
			if (Array.isArray(got) && got.length === want.length && want.every((list) => got.some((g) => isDeepStrictEqual(g, list)))) {
				return 'the lists are the consumers\' reports, but not in the order the consumers were started (consumers report in their own time: keep each report with its consumer)';
			}
			return `runPipeline resolved with ${JSON.stringify(got).slice(0, 100)}, but the consumers reported ${JSON.stringify(want).slice(0, 100)}: resolve with what each consumer posted`;
		}, { hint: 2 }),
		checks.custom('rejects-on-failure', 'rejects when a consumer fails', (run) => {
			const failing = run.values.failing as { value?: unknown; error?: string; pending?: true } | undefined;
			if (!failing) return 'the grader did not get to this call: runPipeline never resolved the first time';
			if (failing.error !== undefined) return true;
			const { items, poison } = failingPlan(run.seed);
			const what = `runPipeline(${JSON.stringify(items)}, 2), in which the consumer that got ${poison} ended without reporting,`;
			if (failing.pending) return unlessMachine(run, budgets(run).pipelineMs, `${what} never settled`);
			return `${what} resolved with ${JSON.stringify(failing.value).slice(0, 80)}; it must reject: a consumer that ends without its report (or with an error, or an exit code other than 0) is a failed pipeline`;
		}, { hint: 2, timing: true }),
		checks.custom('exited-before-return', 'every consumer has exited before runPipeline resolves', (run) => {
			const returned = markAt(run, 'returned');
			if (returned === undefined) return 'runPipeline did not resolve';
			const started = pipelineWorkers(run);
			const exited = new Set(run.trace.events.flatMap((e) => (e.type === 'worker-exit' && e.t <= returned ? [e.threadId] : [])));
			const late = started.filter((w) => !exited.has(w.threadId)).length;
			return late === 0 || `${late} of ${started.length} consumers were still running when runPipeline resolved: resolve on each worker's 'exit', not on its report`;
		}, { hint: 2 }),
	],
});
