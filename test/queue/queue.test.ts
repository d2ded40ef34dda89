// grade --queue with real grade-worker processes on a real redis-server (started here on a free port on
// 127.0.0.1, stopped in afterAll): the same CSV as a local grade, a worker killed mid-cell, a coordinator
// killed and resumed, an unreachable queue, a worker with another lesson pack.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeCommand } from '../../source/commands/grade.js';
import { QUEUE_NAME, type CellJob, type CellResult } from '../../source/classroom/queue.js';
import { Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { assembleExercise } from '../../source/lessons/assemble.js';
import { loadPack } from '../../source/lessons/load.js';
import { builtCli, graderPack } from '../helpers/paths.js';
import { runCli } from '../helpers/cli.js';
import { parseCsv } from '../helpers/csv.js';
import { waitUntil } from '../helpers/wait.js';

const hasRedis = spawnSync('sh', ['-c', 'command -v redis-server']).status === 0;
const pack = loadPack(graderPack);
const ids = ['sum-worker', 'async-withdraw'];
const exercises = ids.map((id) => pack.lessons[0]!.exercises.find((e) => e.id === id)!);
let root: string;
let redis: ChildProcess | undefined;
let port = 0;
const children = new Set<ChildProcess>();

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
		server.on('error', reject);
	});
}

const url = (db: number) => `redis://127.0.0.1:${port}/${db}`;

function sink(isTTY = false) {
	let text = '';
	return { isTTY, write: (chunk: string) => void (text += chunk), get text() { return text; } };
}

async function grade(args: { paths?: string[]; queue?: string; out?: string; resume?: boolean; format?: string; tty?: boolean }) {
	const stdout = sink();
	const stderr = sink(args.tty);
	const code = await gradeCommand({ pack, paths: [path.join(root, args.paths?.[0] ?? 'class')], exercises: ids, format: args.format ?? 'csv', jobs: 2, queue: args.queue, out: args.out, resume: args.resume, stdout, stderr });
	return { code, stdout: stdout.text, stderr: stderr.text };
}

