// Wrong: keeps ONE resolver process for every lookup, and on a timeout simply stops waiting. The
// resolver is still busy with the old name; when its late answer finally comes, it is handed to
// whichever lookup is waiting now — the wrong name gets it. A hanging name blocks every later lookup.
import { fork, type ChildProcess } from 'node:child_process';

let resolver: ChildProcess | undefined;
const waiting: Array<(address: string) => void> = []; // each answer goes to the oldest waiting lookup

function shared(): ChildProcess {
	if (!resolver) {
		resolver = fork(new URL('./resolver-child.js', import.meta.url));
		resolver.on('message', (address: string) => waiting.shift()?.(address));
	}
	return resolver;
}

export function lookup(name: string, timeoutMs: number): Promise<string | null> {
	return new Promise((resolve) => {
		const take = (address: string) => {
			clearTimeout(timer);
			resolve(address);
		};
		const timer = setTimeout(() => {
			waiting.splice(waiting.indexOf(take), 1); // stop waiting; the resolver keeps working on it
			resolve(null);
		}, timeoutMs);
		waiting.push(take);
		shared().send(name);
	});
}
