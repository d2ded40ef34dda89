// WRONG: forgets that `signal` may be missing. Every call the grader makes with a signal works; a slow
// name looked up without one times out, and then `signal.aborted` throws a TypeError instead of
// giving null.
import { lookupAsync } from './lab/fake-resolver.js';

export async function lookupWithin(name: string, timeoutMs: number, signal?: AbortSignal): Promise<string | null> {
	const timeout = AbortSignal.timeout(timeoutMs);
	const either = signal ? AbortSignal.any([signal, timeout]) : timeout;
	try {
		return await lookupAsync(name, { signal: either });
	} catch (error) {
		if (signal!.aborted) throw error;
		if (timeout.aborted) return null;
		throw error;
	}
}
