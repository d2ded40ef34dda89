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
			try {
				const response = await fetch(url);
				if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
				return new Uint8Array(await response.arrayBuffer()); // the body too, before the permit goes back
			} finally {
				semaphore.release();
			}
		}),
	);
}
