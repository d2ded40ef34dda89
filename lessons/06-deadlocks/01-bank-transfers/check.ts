import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { checks, defineExercise, type RunResult } from 'conc-tutor/kit';

const START_BALANCE = 1000;
/** Accounts, tellers and transfers per teller of the busy phase, from the seed. */
const accountsOf = (seed: number) => 4 + (mix(seed, 1) % 3);
const tellersOf = (seed: number) => 3 + (mix(seed, 2) % 3);
const TRANSFERS = 150;

function mix(seed: number, i: number): number {
	let h = Math.imul(seed ^ 0x5bd1e995, 0x85ebca6b) ^ Math.imul(i + 1, 0xc2b2ae35);
	h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
	h ^= h >>> 13;
	return h >>> 0;
}

/** One transfer of the serial phase; `setTo`: the balance the grader gives `from` as its lock is taken. */
interface Step {
	from: number;
	to: number;
	amount: number;
	setTo?: number;
	/** Its first tryLock, if it uses tryLock, fails as if another teller held the lock. */
	contended: boolean;
	/** What a serial replay says: the answer, and the balances after the step. */
	paid: boolean;
	after: number[];
}

/**
 * The serial phase: one teller, transfers one after another, so every answer is known. Amounts sit at
 * the edge (exactly the balance, one more), one in five is to the same account, and in one in four the
 * grader changes the balance of `from` at the moment its lock is taken (another teller's payment, as
 * it were): a transfer that looked at the balance before locking answers from a stale balance.
 */
function serialPlan(seed: number): { start: number[]; steps: Step[] } {
	const accounts = accountsOf(seed);
	const start = Array.from({ length: accounts }, (_, i) => 100 + (mix(seed, 10 + i) % 500));
	const balances = [...start];
	const steps: Step[] = [];
	for (let k = 0; k < 60; k++) {
		const r = (j: number) => mix(seed, 1000 + 10 * k + j);
		const from = r(0) % accounts;
		const to = r(1) % 5 === 0 ? from : (from + 1 + (r(2) % (accounts - 1))) % accounts;
		let setTo: number | undefined;
		if (r(3) % 4 === 0) setTo = 50 + (r(4) % 400);
		const seen = setTo ?? balances[from]!;
		const edge = r(5) % 4;
		const amount = Math.max(1, edge === 0 ? seen : edge === 1 ? seen + 1 : edge === 2 ? seen - 1 - (r(6) % 40) : 1 + (r(6) % 600));
		if (setTo !== undefined) balances[from] = setTo;
		const paid = balances[from]! >= amount;
		if (paid && from !== to) {
			balances[from] -= amount;
			balances[to] += amount;
		}
		steps.push({ from, to, amount, setTo, contended: r(7) % 3 === 0, paid, after: [...balances] });
	}
	return { start, steps };
}

