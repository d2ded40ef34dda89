// WRONG: the ids are right (AsyncLocalStorage.run), but "a failing request must not crash the server":
// it catches fn's rejection, logs it and resolves with undefined. withRequestId is meant to return
// fn's promise: callers can no longer tell a failed request from a successful one.
import { AsyncLocalStorage } from 'node:async_hooks';
import { write } from './sink.js';

const current = new AsyncLocalStorage<string>();

export function withRequestId<T>(id: string, fn: () => Promise<T>): Promise<T> {
	return current.run(id, () =>
		fn().catch((error: unknown) => {
			log(`failed: ${String(error)}`);
			return undefined as T;
		}),
	);
}

export function requestId(): string | undefined {
	return current.getStore();
}

export function log(message: string): void {
	write(`[${requestId() ?? '-'}] ${message}`);
}
