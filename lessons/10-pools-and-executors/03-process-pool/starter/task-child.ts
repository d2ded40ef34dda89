// The grader's task process: you do not need to change this file.
//
// It runs one task per IPC message, for as long as its channel to the parent is open. A task keeps
// one core busy for `spins` rounds of arithmetic (about 90-120 ms), then answers `x * x + 1`.
// When the parent disconnects the channel (child.disconnect()), nothing is left to wait for and this
// process exits by itself. child.kill() ends it at once.

export interface Task {
	x: number;
	spins: number;
}

function burn(spins: number): number {
	let h = 1;
	for (let i = 0; i < spins; i++) h = (Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) + i) | 0;
	return h;
}

process.on('message', (task: Task) => {
	const noise = burn(task.spins);
	process.send!(task.x * task.x + 1 + (noise & 0)); // (noise & 0) keeps the loop from being optimised away
});
