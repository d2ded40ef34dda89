/**
 * A mistake in how the tool was called (unknown command, flag or exercise id): reported as one line
 * on stderr with exit code 2. The message is a sentence that says what to do instead.
 */
export class UsageError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UsageError';
	}
}
