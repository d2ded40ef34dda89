// Wrong: races each download against a timer. The caller gets null on time — but nothing tells
// fetch() to stop, so the slow requests stay open, holding a connection and the server's attention,
// for as long as the server takes.
const sleep = (ms: number) => new Promise<null>((resolve) => setTimeout(() => resolve(null), ms));

export function downloadWithin(urls: string[], timeoutMs: number): Promise<Array<Uint8Array | null>> {
	return Promise.all(
		urls.map((url) =>
			Promise.race([
				fetch(url).then(async (response) => new Uint8Array(await response.arrayBuffer())),
				sleep(timeoutMs),
			]),
		),
	);
}