const DRIVER = `// The grader's teller: teller-worker.ts, plus a record of which locks each transfer took.
import { parentPort, workerData } from 'node:worker_threads';
import { Mutex } from './lab/mutex.js';
import { transfer } from './bank.js';
const { balances, locks, transfers, gate, tellers, setTo, contended } = workerData;
const view = new Int32Array(balances);
const nap = new Int32Array(new SharedArrayBuffer(4));
const slow = () => Atomics.wait(nap, 0, 0, 0.3);
const serial = tellers === 1; // alone, every change to the accounts is this transfer's
let call = null; // the transfer under way: which locks it took, which it holds
function slowed(mutex, index) {
	const taken = () => {
		if (!call) return;
		call.took.add(index);
		call.held.add(index);
		if (call.held.has(call.from) && call.held.has(call.to)) call.both = true;
		if (serial && view[index] !== call.seen[index]) call.unguarded.add(index); // changed before its lock
		// The grader's own payment into or out of 'from', made the moment its lock is taken.
		if (index === call.from && call.setTo !== undefined && !call.set) {
			call.set = true;
			view[index] = call.setTo;
		}
		call.seen[index] = view[index];
	};
	return Object.assign(Object.create(mutex), {
		lock() { mutex.lock(); taken(); slow(); },
		tryLock(timeoutMs) {
			// As if another teller held it: the first tryLock of a 'contended' transfer fails after its timeout.
			if (call && call.contended) {
				call.contended = false;
				Atomics.wait(nap, 0, 0, Math.min(Number(timeoutMs) || 0, 5));
				return false;
			}
			const got = mutex.tryLock(timeoutMs);
			if (got) { taken(); slow(); }
			return got;
		},
		unlock() {
			if (call) { call.held.delete(index); call.seen[index] = view[index]; }
			mutex.unlock();
		},
	});
}
const wrapped = locks.map((handle, i) => slowed(Mutex.from(handle), i));
const g = new Int32Array(gate);
Atomics.add(g, 0, 1);
while (Atomics.load(g, 0) < tellers) {}
const answers = [];
const unlocked = [];
let unlockedCount = 0;
for (let k = 0; k < transfers.length; k++) {
	const [from, to, amount] = transfers[k];
	call = { from, to, took: new Set(), held: new Set(), both: false, unguarded: new Set(), seen: [...view], setTo: setTo?.[k] ?? undefined, set: false, contended: !!contended?.[k] };
	const paid = transfer(view, wrapped, from, to, amount);
	answers.push(paid);
	const touched = [...new Set([from, to])];
	// Changed after its lock was released (or never locked at all): the last value seen under the lock differs.
	if (serial) for (const i of touched) if (view[i] !== call.seen[i]) call.unguarded.add(i);
	const missing = touched.filter((i) => !call.took.has(i));
	// Money that moved between two accounts left one and reached the other under both locks at once.
	const apart = paid === true && from !== to && !call.both;
	if (missing.length || call.held.size || call.unguarded.size || apart) {
		unlockedCount++;
		if (unlocked.length < 5) unlocked.push({ k, from, to, missing, stillHeld: [...call.held], unguarded: [...call.unguarded], apart });
	}
	call = null;
}
parentPort.postMessage({ answers, unlocked, unlockedCount });
`;

/** The busy phase's transfers for teller t: any two accounts, one in five from an account to itself. */
function busyTransfers(seed: number, t: number): Array<[number, number, number]> {
	const accounts = accountsOf(seed);
	return Array.from({ length: TRANSFERS }, (_, k) => {
		const r = (j: number) => mix(seed, 100_000 + 1000 * t + 4 * k + j);
		const from = r(0) % accounts;
		const to = r(1) % 5 === 0 ? from : r(2) % accounts;
		return [from, to, 1 + (r(3) % 400)];
	});
}

