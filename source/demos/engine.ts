// What every demo engine shares: a model it updates as its workers report, snapshots of that model for
// subscribers (the Ink screens, tests), timers and workers that stop() ends, and one run at a time.
import { WorkerGroup } from './workers.js';

export type Listener<S> = (snapshot: S) => void;

const STOPPED = Symbol('stopped');

export abstract class DemoEngine<S extends object> {
	private readonly listeners = new Set<Listener<S>>();
	private readonly timers = new Set<NodeJS.Timeout>();
	private stopSignal!: () => void;
	/** Settles when stop() is called, so a run waiting on its workers can give up at once. */
	protected readonly stopping = new Promise<typeof STOPPED>((resolve) => {
		this.stopSignal = () => resolve(STOPPED);
	});
	protected readonly workers = new WorkerGroup((error) => this.failRun?.(error));
	/** Rejects the phase in progress; set while one runs. */
	private failRun?: (error: Error) => void;
	protected stopped = false;
	private running = false;
	private current: S;

	protected constructor(protected model: S) {
		this.current = structuredClone(model);
	}

	/** The latest snapshot: a copy, so React can compare old and new by reference. */
	get snapshot(): S {
		return this.current;
	}

	get isRunning(): boolean {
		return this.running;
	}

	/** Calls `listener` with each new snapshot; returns the unsubscribe function. */
	subscribe(listener: Listener<S>): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Publishes the model as a new snapshot. Nothing is published after stop(). */
	protected emit(): void {
		if (this.stopped) return;
		this.current = structuredClone(this.model);
		for (const listener of this.listeners) listener(this.current);
	}

	/** A phase failed (a worker threw): every demo shows it in its snapshot rather than crashing the TUI. */
	protected abstract failed(error: Error): void;

	/** Runs `fn` every `ms` until the returned cancel function is called or the engine stops. */
	protected every(ms: number, fn: () => void): () => void {
		if (this.stopped) return () => {};
		const timer = setInterval(fn, ms);
		this.timers.add(timer);
		return () => {
			clearInterval(timer);
			this.timers.delete(timer);
		};
	}

	protected sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				resolve();
			}, ms);
			this.timers.add(timer);
		});
	}

	/**
	 * Runs one phase of the demo: one at a time, since a phase's workers share memory laid out for it.
	 * Resolves with the phase's result, or undefined when stop() came first or the phase failed (then
	 * `failed` has recorded why, and the phase's workers are ended: others may wait on a lock forever).
	 */
	protected async exclusive<T>(phase: () => Promise<T>): Promise<T | undefined> {
		if (this.stopped) return undefined;
		if (this.running) throw new Error('a demo phase is already running');
		this.running = true;
		const failure = new Promise<never>((_, reject) => {
			this.failRun = reject;
		});
		try {
			const result = await Promise.race([phase(), this.stopping, failure]);
			return result === STOPPED ? undefined : (result as T);
		} catch (error) {
			// The phase will never reach its own clean-up: end its timers and workers here.
			this.clearTimers();
			await this.workers.terminateAll();
			this.failed(error instanceof Error ? error : new Error(String(error)));
			return undefined;
		} finally {
			this.failRun = undefined;
			this.running = false;
			// The phase's final snapshot is published only now, so whoever sees it can start the next.
			this.emit();
		}
	}

	/** Ends every worker and timer this engine started; resolves once every worker has exited. */
	async stop(): Promise<void> {
		this.stopped = true;
		this.stopSignal();
		this.clearTimers();
		await this.workers.terminateAll();
	}

	private clearTimers(): void {
		for (const timer of this.timers) {
			clearInterval(timer);
			clearTimeout(timer);
		}
		this.timers.clear();
	}
}
