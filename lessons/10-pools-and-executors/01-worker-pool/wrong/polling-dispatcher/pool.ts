// Wrong: no hand-off. run() only queues; a dispatcher on a 60 ms setInterval gives waiting tasks to idle
// workers, and a worker that answers goes back on the idle list until the next tick. Every worker is busy
// again soon after each tick, but never at once: the worker that answered waits for the timer's look.
import { Worker } from 'node:worker_threads';

interface Job {
	task: unknown;
	resolve: (value: any) => void;
	reject: (error: unknown) => void;
}

/** How often the dispatcher looks for free workers and waiting tasks, ms. */
const TICK_MS = 60;

/**
 * A fixed-size pool of worker threads, like Python's ThreadPoolExecutor(max_workers=size).
 * A dispatcher loop (like a Python thread doing `while True: ...; time.sleep(tick)`) hands queued
 * tasks to idle workers.
 */
export class WorkerPool {
	private readonly workers = new Set<Worker>();
	private readonly idle: Worker[] = [];
	private readonly queue: Job[] = [];
	private readonly current = new Map<Worker, Job>();
	private readonly timer: ReturnType<typeof setInterval>;
	private closing = false;
	private drained?: () => void;

	constructor(
		private readonly file: URL,
		private readonly size: number,
	) {
		for (let i = 0; i < size; i++) this.startWorker();
		this.timer = setInterval(() => this.dispatch(), TICK_MS);
	}

	run<T = unknown>(task: unknown): Promise<T> {
		if (this.closing) return Promise.reject(new Error('the pool is closed'));
		return new Promise<T>((resolve, reject) => {
			this.queue.push({ task, resolve, reject });
		});
	}

	async close(): Promise<void> {
		this.closing = true;
		if (this.queue.length > 0 || this.current.size > 0) {
			await new Promise<void>((resolve) => (this.drained = resolve));
		}
		clearInterval(this.timer);
		await Promise.all([...this.workers].map((worker) => worker.terminate()));
	}

	private startWorker(): void {
		const worker = new Worker(this.file);
		this.workers.add(worker);
		worker.on('message', (answer) => {
			const job = this.current.get(worker)!;
			this.current.delete(worker);
			job.resolve(answer);
			this.idle.push(worker); // the dispatcher will give it more work on its next round
		});
		worker.on('error', (error) => {
			const job = this.current.get(worker);
			this.current.delete(worker);
			this.workers.delete(worker);
			job?.reject(error);
			if (!this.closing || this.queue.length > 0) this.startWorker();
		});
		this.idle.push(worker);
	}

	private dispatch(): void {
		while (this.idle.length > 0 && this.queue.length > 0) {
			const worker = this.idle.shift()!;
			const job = this.queue.shift()!;
			this.current.set(worker, job);
			worker.postMessage(job.task);
		}
		if (this.queue.length === 0 && this.current.size === 0) this.drained?.();
	}
}
