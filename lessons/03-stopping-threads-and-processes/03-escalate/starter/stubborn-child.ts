// A child process that ignores SIGTERM. You do not need to change it.
// It says 'ready', then works forever. On SIGTERM it tells its parent { got: 'SIGTERM' } and carries on.
// Only SIGKILL, which no process can catch, ends it.
process.on('SIGTERM', () => {
	process.send!({ got: 'SIGTERM' });
});
process.send!('ready');
setInterval(() => {}, 20);
