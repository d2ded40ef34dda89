import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { checks, defineExercise, type RunResult } from 'conc-tutor/kit';

const ACCOUNTS = 5;
const START_BALANCE = 1000;
const TELLERS = 4;
const TRANSFERS = 150; // per teller

/** Most account locks one thread held at the same moment, from the lab Mutex's lock events. */
function mostLocksHeld(run: RunResult): { most: number; who: string } {
	const held = new Map<string, Set<string>>();
	let most = 0;
	let who = '';
	for (const event of run.trace.events) {
		if (event.type !== 'lock-acquired' && event.type !== 'lock-released') continue;
		const thread = `${event.pid}/${event.threadId}`;
		const locks = held.get(thread) ?? new Set<string>();
		held.set(thread, locks);
		if (event.type === 'lock-acquired') locks.add(event.lock);
		else locks.delete(event.lock);
		if (locks.size > most) {
			most = locks.size;
			who = `worker ${event.threadId}`;
		}
	}
	return { most, who };
}

export default defineExercise({
	limits: { timeoutMs: 8000 },
	async run(ctx) {
		const balances = new SharedArrayBuffer(4 * ACCOUNTS);
		new Int32Array(balances).fill(START_BALANCE);
		// A lab Mutex is a name and 4 bytes of shared memory (see lab/mutex.ts, MutexHandle).
		const locks = Array.from({ length: ACCOUNTS }, (_, i) => ({ name: `account ${i}`, buffer: new SharedArrayBuffer(4) }));
		const gate = new SharedArrayBuffer(4);
		const tellers = Array.from({ length: TELLERS }, () => {
			// Random transfers between any two accounts (about one in five from an account to itself).
			const transfers = Array.from({ length: TRANSFERS }, () => [
				ctx.randomInt(0, ACCOUNTS - 1),
				ctx.randomInt(0, ACCOUNTS - 1),
				ctx.randomInt(1, 400),
			]);
			const worker = new Worker(path.join(ctx.dir, 'teller-worker.js'), {
				workerData: { balances, locks, transfers, gate, tellers: TELLERS },
			});
			return new Promise<{ moved: number; refused: number }>((resolve, reject) => {
				worker.once('message', resolve);
				worker.once('error', reject);
			});
		});
		ctx.report('tellers', await Promise.all(tellers));
		ctx.report('balances', Array.from(new Int32Array(balances)));
	},
	checks: [
		checks.noDeadlock({ hint: 0 }),
		checks.value(
			'money-conserved',
			'no money appears or disappears',
			'balances',
			(balances: number[]) => {
				const total = balances.reduce((a, b) => a + b, 0);
				return total === ACCOUNTS * START_BALANCE || `the accounts hold ${total} in all, not ${ACCOUNTS * START_BALANCE}: ${JSON.stringify(balances)}`;
			},
			{ hint: 2 },
		),
		checks.value(
			'never-overdrawn',
			'no account ends below zero',
			'balances',
			(balances: number[]) => balances.every((b) => b >= 0) || `an account went below zero: ${JSON.stringify(balances)}`,
			{ hint: 2 },
		),
		checks.value(
			'every-transfer-answered',
			'every transfer returned true or false, and some money moved',
			'tellers',
			(tellers: Array<{ moved: number; refused: number }>) => {
				const answered = tellers.reduce((n, t) => n + t.moved + t.refused, 0);
				if (answered !== TELLERS * TRANSFERS) return `${answered} of ${TELLERS * TRANSFERS} transfers were answered`;
				return tellers.some((t) => t.moved > 0) || 'not a single transfer moved money';
			},
		),
		checks.custom(
			'locks-two-accounts',
			'a transfer locks only the accounts it touches (at most two at once)',
			(run) => {
				const { most, who } = mostLocksHeld(run);
				if (most === 0) return 'no account lock was ever taken; use locks[i] to guard account i';
				return most <= 2
					? { status: 'pass', message: `at most ${most} account locks held by one thread` }
					: `${who} held ${most} account locks at once; a transfer needs only the two accounts it touches, so transfers between other accounts could go on at the same time`;
			},
			{ hint: 1 },
		),
		checks.noLeaks(),
	],
});
