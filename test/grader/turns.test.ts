import { setImmediate as immediate, setTimeout as sleep } from 'node:timers/promises';
import { MessageChannel, Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { countTurns, idleAfterAnswer, watchHandoffs, type TurnCounter } from '../../source/grader/turns.js';

let counter: TurnCounter | undefined;
afterEach(() => counter?.stop());

describe('countTurns', () => {
	it('counts nothing for work handed on through promises, microtasks and nextTicks', async () => {
		counter = countTurns();
		const before = counter.now();
		await Promise.resolve();
		await new Promise<void>((resolve) => queueMicrotask(resolve));
		await new Promise<void>((resolve) => process.nextTick(resolve));
		for (let i = 0; i < 100; i++) await null;
		expect(counter.now()).toBe(before);
	});

	it('counts a turn for each timer, immediate and message callback', async () => {
		counter = countTurns();
		const start = counter.now();
		await sleep(1);
		const afterTimer = counter.now();
		expect(afterTimer).toBeGreaterThan(start);
		await immediate();
		const afterImmediate = counter.now();
		expect(afterImmediate).toBeGreaterThan(afterTimer);
		const { port1, port2 } = new MessageChannel();
		const got = new Promise((resolve) => port2.once('message', resolve));
		port1.postMessage('hi');
		await got;
		expect(counter.now()).toBeGreaterThan(afterImmediate);
		port1.close();
	});

	it('tells work done in the settling turn from work that waited for a short timer', async () => {
		counter = countTurns();
		const c = counter;
		let settle!: () => void;
		const settled = new Promise<void>((resolve) => (settle = resolve));
		const at: Record<string, number> = {};
		const direct = settled.then(() => (at.direct = c.now()));
		const polled = settled.then(() => sleep(0)).then(() => (at.polled = c.now()));
		setTimeout(() => {
			at.settled = c.now();
			settle();
		}, 5);
		await Promise.all([direct, polled]);
		expect(at.direct).toBe(at.settled);
		expect(at.polled!).toBeGreaterThan(at.settled!);
	});

	it('stops counting once stopped', async () => {
		counter = countTurns();
		counter.stop();
		const stopped = counter.now();
		await sleep(1);
		expect(counter.now()).toBe(stopped);
	});
});

describe('watchHandoffs', () => {
	/** A pool of one echo worker given `tasks` tasks; `handOn` passes the next one on after each answer. */
	async function echoPool(tasks: number, handOn: (send: () => void) => void) {
		const watch = watchHandoffs(Worker);
		try {
			const worker = new Worker("require('node:worker_threads').parentPort.on('message', (m) => require('node:worker_threads').parentPort.postMessage(m))", { eval: true });
			watch.queued(tasks);
			let sent = 0;
			let answered = 0;
			const send = () => worker.postMessage(sent++);
			await new Promise<void>((resolve) => {
				worker.on('message', () => {
					if (++answered === tasks) resolve();
					else if (sent < tasks) handOn(send);
				});
				send();
			});
			await worker.terminate();
			return [...watch.handoffs];
		} finally {
			watch.stop();
		}
	}

	it('finds no idle worker when each answer hands the next task on at once', async () => {
		const handoffs = await echoPool(4, (send) => send());
		expect(handoffs.filter((h) => h.kind === 'answer')).toHaveLength(4);
		expect(handoffs.filter((h) => h.kind === 'post')).toHaveLength(4);
		expect(idleAfterAnswer(handoffs)).toBeUndefined();
	});

	it('finds the idle worker when the next task waits for a timer, however short', async () => {
		const idle = idleAfterAnswer(await echoPool(4, (send) => setTimeout(send, 0)));
		expect(idle).toEqual({ waiting: 3, turnsLate: expect.any(Number) });
		expect(idle!.turnsLate).toBeGreaterThan(0);
	});
});
