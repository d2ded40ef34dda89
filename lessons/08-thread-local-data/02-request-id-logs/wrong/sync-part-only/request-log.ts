// WRONG: sets a module-level id, calls fn, and clears the id as soon as fn has returned its promise.
// That covers only fn's synchronous start: everything after its first `await` runs later, when the
// id is already gone (or belongs to another request), so those lines say "[-]".
import { write } from './sink.js';

let current: string | undefined;

export function withRequestId<T>(id: string, fn: () => Promise<T>): Promise<T> {
	const before = current;
	current = id;
	try {
		return fn();
	} finally {
		current = before;
	}
}

export function requestId(): string | undefined {
	return current;
}

export function log(message: string): void {
	write(`[${requestId() ?? '-'}] ${message}`);
}
