// Wrong: gives every download its own time limit (good), but never catches the timeout. The first
// download that runs out of time rejects, Promise.all rejects with it, and the files that did arrive
// are thrown away with it.
export function downloadWithin(urls: string[], timeoutMs: number): Promise<Array<Uint8Array | null>> {
	return Promise.all(
		urls.map(async (url) => {
			const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
			return new Uint8Array(await response.arrayBuffer());
		}),
	);
}
