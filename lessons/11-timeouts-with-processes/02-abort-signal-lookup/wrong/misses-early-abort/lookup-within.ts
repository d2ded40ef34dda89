// Wrong: follows the caller's signal through its 'abort' event alone. A signal that was aborted before
// the call never fires that event again, so the lookup runs on and ends in the fallback (null) instead
// of rejecting with the caller's reason.
import { lookupAsync } from './lab/fake-resolver.js';

export async function lookupWithin(name: string, timeoutMs: number, signal?: AbortSignal): Promise<string | null> {
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(new Error('timed out')), timeoutMs);
	let cancelled = false;
	signal?.addEventListener(
		'abort',
		() => {
			cancelled = true;
			controller.abort(signal.reason);
		},
		{ once: true },
	);
	try {
		return await lookupAsync(name, { signal: controller.signal });
	} catch (error) {
		if (cancelled) throw signal!.reason;
		return null;
	} finally {
		clearTimeout(timer);
	}
}
