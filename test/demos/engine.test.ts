// The engine base: a worker that throws fails the phase, not the process; its timers and workers end.
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { DemoEngine } from '../../source/demos/engine.js';
import { noWorkersLeft } from '../helpers/demo-workers.js';

interface Model {
	ticks: number;
	error?: string;
}

class FailingDemo extends DemoEngine<Model> {
	constructor() {
		super({ ticks: 0 });
	}

	protected failed(error: Error): void {
		this.model.error = error.message;
	}

	run(): Promise<unknown> {
		return this.exclusive(async () => {
			// A healthy worker that would run forever, and one that throws a moment later.
			this.workers.spawn('setInterval(() => {}, 1000);');
			this.workers.spawn("setTimeout(() => { throw new Error('boom'); }, 50);");
			this.every(5, () => {
				this.model.ticks += 1;
				this.emit();
			});
			await new Promise<void>(() => {}); // waits for results that never come
		});
	}
}

describe('demo engine', () => {
	it('a worker that throws fails the phase: the error is in the snapshot, timers and workers are ended', async () => {
		const demo = new FailingDemo();
		await expect(demo.run()).resolves.toBeUndefined();
		expect(demo.snapshot.error).toBe('boom');
		expect(demo.isRunning).toBe(false);
		await noWorkersLeft();
		const ticks = demo.snapshot.ticks;
		await delay(50);
		expect(demo.snapshot.ticks).toBe(ticks);
	});

	it('one phase at a time, and nothing runs after stop()', async () => {
		const demo = new FailingDemo();
		const first = demo.run();
		await expect(demo.run()).rejects.toThrow('already running');
		await demo.stop();
		await expect(first).resolves.toBeUndefined();
		await expect(demo.run()).resolves.toBeUndefined();
		await noWorkersLeft();
	});
});
