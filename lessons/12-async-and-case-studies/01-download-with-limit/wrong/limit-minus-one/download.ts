// Wrong: a correct semaphore, started with one permit too few ("to be safe"): never more than
// limit - 1 downloads at once, so the limit the caller asked for is never used.
class Semaphore {
	private readonly waiting: Array<() => void> = [];
	constructor(private permits: number) {}
	async acquire(): Promise<void> {
		if (this.permits > 0) {
			this.permits--;
			return;
		}
		await new Promise<void>((resolve) => this.waiting.push(resolve));
	}
	release(): void {
		const next = this.waiting.shift();
		if (next) next();
		else this.permits++;
	}
}

export async function downloadAll(urls: string[], limit: number): Promise<Uint8Array[]> {
	const semaphore = new Semaphore(limit - 1);
	return Promise.all(
		urls.map(async (url) => {
			await semaphore.acquire();
			try {
				return new Uint8Array(await (await fetch(url)).arrayBuffer());
			} finally {
				semaphore.release();
			}
		}),
	);
}