/** A grade-worker process; `lines` collects what it prints. */
function worker(queue: string, lessons = graderPack, extra: string[] = []) {
	const child = spawn(process.execPath, [builtCli, '--lessons', lessons, 'grade-worker', '--queue', queue, '--jobs', '1', '--lock-seconds', '2', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
	children.add(child);
	child.on('exit', () => children.delete(child));
	const state = { child, lines: '' };
	child.stdout!.on('data', (chunk) => void (state.lines += chunk));
	child.stderr!.on('data', (chunk) => void (state.lines += chunk));
	return state;
}

/** Ctrl+C, as a person stops a worker; its exit code (killed after 8 s if it did not stop). */
async function stop(child: ChildProcess): Promise<number | null> {
	if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
	const gone = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
	child.kill('SIGINT');
	const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
	const code = await gone;
	clearTimeout(timer);
	return code;
}

/** Every column but duration_ms, which differs between any two gradings. */
function withoutDurations(csv: string): string[][] {
	const rows = parseCsv(csv);
	const at = rows[0]!.indexOf('duration_ms');
	return rows.map((row) => row.filter((_, i) => i !== at));
}

beforeAll(async () => {
	root = mkdtempSync(path.join(tmpdir(), 'conc-tutor-queue-'));
	const sleepy = path.join(root, 'sleepy');
	mkdirSync(sleepy);
	// A correct sum that takes 2.5 s: a worker killed while grading it is killed mid-cell.
	const solution = readFileSync(path.join(exercises[0]!.path, 'solution/sum.ts'), 'utf8');
	writeFileSync(path.join(sleepy, 'sum.ts'), solution.replace('resolve(sum);', 'setTimeout(() => resolve(sum), 2500);'));
	const learners: Record<string, Record<string, string | undefined>> = {
		ada: { 'sum-worker': 'solution', 'async-withdraw': 'solution' },
		bob: { 'sum-worker': 'wrong/no-worker', 'async-withdraw': undefined },
		cy: { 'sum-worker': path.relative(exercises[0]!.path, sleepy), 'async-withdraw': 'wrong/check-then-act' },
	};
	for (const [name, picks] of Object.entries(learners)) {
		const workspace = path.join(root, 'class', name);
		mkdirSync(path.join(workspace, '.conc-tutor'), { recursive: true });
		for (const exercise of exercises) assembleExercise(exercise, path.join(workspace, '01-basics', exercise.id), picks[exercise.id]);
	}
	// Another class of sleepy learners for the kill tests: each cell takes a few seconds.
	for (const name of ['dan', 'eli', 'fay', 'gus']) {
		const workspace = path.join(root, 'sleepers', name);
		mkdirSync(path.join(workspace, '.conc-tutor'), { recursive: true });
		for (const exercise of exercises) assembleExercise(exercise, path.join(workspace, '01-basics', exercise.id), exercise.id === 'sum-worker' ? path.relative(exercise.path, sleepy) : 'solution');
	}
	if (!hasRedis) return;
	port = await freePort();
	redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
	await waitUntil(() => spawnSync('redis-cli', ['-p', String(port), 'ping']).stdout?.toString().includes('PONG') ?? false, 'redis-server', 10_000);
}, 30_000);

afterAll(async () => {
	for (const child of [...children]) child.kill('SIGKILL');
	if (redis?.pid) process.kill(redis.pid, 'SIGKILL');
	rmSync(root, { recursive: true, force: true });
});

/** A JSON report's cells as `learner/exercise:status`. */
function cellsOf(json: string): string[] {
	const report = JSON.parse(json) as { cells: Array<{ learner: string; exercise: string; status: string }> };
	return report.cells.map((c) => `${c.learner}/${c.exercise}:${c.status}`);
}

/** The class above when every queued cell passes (bob never started async-withdraw). */
const EVERY_CELL_PASSES = [
	'ada/sum-worker:pass',
	'ada/async-withdraw:pass',
	'bob/sum-worker:pass',
	'bob/async-withdraw:not-started',
	'cy/sum-worker:pass',
	'cy/async-withdraw:pass',
];

/** Said in a test's name only where the test is skipped. */
const unlessRedis = hasRedis ? '' : ' (skipped: redis-server is not on PATH)';

describe.skipIf(!hasRedis)(`grade --queue${unlessRedis}`, () => {
	it('two worker processes give the same CSV as a local grade', async () => {
		const local = await grade({});
		expect(local.code).toBe(0);
		const workers = [worker(url(1)), worker(url(1))];
		try {
			const queued = await grade({ queue: url(1), tty: true });
			expect(queued.stderr).toMatch(/Queued 5 cells \(3 learners\) on redis:\/\/127\.0\.0\.1:\d+\/1/);
			expect(queued.code).toBe(0);
			expect(withoutDurations(queued.stdout)).toEqual(withoutDurations(local.stdout));
			// The instructor's progress line: cells done, cells per second, workers seen, time left.
			expect(queued.stderr).toMatch(/█ 6\/6 \w+ · [\w-]+ . · \d+\.\d cells\/s · [12] workers?/);
			expect(queued.stderr).toMatch(/cells\/s · [12] workers? · about \d+ s left/);
		} finally {
			// Ctrl+C: each worker finishes what it holds, says how many it graded and exits 0.
			expect(await Promise.all(workers.map((w) => stop(w.child)))).toEqual([0, 0]);
		}
		expect(workers.map((w) => w.lines).join('')).toMatch(/Stopped after grading \d+ cells?\./);
		// Each worker said what it graded and how many it had done.
		expect(workers.map((w) => w.lines).join('')).toMatch(/grading (ada|bob|cy) · (sum-worker|async-withdraw)/);
		expect(workers.map((w) => w.lines).join('')).toMatch(/— \d+ done/);
	}, 120_000);

	it('a worker killed mid-cell: its cell is graded by the other, and every cell is reported once', async () => {
		const first = worker(url(2));
		const out = path.join(root, 'killed.csv');
		const run = grade({ queue: url(2), paths: ['sleepers'], out });
		// Killed while it grades a sleepy cell (each takes 2.5 s), before the second worker exists.
		await waitUntil(() => /grading \w+ · sum-worker/.test(first.lines), 'the first worker to start a cell', 60_000);
		await new Promise((r) => setTimeout(r, 500));
		first.child.kill('SIGKILL');
		const killedIn = /grading (\w+) · sum-worker/.exec(first.lines)![1]!;
		expect(first.lines).not.toMatch(new RegExp(`${killedIn} · sum-worker pass`));
		const second = worker(url(2));
		try {
			const result = await run;
			expect(result.code).toBe(0);
			const rows = parseCsv(readFileSync(out, 'utf8')).slice(1);
			expect(rows.map((row) => `${row[0]}/${row[1]}:${row[2]}`)).toEqual(
				['dan', 'eli', 'fay', 'gus'].flatMap((name) => [`${name}/sum-worker:pass`, `${name}/async-withdraw:pass`]),
			);
			// The cell the killed worker held went back to the queue when its lock ran out (stalled), and the other worker graded it.
			expect(second.lines).toContain(`grading ${killedIn} · sum-worker`);
		} finally {
			await stop(second.child);
		}
	}, 150_000);

	it('a coordinator killed mid-run: --resume re-attaches and does not grade finished cells again', async () => {
		const out = path.join(root, 'resumed.csv');
		const w = worker(url(3));
		try {
			const coordinator = spawn(process.execPath, [builtCli, '--lessons', graderPack, 'grade', path.join(root, 'sleepers'), '--exercises', ids.join(','), '--format', 'csv', '--out', out, '--queue', url(3)], { stdio: 'ignore' });
			children.add(coordinator);
			await waitUntil(() => existsSync(`${out}.cells.jsonl`) && readFileSync(`${out}.cells.jsonl`, 'utf8').trim().split('\n').length >= 2, 'two cells in the journal', 60_000);
			coordinator.kill('SIGKILL');
			await new Promise((r) => coordinator.once('exit', r));
			const journaled = readFileSync(`${out}.cells.jsonl`, 'utf8').trim().split('\n').length;
			const doneBefore = (w.lines.match(/— \d+ done/g) ?? []).length;
			const resumed = await grade({ queue: url(3), paths: ['sleepers'], out, resume: true });
			expect(resumed.code).toBe(0);
			const rows = parseCsv(readFileSync(out, 'utf8')).slice(1);
			expect(rows).toHaveLength(8);
			expect(new Set(rows.map((row) => `${row[0]}/${row[1]}`)).size).toBe(8);
			expect(rows.every((row) => row[2] === 'pass')).toBe(true);
			// The worker graded each cell once in all: the cells finished before the kill were not queued again.
			const doneAfter = (w.lines.match(/— \d+ done/g) ?? []).length;
			expect(doneAfter).toBe(8);
			expect(doneBefore).toBeGreaterThanOrEqual(journaled);
		} finally {
			await stop(w.child);
		}
	}, 150_000);

	it('a worker with another lesson pack refuses the cell, which errors clearly', async () => {
		const other = path.join(root, 'other-pack');
		cpSync(graderPack, other, { recursive: true });
		writeFileSync(path.join(other, '01-basics', 'lesson.md'), '\nchanged\n', { flag: 'a' });
		const w = worker(url(4), other);
		try {
			const result = await grade({ queue: url(4) });
			expect(result.code).toBe(0);
			const rows = parseCsv(result.stdout).slice(1);
			const ada = rows.find((row) => row[0] === 'ada' && row[1] === 'sum-worker')!;
			expect(ada[2]).toBe('error');
			expect(ada[4]).toMatch(/has lesson pack \w+, this cell was queued with pack \w+: start the worker with the same lessons as the coordinator/);
		} finally {
			await stop(w.child);
		}
		// With the right lessons, the same class graded again: the refused cells are graded, not reused.
		const right = worker(url(4));
		try {
			const again = await grade({ queue: url(4) });
			expect(again.code).toBe(0);
			const rows = parseCsv(again.stdout).slice(1);
			expect(rows.find((row) => row[0] === 'ada' && row[1] === 'sum-worker')![2]).toBe('pass');
			expect(rows.some((row) => row[2] === 'error')).toBe(false);
		} finally {
			await stop(right.child);
		}
	}, 90_000);
});

describe.skipIf(!hasRedis)(`grade --queue, inconclusive cells${unlessRedis}`, () => {
	it('queues an inconclusive cell once more, to run alone and patiently, and reports its second result once', async () => {
		// A worker that answers "too busy to judge" to every first grading and passes the second: what the
		// coordinator does with the answers is under test, so the answers are scripted here.
		const seen: Array<{ learner: string; exercise: string; alone: boolean; patient: boolean }> = [];
		const answer = new Worker(
			QUEUE_NAME,
			async (job: Job<CellJob>): Promise<CellResult> => {
				const { learner, exercise, alone, patient } = job.data;
				seen.push({ learner, exercise, alone, patient: patient ?? false });
				return patient
					? { learner, exercise, status: 'pass', durationMs: 5, seed: job.data.seed, worker: 'scripted', isolation: 'bubblewrap' }
					: { learner, exercise, status: 'inconclusive', failedCheck: 'runs', message: 'could not be judged: busy', durationMs: 5, worker: 'scripted', isolation: 'bubblewrap' };
			},
			{ connection: { host: '127.0.0.1', port, db: 5 }, concurrency: 2 },
		);
		try {
			const result = await grade({ queue: url(5), format: 'json' });
			expect(result.code).toBe(0);
			expect(result.stderr).toMatch(/too busy to judge 1 cell: grading it again/);
			expect(cellsOf(result.stdout)).toEqual(EVERY_CELL_PASSES);
			// Five cells queued, each twice: first as usual, then alone and patient.
			expect(seen.filter((s) => !s.patient)).toHaveLength(5);
			expect(seen.filter((s) => s.patient && s.alone)).toHaveLength(5);
		} finally {
			await answer.close();
		}
	}, 60_000);
});

describe.skipIf(!hasRedis)(`grade --queue, a result that arrives twice${unlessRedis}`, () => {
	it('records the first and ignores the second', async () => {
		// Every cell passes, and right after each completion a second "completed" event for the same job
		// is written to the queue's event stream (as a stalled job finished by two workers would be), saying fail.
		const redis = new Redis({ host: '127.0.0.1', port, db: 6 });
		const answer = new Worker(
			QUEUE_NAME,
			async (job: Job<CellJob>): Promise<CellResult> => ({ learner: job.data.learner, exercise: job.data.exercise, status: 'pass', durationMs: 5, worker: 'scripted', isolation: 'bubblewrap' }),
			{ connection: { host: '127.0.0.1', port, db: 6 }, concurrency: 2 },
		);
		let forged = 0;
		answer.on('completed', (job) => {
			const again: CellResult = { learner: job.data.learner, exercise: job.data.exercise, status: 'fail', failedCheck: 'sum', message: 'the second result', durationMs: 5 };
			void redis.xadd(`bull:${QUEUE_NAME}:events`, '*', 'event', 'completed', 'jobId', job.id!, 'returnvalue', JSON.stringify(again)).then(() => forged++);
		});
		try {
			const result = await grade({ queue: url(6), format: 'json' });
			expect(result.code).toBe(0);
			expect(cellsOf(result.stdout)).toEqual(EVERY_CELL_PASSES);
			expect(forged).toBeGreaterThan(0);
		} finally {
			await answer.close();
			redis.disconnect();
		}
	}, 60_000);
});

describe('grade --queue with no queue to reach', () => {
	it('nothing listening: one sentence, exit 2, no report or journal written', async () => {
		const dead = await freePort();
		const out = path.join(root, 'never.csv');
		const started = Date.now();
		const result = await runCli(['--lessons', graderPack, 'grade', path.join(root, 'class'), '--out', out, '--format', 'csv', '--queue', `redis://127.0.0.1:${dead}`], { env: process.env, timeoutMs: 20_000 });
		expect(result.code).toBe(2);
		expect(result.stderr.trim()).toBe(`Cannot reach the grading queue at redis://127.0.0.1:${dead}: nothing is listening there.`);
		expect(Date.now() - started).toBeLessThan(10_000);
		expect(existsSync(out)).toBe(false);
		expect(existsSync(`${out}.cells.jsonl`)).toBe(false);
	}, 30_000);

	it.skipIf(!hasRedis)(`Redis gone mid-run${unlessRedis}: said once; Ctrl+C still writes the report and exits`, async () => {
		const own = await freePort();
		const server = spawn('redis-server', ['--port', String(own), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
		children.add(server);
		try {
			await waitUntil(() => spawnSync('redis-cli', ['-p', String(own), 'ping']).stdout?.toString().includes('PONG') ?? false, 'redis-server', 10_000);
			const out = path.join(root, 'lost.csv');
			// No workers: the coordinator waits, then loses its queue.
			const coordinator = spawn(process.execPath, [builtCli, '--lessons', graderPack, 'grade', path.join(root, 'class'), '--exercises', ids.join(','), '--format', 'csv', '--out', out, '--queue', `redis://127.0.0.1:${own}`], { stdio: ['ignore', 'ignore', 'pipe'] });
			children.add(coordinator);
			let said = '';
			coordinator.stderr!.on('data', (chunk) => void (said += chunk));
			const exited = new Promise<number | null>((r) => coordinator.once('exit', (code) => r(code)));
			await waitUntil(() => said.includes('Queued 5 cells'), 'the cells to be queued', 30_000);
			process.kill(server.pid!, 'SIGKILL');
			await waitUntil(() => said.includes('Lost the grading queue'), 'the coordinator to notice', 15_000);
			coordinator.kill('SIGINT');
			expect(await exited).toBe(130);
			expect(said.match(/Lost the grading queue/g)).toHaveLength(1);
			// Whichever the client saw first: the connection reset or refused, on a connect, a read or a write
			// (a busy machine decides which; seen: connect ECONNREFUSED and ECONNRESET, read/write ECONNRESET, write EPIPE).
			expect(said).toMatch(/Lost the grading queue at redis:\/\/127\.0\.0\.1:\d+ \((connect|read|write) (ECONNREFUSED|ECONNRESET|EPIPE)[\d.: ]*\): waiting for it to come back/);
			// The cells decided without grading are kept; --resume grades the rest.
			expect(parseCsv(readFileSync(out, 'utf8')).slice(1).map((row) => `${row[0]}/${row[1]}:${row[2]}`)).toEqual(['bob/async-withdraw:not-started']);
		} finally {
			server.kill('SIGKILL');
		}
	}, 120_000);

	it('a worker refuses to start where learners\' code cannot be isolated, unless told --no-isolation', async () => {
		const env = { ...process.env, CONC_TUTOR_ISOLATION: 'none' };
		const refused = await runCli(['--lessons', graderPack, 'grade-worker', '--queue', 'redis://127.0.0.1:1'], { env, timeoutMs: 20_000 });
		expect(refused.code).toBe(2);
		expect(refused.stderr.trim().split('\n')).toHaveLength(1);
		expect(refused.stderr).toMatch(/^Not starting: learners' code cannot be isolated here \(.*\)\. Pass --no-isolation to grade anyway/);
		// Told --no-isolation, it goes on to the queue (here: nothing listening, so one sentence, exit 2).
		const allowed = await runCli(['--lessons', graderPack, 'grade-worker', '--queue', 'redis://127.0.0.1:1', '--no-isolation'], { env, timeoutMs: 20_000 });
		expect(allowed.code).toBe(2);
		expect(allowed.stderr).not.toMatch(/cannot be isolated/);
	});

	it('a bad address: one sentence, exit 2', async () => {
		const result = await runCli(['--lessons', graderPack, 'grade', path.join(root, 'class'), '--queue', 'http://127.0.0.1:6379'], { env: process.env, timeoutMs: 20_000 });
		expect(result.code).toBe(2);
		expect(result.stderr.trim()).toBe('"http://127.0.0.1:6379" is not a queue address: it must start with redis:// (or rediss:// for TLS).');
		const worker = await runCli(['--lessons', graderPack, 'grade-worker', '--queue', 'redis://127.0.0.1:notaport'], { env: process.env, timeoutMs: 20_000 });
		expect(worker.code).toBe(2);
		expect(worker.stderr.trim().split('\n')).toHaveLength(1);
	});
});
