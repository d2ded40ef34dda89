// Wrong: gives the permit back as soon as fetch() resolves. fetch() resolves when the headers arrive;
// the body is still streaming in, and the next request already starts. The limit holds for headers,
// not for transfers: the server sees more than `limit` downloads going on at once.
/** asyncio.Semaphore for promises: at most `permits` holders at once, the rest wait in line. */
class Semaphore {
	private readonly waiting: Array<() => void> = [];

	constructor(private permits: number) {}

	async acquire(): Promise<void> {
		if (this.permits > 0) {
			this.permits--;
			return;
		}
		await new Promise<void>((resolve) => this.waiting.push(resolve));
		// release() handed its permit straight to us: nobody can take it in between
	}

	release(): void {
		const next = this.waiting.shift();
		if (next) next();
		else this.permits++;
	}
}

/**
 * Downloads every URL, with at most `limit` requests in flight at any moment, and resolves with the
 * bodies in the order of `urls`.
 */
export async function downloadAll(urls: string[], limit: number): Promise<Uint8Array[]> {
	const semaphore = new Semaphore(limit);
	return Promise.all(
		urls.map(async (url) => {
			await semaphore.acquire();
			let response: Response;
			try {
				response = await fetch(url); // resolves as soon as the HEADERS are in
			} finally {
				semaphore.release(); // too early: the body is still on its way
			}
			if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
			return new Uint8Array(await response.arrayBuffer());
		}),
	);
}
