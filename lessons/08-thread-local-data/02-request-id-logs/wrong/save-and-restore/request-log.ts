// WRONG: a module-level id, saved and restored around each request like a stack. Stacks work for
// nested calls on one thread, but concurrent requests do not nest: A sets its id, awaits, B sets its
// id, and A resumes with B's id still set. Restoring afterwards cannot undo the lines already written.
import { write } from './sink.js';

let current: string | undefined;

export async function withRequestId<T>(id: string, fn: () => Promise<T>): Promise<T> {
	const previous = current;
	current = id;
	try {
		return await fn();
	} finally {
		current = previous;
	}
}

export function requestId(): string | undefined {
	return current;
}

export function log(message: string): void {
	write(`[${requestId() ?? '-'}] ${message}`);
}