interface TellerReport {
	answers: boolean[];
	unlocked: Array<{ k: number; from: number; to: number; missing: number[]; stillHeld: number[]; unguarded: number[]; apart: boolean }>;
	unlockedCount: number;
}

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
		writeFileSync(path.join(ctx.dir, 'grader-teller-worker.js'), DRIVER);
		const accounts = accountsOf(ctx.seed);
		const start = (workerData: unknown) => {
			const worker = new Worker(path.join(ctx.dir, 'grader-teller-worker.js'), { workerData });
			return new Promise<TellerReport>((resolve, reject) => {
				worker.once('message', resolve);
				worker.once('error', reject);
			});
		};
		// A lab Mutex is a name and 4 bytes of shared memory (see lab/mutex.ts, MutexHandle).
		const newLocks = (phase: string) => Array.from({ length: accounts }, (_, i) => ({ name: `${phase} account ${i}`, buffer: new SharedArrayBuffer(4) }));

		// 1. Serial: one teller, every answer known.
		const plan = serialPlan(ctx.seed);
		const serialBalances = new SharedArrayBuffer(4 * accounts);
		new Int32Array(serialBalances).set(plan.start);
		ctx.mark('serial transfers');
		const serial = await start({
			balances: serialBalances,
			locks: newLocks('serial'),
			transfers: plan.steps.map((s) => [s.from, s.to, s.amount]),
			setTo: plan.steps.map((s) => s.setTo ?? null),
			contended: plan.steps.map((s) => s.contended),
			gate: new SharedArrayBuffer(4),
			tellers: 1,
		});
		ctx.report('serial', { answers: serial.answers, balances: Array.from(new Int32Array(serialBalances)) });

		// 2. Busy: several tellers at once, from a start gate.
		const balances = new SharedArrayBuffer(4 * accounts);
		new Int32Array(balances).fill(START_BALANCE);
		const locks = newLocks('busy');
		const gate = new SharedArrayBuffer(4);
		ctx.mark('tellers start');
		const tellers = await Promise.all(
			Array.from({ length: tellersOf(ctx.seed) }, (_, t) => start({ balances, locks, transfers: busyTransfers(ctx.seed, t), gate, tellers: tellersOf(ctx.seed) })),
		);
		ctx.report('tellers', tellers.map((t) => ({ moved: t.answers.filter(Boolean).length, refused: t.answers.filter((a) => !a).length })));
		ctx.report('unlocked', [serial, ...tellers].flatMap((t) => t.unlocked).slice(0, 5));
		ctx.report('unlockedCount', [serial, ...tellers].reduce((n, t) => n + t.unlockedCount, 0));
		ctx.report('balances', Array.from(new Int32Array(balances)));
	},
	checks: [
		checks.noDeadlock({ hint: 0 }),
		checks.value(
			'money-conserved',
			'no money appears or disappears',
			'balances',
			(balances: number[], run) => {
				const total = balances.reduce((a, b) => a + b, 0);
				const want = accountsOf(run.seed) * START_BALANCE;
				return total === want || `the accounts hold ${total} in all, not ${want}: ${JSON.stringify(balances)}`;
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
			(tellers: Array<{ moved: number; refused: number }>, run) => {
				const answered = tellers.reduce((n, t) => n + t.moved + t.refused, 0);
				const want = tellersOf(run.seed) * TRANSFERS;
				if (answered !== want) return `${answered} of ${want} transfers were answered`;
				return tellers.some((t) => t.moved > 0) || 'not a single transfer moved money';
			},
		),
		checks.value(
			'pays-exactly',
			'a transfer pays exactly when `from` holds at least the amount at the time it holds the locks, and says so',
			'serial',
			(got: { answers: boolean[]; balances: number[] }, run) => {
				const { start, steps } = serialPlan(run.seed);
				for (let k = 0; k < steps.length; k++) {
					const s = steps[k]!;
					const before = k === 0 ? start : steps[k - 1]!.after;
					const had = s.setTo ?? before[s.from]!;
					const what = `transfer ${k + 1} of the one-teller run, ${s.amount} from account ${s.from} to ${s.to === s.from ? 'itself' : `account ${s.to}`} (account ${s.from} held ${had}${s.setTo !== undefined ? ' when its lock was taken' : ''})`;
					if (got.answers[k] !== s.paid) return `${what} returned ${String(got.answers[k])}; expected ${s.paid}`;
				}
				const want = steps[steps.length - 1]!.after;
				return JSON.stringify(got.balances) === JSON.stringify(want) || `after the one-teller run the balances are ${JSON.stringify(got.balances)}; expected ${JSON.stringify(want)}`;
			},
			{ hint: 2 },
		),
		checks.custom(
			'locks-touched',
			'every transfer takes the lock of each account it touches, holds both while money moves, and releases them before it returns',
			(run) => {
				const count = run.values.unlockedCount as number | undefined;
				const list = (run.values.unlocked as TellerReport['unlocked'] | undefined) ?? [];
				if (count === undefined) return 'the tellers did not report';
				if (count === 0) return { status: 'pass', message: 'every transfer held the locks of its accounts' };
				const first = list[0]!;
				const which = `a transfer from account ${first.from} to ${first.to === first.from ? 'itself' : `account ${first.to}`}`;
				if (first.missing.length) return `${which} never locked account ${first.missing.join(' or ')} (${count} transfers like it): it read or changed an account without holding its lock`;
				if (first.unguarded.length) return `${which} changed account ${first.unguarded.join(' and ')} while not holding its lock (${count} transfers like it)`;
				if (first.apart) return `${which} moved money without ever holding both accounts' locks at once (${count} transfers like it): between the two steps the money was in neither account, and anyone looking then saw it gone`;
				return `${which} returned still holding the lock of account ${first.stillHeld.join(' and ')} (${count} transfers like it)`;
			},
			{ hint: 2 },
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
