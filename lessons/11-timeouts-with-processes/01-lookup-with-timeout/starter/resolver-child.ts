// The resolver process: you do not need to change this file.
//
// For each name it receives on its IPC channel, it does a *blocking* lookup (like Python's
// socket.gethostbyname) and sends back the address as a string. While a lookup blocks, this
// process does nothing else at all — it cannot even notice a message asking it to stop. Only a
// signal from outside (child.kill()) ends it then.
// It keeps serving names for as long as its channel is open.
import { lookupBlocking } from './lab/fake-resolver.js';

process.on('message', (name: string) => {
	process.send!(lookupBlocking(name));
});
