// Wrong: starts every download at once and ignores `limit`. Fine for 16 small files; with 10 000 it
// opens 10 000 connections at the same moment, which is exactly what the semaphore is there to stop.
export async function downloadAll(urls: string[], limit: number): Promise<Uint8Array[]> {
	return Promise.all(
		urls.map(async (url) => {
			const response = await fetch(url);
			return new Uint8Array(await response.arrayBuffer());
		}),
	);
}
