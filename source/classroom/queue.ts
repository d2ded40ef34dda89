// Grading a class across machines: the coordinator (`grade --queue`) puts one BullMQ job per cell on a
// Redis queue, `grade-worker`s on any number of machines grade them in the same sandbox as verify, and
// the coordinator writes the report a local grade would. A job carries the learner's files for its
// exercise (at most MAX_CELL_BYTES) and the content hash of the lesson pack it must be graded with.
//
// Job ids are deterministic — cell key, seed, pack hash and the files' hash — so adding a cell twice
// (a --resume, two coordinators) adds one job, and a result that arrives twice (an event and the sweep,
// a job retried after a stall) is recorded once: the coordinator keeps the first result per cell.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { Job, Queue, QueueEvents, Worker, type ConnectionOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import type { Exercise, LessonPack } from '../lessons/types.js';
import { allExercises } from '../lessons/load.js';
import type { IsolationMode } from '../grader/isolation.js';
import { verifyDir, verifyPatiently } from '../grader/verify.js';
import { exerciseWorkspaceDir, isUntouched } from '../workspace/index.js';
import { listFiles } from '../workspace/files.js';
import { estimateMs, loadCellTimes } from './estimate.js';
import { classReport, planClass, toCell, type Cell, type ClassReport, type GradeOptions } from './grade.js';
import { duration } from '../duration.js';

export const QUEUE_NAME = 'conc-tutor-grade';
/** A cell's files travel inside its job: more than this is refused (an error cell), not queued. */
export const MAX_CELL_BYTES = 1024 * 1024;
/** Finished jobs (the results) are kept this long, so a --resume days later still finds them. */
const KEEP_SECONDS = 7 * 24 * 3600;

export interface CellJob {
	learner: string;
	exercise: string;
	seed: number;
	packHash: string;
	/** Relative path → base64 content. */
	files: Record<string, string>;
	/** Timing-sensitive: graded with nothing else running on its worker. */
	alone: boolean;
	/** The second grading of an inconclusive cell: alone, a few patient tries. */
	patient?: boolean;
}

/** What a worker returns: the cell, plus who graded it and how isolated. */
export interface CellResult extends Cell {
	worker?: string;
	isolation?: IsolationMode;
}

export class QueueUrlError extends Error {}

/** redis://[user:pass@]host:port[/db] or rediss:// (TLS) → ioredis options. */
export function parseQueueUrl(url: string): RedisOptions {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw new QueueUrlError(`"${url}" is not a queue address: give redis://host:port (or rediss:// for TLS).`);
	}
	if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
		throw new QueueUrlError(`"${url}" is not a queue address: it must start with redis:// (or rediss:// for TLS).`);
	}
	if (!parsed.hostname) throw new QueueUrlError(`"${url}" names no host: give redis://host:port.`);
	const db = parsed.pathname.replace(/^\//, '');
	if (db && !/^\d+$/.test(db)) throw new QueueUrlError(`"${url}" has "/${db}" where a database number belongs (redis://host:port/0).`);
	return {
		host: parsed.hostname.replace(/^\[|\]$/g, ''),
		port: parsed.port ? Number(parsed.port) : 6379,
		username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
		password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
		db: db ? Number(db) : 0,
		tls: parsed.protocol === 'rediss:' ? {} : undefined,
		connectTimeout: 3000,
	};
}

/** The address without its password, for messages. */
export function shownUrl(url: string): string {
	try {
		const parsed = new URL(url);
		if (parsed.password) parsed.password = '***';
		return parsed.toString().replace(/\/$/, '');
	} catch {
		return url;
	}
}

