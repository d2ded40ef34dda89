// Wrong: no timeout at all. It waits for the child's answer, however long that takes — and a name
// whose lookup hangs never answers, so this promise never settles.
import { fork } from 'node:child_process';

export function lookup(name: string, timeoutMs: number): Promise<string | null> {
	return new Promise((resolve) => {
		const child = fork(new URL('./resolver-child.js', import.meta.url));
		child.once('message', (address: string) => {
			child.kill();
			resolve(address);
		});
		child.send(name);
	});
}
