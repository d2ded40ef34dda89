// A child process that hashes text. You do not need to change it.
//
// Started with fork(), it has an IPC channel to its parent. Each message it receives is a string; it
// answers with { digest } (the SHA-256 of the string, in hex). Its 'message' listener keeps the channel,
// and so the process, alive: it keeps listening until the parent closes the channel
// (child.disconnect()) or kills it.
import { createHash } from 'node:crypto';

process.on('message', (text: string) => {
	const digest = createHash('sha256').update(String(text)).digest('hex');
	process.send!({ digest });
});
