// Wrong: aborts with its own timer, but clears the timer as soon as fetch() resolves — that is, when
// the headers arrive. A server that sends headers and then stalls in the middle of the body is never
// timed out: reading that body waits forever.
export function downloadWithin(urls: string[], timeoutMs: number): Promise<Array<Uint8Array | null>> {
	return Promise.all(
		urls.map(async (url) => {
			const controller = new AbortController();
			const timer = setTimeout(() => controller.abort(), timeoutMs);
			try {
				const response = await fetch(url, { signal: controller.signal });
				clearTimeout(timer); // "we got a response, we're fine"
				return new Uint8Array(await response.arrayBuffer());
			} catch (error) {
				if (controller.signal.aborted) return null;
				throw error;
			}
		}),
	);
}
