// Starting and ending the demos' workers. Each demo keeps its worker code in a string constant and
// starts it with `eval: true`: the app is bundled into dist/ by esbuild, and a worker file would need
// its own build entry and a path that survives bundling, while a string travels inside the bundle.
import { Worker } from 'node:worker_threads';

/** Workers started by any demo that have not exited yet; tests check it drops back to 0. */
let live = 0;

export function liveDemoWorkers(): number {
	return live;
}

/** Every worker one demo engine has started, so that stop() can end all of them. */
export class WorkerGroup {
	private readonly workers = new Set<Worker>();
	private readonly exits = new Set<Promise<void>>();

	/**
	 * @param onError called when a worker throws. A Worker's 'error' event with no listener would
	 *   crash the whole TUI, so every worker gets one.
	 */
	constructor(private readonly onError: (error: Error) => void) {}

	spawn(code: string, workerData?: unknown): Worker {
		// stdout/stderr are piped to this process by default: a worker's stray output would be drawn
		// over Ink's frame, so demo workers report only by message and shared memory.
		const worker = new Worker(code, { eval: true, workerData, stdout: true, stderr: true });
		worker.stdout.resume();
		worker.stderr.resume();
		live += 1;
		this.workers.add(worker);
		this.exits.add(
			new Promise<void>((resolve) => {
				worker.once('exit', () => {
					live -= 1;
					this.workers.delete(worker);
					resolve();
				});
			}),
		);
		worker.on('error', (error) => this.onError(error instanceof Error ? error : new Error(String(error))));
		return worker;
	}

	get size(): number {
		return this.workers.size;
	}

	/** Ends every worker of this group and resolves once each has exited (not merely been asked to). */
	async terminateAll(): Promise<void> {
		await Promise.all([...this.workers].map((worker) => worker.terminate()));
		await Promise.all([...this.exits]);
		this.exits.clear();
	}
}

/** The next message from `worker` that satisfies `test`. */
export function nextMessage<T>(worker: Worker, test: (message: unknown) => message is T): Promise<T> {
	return new Promise((resolve) => {
		const listener = (message: unknown) => {
			if (!test(message)) return;
			worker.off('message', listener);
			resolve(message);
		};
		worker.on('message', listener);
	});
}

export const isType =
	<K extends string>(type: K) =>
	(message: unknown): message is { type: K } =>
		typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type;

/** Milliseconds on a clock that every thread of the process shares (performance.now() is per thread). */
export function sharedNow(): number {
	return performance.timeOrigin + performance.now();
}