/** Undefined when Redis answers at url; otherwise one sentence saying why not. Fails within a few seconds. */
export async function checkQueue(url: string): Promise<string | undefined> {
	let options: RedisOptions;
	try {
		options = parseQueueUrl(url);
	} catch (error) {
		return (error as Error).message;
	}
	const client = new Redis({ ...options, lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
	let last: Error | undefined;
	client.on('error', (error: Error) => void (last = error));
	try {
		await client.connect();
		await client.ping();
		return undefined;
	} catch (error) {
		const e = (last ?? error) as NodeJS.ErrnoException;
		const why =
			e.code === 'ECONNREFUSED' ? 'nothing is listening there'
			: e.code === 'ENOTFOUND' ? 'no such host'
			: /ETIMEDOUT|timeout/i.test(`${e.code} ${e.message}`) ? 'it did not answer in time'
			: /WRONGPASS|NOAUTH|AUTH/i.test(e.message) ? 'the user name or password was refused'
			: e.message.split('\n')[0]!.replace(/\.$/, '');
		return `Cannot reach the grading queue at ${shownUrl(url)}: ${why}.`;
	} finally {
		client.disconnect();
	}
}

/** The lesson pack's content hash: every file under its root (paths and bytes), in a fixed order. */
export function packHash(pack: LessonPack): string {
	const hash = createHash('sha256');
	for (const relative of listFiles(pack.root).filter((f) => !f.split('/').some((part) => part.startsWith('.') || part === 'node_modules')).sort()) {
		hash.update(`${relative}\0`);
		hash.update(readFileSync(path.join(pack.root, relative)));
		hash.update('\0');
	}
	return hash.digest('hex').slice(0, 16);
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** Same cell, seed, pack and files → the same job (BullMQ ids may not hold ':'). */
export function jobId(job: CellJob): string {
	const files = sha(JSON.stringify(Object.entries(job.files).sort(([a], [b]) => a.localeCompare(b))));
	return `cell-${sha(`${job.learner}\0${job.exercise}`)}-s${job.seed}-p${job.packHash}-f${files}${job.patient ? '-alone' : ''}`;
}

function readCellFiles(dir: string): Record<string, string> | string {
	const files: Record<string, string> = {};
	let bytes = 0;
	for (const relative of listFiles(dir)) {
		bytes += statSync(path.join(dir, relative)).size;
		if (bytes > MAX_CELL_BYTES) return `the files in this exercise's folder are over ${MAX_CELL_BYTES / 1024 / 1024} MB, more than a queued cell may carry`;
		files[relative] = readFileSync(path.join(dir, relative)).toString('base64');
	}
	return files;
}

export interface QueueGradeOptions extends GradeOptions {
	url: string;
	/** Called with the number of distinct workers that have returned a result so far. */
	onWorkers?: (count: number) => void;
	/** How often pending jobs are looked up (events can be missed across a coordinator restart), ms. */
	sweepMs?: number;
	/** Called once if the connection to Redis is lost mid-run (BullMQ keeps reconnecting meanwhile). */
	onTrouble?: (sentence: string) => void;
}

/**
 * Grades the class on the queue and returns the report a local gradeClass would: the same cells (found
 * by planClass), the same order (classReport). Cells with no folder or the starter files are decided
 * here, as locally; the rest are queued. Returns when every cell has a result or the signal aborts
 * (the queued jobs stay: a --resume re-attaches to them).
 */
export async function gradeOnQueue(options: QueueGradeOptions): Promise<ClassReport> {
	const { exercises, timing, kept, todo } = await planClass(options);
	const cells: Cell[] = [...kept];
	const total = cells.length + todo.length;
	const seed = options.seed ?? 1;
	const hash = packHash(options.pack);
	const connection = parseQueueUrl(options.url) as ConnectionOptions;
	const queue = new Queue(QUEUE_NAME, { connection });
	const events = new QueueEvents(QUEUE_NAME, { connection });
	const pending = new Map<string, { job: CellJob; retried: boolean }>();
	const workers = new Set<string>();
	const isolations = new Set<IsolationMode>();
	let wake = () => {};
	const record = (cell: Cell) => {
		cells.push(cell);
		options.onCell?.(cell, cells.length, total);
		if (pending.size === 0) wake();
	};
	const queued: Array<{ id: string; job: CellJob }> = [];
	for (const { learner, exercise } of todo) {
		const base = { learner: learner.name, exercise: exercise.id };
		const dir = exerciseWorkspaceDir(learner.workspace, exercise);
		const local = localCell(base, exercise, dir);
		if (local) {
			cells.push(local);
			continue;
		}
		const files = readCellFiles(dir);
		if (typeof files === 'string') {
			cells.push({ ...base, status: 'error', failedCheck: 'grader', message: `the grader could not grade this: ${files}`, durationMs: 0 });
			continue;
		}
		const job: CellJob = { ...base, seed, packHash: hash, files, alone: timing.get(exercise.id) ?? false };
		const id = jobId(job);
		pending.set(id, { job, retried: false });
		queued.push({ id, job });
	}
	const plan = queued.map(({ job }) => ({ exercise: job.exercise, exclusive: job.alone }));
	options.onPlan?.({ cells: queued.length, estimateMs: estimateMs(plan, options.jobs, loadCellTimes()) });
	// Decided here without grading: reported as soon as the plan is.
	for (const [i, cell] of cells.entries()) if (i >= kept.length) options.onCell?.(cell, i + 1, total);

	const finish = async (id: string, result: CellResult | undefined, failedReason?: string) => {
		const entry = pending.get(id);
		if (!entry) return; // already recorded: a result arrives once per cell
		const base = { learner: entry.job.learner, exercise: entry.job.exercise };
		let cell: Cell;
		if (result && typeof result.status === 'string') {
			const { worker, isolation, ...rest } = result;
			if (worker && !workers.has(worker)) {
				workers.add(worker);
				options.onWorkers?.(workers.size);
			}
			if (isolation) isolations.add(isolation);
			cell = rest;
		} else {
			cell = { ...base, status: 'error', failedCheck: 'grader', message: `the grader could not grade this: ${failedReason ?? 'the job failed'}`, durationMs: 0 };
		}
		// An inconclusive cell is graded once more, alone on its worker, with a few patient tries.
		if (cell.status === 'inconclusive' && !entry.retried && !options.signal?.aborted) {
			pending.delete(id);
			const job = { ...entry.job, alone: true, patient: true };
			const again = jobId(job);
			pending.set(again, { job, retried: true });
			options.onRetryRound?.(1);
			await queue.add('cell', job, { jobId: again, ...jobOptions });
			return;
		}
		pending.delete(id);
		record(cell);
	};
	const startedAt = Date.now();
	const jobOptions = { removeOnComplete: { age: KEEP_SECONDS }, removeOnFail: { age: KEEP_SECONDS } };
	const settle = async (id: string) => {
		const entry = pending.get(id);
		if (!entry) return;
		const job = await Job.fromId(queue, id);
		if (!job?.finishedOn) return;
		const result = job.returnvalue as CellResult | undefined;
		// A result from an earlier run is reused only if it is a verdict: a cell that could not be judged
		// or graded then (too busy, a worker with other lessons, a job that failed) is graded again.
		if (job.finishedOn < startedAt && (!result || result.status === 'inconclusive' || result.status === 'error')) {
			await job.remove();
			await queue.add('cell', entry.job, { jobId: id, ...jobOptions });
			return;
		}
		await finish(id, result, job.failedReason);
	};
	const parse = (value: unknown): CellResult | undefined => {
		if (typeof value === 'string') {
			try {
				return JSON.parse(value) as CellResult;
			} catch {
				return undefined;
			}
		}
		return value as CellResult | undefined;
	};
	// Redis gone mid-run: said once; ioredis reconnects and the sweep picks up whatever finished meanwhile.
	let troubled = false;
	const trouble = (error: Error) => {
		if (troubled) return;
		troubled = true;
		options.onTrouble?.(`Lost the grading queue at ${shownUrl(options.url)} (${error.message.split('\n')[0]}): waiting for it to come back (Ctrl+C stops; --resume finishes later).`);
	};
	queue.on('error', trouble);
	events.on('error', trouble);
	events.on('completed', ({ jobId: id, returnvalue }) => void finish(id, parse(returnvalue)).catch(() => {}));
	events.on('failed', ({ jobId: id, failedReason }) => void finish(id, undefined, failedReason).catch(() => {}));
	let sweeper: NodeJS.Timeout | undefined;
	// Ctrl+C must work at every step: with Redis gone, a command waits for it to come back, forever.
	const stopped = new Promise<void>((resolve) => {
		if (options.signal?.aborted) resolve();
		options.signal?.addEventListener('abort', () => resolve(), { once: true });
	});
	const orStop = (work: Promise<unknown>) => Promise.race([work, stopped]);
	try {
		await orStop(events.waitUntilReady());
		for (let i = 0; i < queued.length && !options.signal?.aborted; i += 500) {
			await orStop(queue.addBulk(
				queued.slice(i, i + 500).map(({ id, job }) => ({
					name: 'cell',
					data: job,
					opts: { jobId: id, ...jobOptions },
				})),
			));
		}
		// Results that finished before we listened (a --resume, an earlier run of the same cells).
		const sweep = async () => {
			const ids = [...pending.keys()];
			for (let i = 0; i < ids.length; i += 200) await Promise.all(ids.slice(i, i + 200).map(settle));
		};
		await orStop(sweep());
		await new Promise<void>((resolve) => {
			wake = resolve;
			if (pending.size === 0 || options.signal?.aborted) resolve();
			void stopped.then(resolve);
			const tick = () => {
				sweeper = setTimeout(() => void sweep().catch(() => {}).finally(() => pending.size > 0 && !options.signal?.aborted && tick()), options.sweepMs ?? 2000);
			};
			tick();
		});
	} finally {
		if (sweeper) clearTimeout(sweeper);
		// With Redis gone, close() would wait for it forever: after a moment, the connections are cut.
		for (const part of [events, queue]) {
			const closed = part.close().catch(() => {});
			if (await Promise.race([closed.then(() => true), new Promise<false>((r) => setTimeout(r, 2000, false).unref())])) continue;
			void part.disconnect().catch(() => {});
		}
	}
	const isolation: IsolationMode | undefined = isolations.has('none') ? 'none' : [...isolations][0];
	return classReport({ ...options, isolation: isolation ?? options.isolation }, exercises, cells);
}

/** A cell decided without grading, as a local grade decides it: no folder, or the starter files untouched. */
function localCell(base: { learner: string; exercise: string }, exercise: Exercise, dir: string): Cell | undefined {
	try {
		statSync(dir);
	} catch {
		return { ...base, status: 'missing', message: 'no folder for this exercise in the workspace', durationMs: 0 };
	}
	if (isUntouched(exercise, dir)) return { ...base, status: 'not-started', message: 'the starter files, unchanged', durationMs: 0 };
	return undefined;
}

/**
 * At most `shared` ordinary cells at once, or one timing-sensitive cell with nothing else: an alone
 * cell waits for the running cells to finish, and cells that arrive while one waits queue behind it.
 */
export class Gate {
	private running = 0;
	private alone = false;
	private waiting: Array<{ alone: boolean; go: () => void }> = [];
	async enter(alone: boolean): Promise<void> {
		if (this.waiting.length === 0 && this.can(alone)) return this.take(alone);
		await new Promise<void>((go) => this.waiting.push({ alone, go }));
	}
	leave(alone: boolean): void {
		this.running--;
		if (alone) this.alone = false;
		while (this.waiting.length > 0 && this.can(this.waiting[0]!.alone)) {
			const next = this.waiting.shift()!;
			this.take(next.alone);
			next.go();
		}
	}
	private can(alone: boolean): boolean {
		return !this.alone && (alone ? this.running === 0 : true);
	}
	private take(alone: boolean): void {
		this.running++;
		if (alone) this.alone = true;
	}
}

export interface WorkerOptions {
	url: string;
	pack: LessonPack;
	concurrency: number;
	isolation: IsolationMode;
	/** A job whose worker stops renewing its lock (killed, cable pulled) is retried after this long, ms. */
	lockMs?: number;
	say: (line: string) => void;
	signal: AbortSignal;
}

/** Grades cells from the queue until the signal aborts; then finishes the cells it holds and returns how many it graded. */
export async function runWorker(options: WorkerOptions): Promise<number> {
	const hash = packHash(options.pack);
	const exercises = new Map(allExercises(options.pack).map((exercise) => [exercise.id, exercise]));
	const name = `${hostname()}:${process.pid}`;
	const gate = new Gate();
	let done = 0;
	const lockDuration = options.lockMs ?? 30_000;
	const worker = new Worker(
		QUEUE_NAME,
		async (job: Job<CellJob>): Promise<CellResult> => {
			const data = job.data;
			const base = { learner: data.learner, exercise: data.exercise };
			const error = (why: string): CellResult => ({ ...base, status: 'error', failedCheck: 'grader', message: `the grader could not grade this: ${why}`, durationMs: 0, worker: name, isolation: options.isolation });
			if (data.packHash !== hash) {
				done++;
				options.say(`! ${data.learner} · ${data.exercise}: refused, lesson pack ${data.packHash} is not this worker's (${hash}) — ${done} done`);
				return error(`worker ${name} has lesson pack ${hash}, this cell was queued with pack ${data.packHash}: start the worker with the same lessons as the coordinator`);
			}
			const exercise = exercises.get(data.exercise);
			if (!exercise) return error(`worker ${name} has no exercise "${data.exercise}"`);
			await gate.enter(data.alone);
			const dir = mkdtempSync(path.join(tmpdir(), 'conc-tutor-cell-'));
			options.say(`grading ${data.learner} · ${data.exercise}${data.alone ? ' (alone)' : ''}`);
			try {
				for (const [relative, content] of Object.entries(data.files)) {
					const file = path.join(dir, relative);
					if (!file.startsWith(dir + path.sep)) return error(`a file path leaves the exercise folder: ${relative}`);
					mkdirSync(path.dirname(file), { recursive: true });
					writeFileSync(file, Buffer.from(content, 'base64'));
				}
				const result = data.patient ? await verifyPatiently(exercise, dir, { seed: data.seed, tries: 3, pauseMs: 1000 }) : await verifyDir(exercise, dir, { seed: data.seed });
				const cell = toCell(base, result);
				done++;
				options.say(`${cell.status === 'pass' ? '✓' : cell.status === 'fail' ? '✗' : '?'} ${data.learner} · ${data.exercise} ${cell.status} in ${duration(cell.durationMs)} — ${done} done`);
				return { ...cell, worker: name, isolation: options.isolation };
			} catch (e) {
				return error((e as Error).message);
			} finally {
				rmSync(dir, { recursive: true, force: true });
				gate.leave(data.alone);
			}
		},
		{ connection: parseQueueUrl(options.url) as ConnectionOptions, concurrency: options.concurrency, lockDuration, stalledInterval: lockDuration, maxStalledCount: 2 },
	);
	// Connection trouble: said once; ioredis reconnects, and the locks of the cells in hand decide the rest.
	let troubled = false;
	worker.on('error', (error: Error) => {
		if (troubled) return;
		troubled = true;
		options.say(`Lost the grading queue at ${shownUrl(options.url)} (${error.message.split('\n')[0]}): reconnecting…`);
	});
	await worker.waitUntilReady();
	options.say(`Worker ${name} ready: ${options.concurrency} cell${options.concurrency === 1 ? '' : 's'} at a time, timing-sensitive cells alone; lesson pack ${hash}. Ctrl+C to stop.`);
	await new Promise<void>((resolve) => {
		if (options.signal.aborted) resolve();
		options.signal.addEventListener('abort', () => resolve(), { once: true });
	});
	await worker.close();
	return done;
}
