// Reference: AsyncLocalStorage keeps a value per asynchronous call chain. run(id, fn) gives fn and
// everything it awaits or schedules the store `id`; code outside run() sees undefined. Two requests
// interleaving on the one thread each keep their own id, like threading.local() for threads.
import { AsyncLocalStorage } from 'node:async_hooks';
import { write } from './sink.js';

const current = new AsyncLocalStorage<string>();

export function withRequestId<T>(id: string, fn: () => Promise<T>): Promise<T> {
	return current.run(id, fn);
}

export function requestId(): string | undefined {
	return current.getStore();
}

export function log(message: string): void {
	write(`[${requestId() ?? '-'}] ${message}`);
}
