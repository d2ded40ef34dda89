// A well-behaved child process. You do not need to change it.
// It says 'ready', then works. On SIGTERM it tells its parent { got: 'SIGTERM' }, takes about 80 ms to
// finish its work and clean up, and exits with code 0.
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let stopping = false;
process.on('SIGTERM', () => {
	stopping = true;
	process.send!({ got: 'SIGTERM' });
});
process.send!('ready');
while (!stopping) await sleep(20);
await sleep(80); // finishing up
process.exit(0);
