// Wrong: one limit for the whole batch. It races Promise.all of the downloads against one timer and, when
// the timer wins, cancels everything and answers null for every URL: the pictures that did arrive in
// time are thrown away because of the slow ones.
export async function downloadWithin(urls: string[], timeoutMs: number): Promise<Array<Uint8Array | null>> {
	const controller = new AbortController();
	const all = Promise.all(
		urls.map(async (url) => new Uint8Array(await (await fetch(url, { signal: controller.signal })).arrayBuffer())),
	);
	all.catch(() => {});
	let timer: ReturnType<typeof setTimeout> | undefined;
	const expired = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
	const files = await Promise.race([all, expired]);
	clearTimeout(timer);
	if (files) return files;
	controller.abort();
	return urls.map(() => null);
}
