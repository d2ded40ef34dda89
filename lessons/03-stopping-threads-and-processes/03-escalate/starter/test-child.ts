// The kind of child the grader stops with your stopChild. You do not need to change it (the grader
// runs its own copy): it shows what your code is up against.
//
// Every child runs this same program. Its first message says how it will answer SIGTERM:
// - polite ({ stubborn: false, cleanupMs }): it finishes up for cleanupMs (40–120 ms) and exits with
//   code 0;
// - stubborn ({ stubborn: true }): it ignores SIGTERM and works on; only SIGKILL ends it.
// Then it tells its parent 'ready'. Nothing in its file name or arguments says which kind it is.
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

process.once('message', async ({ stubborn, cleanupMs }: { stubborn: boolean; cleanupMs: number }) => {
	let stopping = false;
	process.on('SIGTERM', () => {
		stopping = true;
	});
	process.send!('ready');
	if (stubborn) {
		setInterval(() => {}, 20);
		return;
	}
	while (!stopping) await sleep(20);
	await sleep(cleanupMs); // finishing up
	process.exit(0);
});
