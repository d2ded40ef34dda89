// The grader's task worker: you do not need to change this file.
//
// It runs one task per message, for as long as it lives. A task sleeps `ms` milliseconds (with
// Atomics.wait, like a thread blocked in a slow call) and answers `x * x + 1`. While it runs, it counts
// itself in a shared "in flight" gauge, so the grader can see how many tasks ran at the same time.
// A task with `fail: true` throws instead of answering: the error is uncaught, so this worker dies, and
// your pool sees an 'error' event and then an 'exit' event on its Worker object.
import { parentPort } from 'node:worker_threads';

export interface Task {
	x: number;
	ms: number;
	fail: boolean;
	/** Int32Array view: [0] tasks running now, [1] most ever running at once, [2] never changes (a place to sleep on). */
	gauge: SharedArrayBuffer;
}

parentPort!.on('message', (task: Task) => {
	const gauge = new Int32Array(task.gauge);
	const running = Atomics.add(gauge, 0, 1) + 1;
	let peak = Atomics.load(gauge, 1);
	while (running > peak) {
		const seen = Atomics.compareExchange(gauge, 1, peak, running);
		if (seen === peak) break;
		peak = seen;
	}
	Atomics.wait(gauge, 2, 0, task.ms); // nobody ever notifies slot 2: this just sleeps
	Atomics.sub(gauge, 0, 1);
	if (task.fail) throw new Error(`task ${task.x} failed on purpose`);
	parentPort!.postMessage(task.x * task.x + 1);
});
