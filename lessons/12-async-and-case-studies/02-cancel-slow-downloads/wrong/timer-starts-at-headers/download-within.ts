// Wrong: starts each download's clock when its headers arrive, to time only the body. A server that
// never sends the headers is never timed out, so downloadWithin waits for it forever.
export function downloadWithin(urls: string[], timeoutMs: number): Promise<Array<Uint8Array | null>> {
	return Promise.all(
		urls.map(async (url) => {
			const controller = new AbortController();
			try {
				const response = await fetch(url, { signal: controller.signal });
				const timer = setTimeout(() => controller.abort(), timeoutMs);
				try {
					return new Uint8Array(await response.arrayBuffer());
				} finally {
					clearTimeout(timer);
				}
			} catch (error) {
				if (controller.signal.aborted) return null;
				throw error;
			}
		}),
	);
}
