// The grader's task process: you do not need to change this file.
//
// It runs one task per IPC message, for as long as its channel to the parent is open. A task keeps
// one core busy for `spins` rounds of arithmetic (0.1 to 0.4 s, by machine), then answers with one message:
//   { value: x * x + 1, pid, from, to }
// where `from` and `to` are the clock times (ms) when this process started and finished the task, so
// the grader can see which tasks ran at the same time.
// When the parent disconnects the channel (child.disconnect()), nothing is left to wait for and this
// process exits by itself. child.kill() ends it at once.

export interface Task {
	x: number;
	spins: number;
}

export interface Answer {
	value: number;
	pid: number;
	from: number;
	to: number;
}

const clock = () => performance.timeOrigin + performance.now();

function burn(spins: number): number {
	let h = 1;
	for (let i = 0; i < spins; i++) h = (Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) + i) | 0;
	return h;
}

process.on('message', (task: Task) => {
	const from = clock();
	const noise = burn(task.spins);
	const answer: Answer = { value: task.x * task.x + 1 + (noise & 0), pid: process.pid, from, to: clock() };
	process.send!(answer); // (noise & 0) keeps the loop from being optimised away
});
