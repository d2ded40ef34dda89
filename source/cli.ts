// The `conc-tutor` executable: parse, dispatch, exit. Everything else lives in source/cli/ and
// source/commands/, so that tests can run the same code in-process.
import { main } from './cli/program.js';
import { processIo } from './cli/io.js';

// `conc-tutor list | head` closes the pipe early; that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
	if (error.code === 'EPIPE') process.exit(0);
	throw error;
});

// `verify` needs a sandbox process: start it first, so its start-up overlaps ours (parsing, loading the
// lesson pack, compiling). If the command turns out to be something else, the unused sandbox ends when we exit.
if (process.argv.slice(2).includes('verify')) (await import('./grader/verify.js')).prepareSpare();

process.exitCode = await main(process.argv.slice(2), processIo());
