// Wrong: when the caller cancels, it rejects with an error of its own ("Lookup cancelled") instead of
// the caller's signal.reason. The caller cannot tell its own cancellation from any other failure.
import { lookupAsync } from './lab/fake-resolver.js';

export async function lookupWithin(name: string, timeoutMs: number, signal?: AbortSignal): Promise<string | null> {
	const timeout = AbortSignal.timeout(timeoutMs);
	const either = signal ? AbortSignal.any([signal, timeout]) : timeout;
	try {
		return await lookupAsync(name, { signal: either });
	} catch (error) {
		if (signal?.aborted) throw new Error('Lookup cancelled');
		if (timeout.aborted) return null;
		throw error;
	}
}
