// How the learner started conc-tutor, so that every command we print can be run as printed: after
// `npx conc-tutor` the bare name is not on their PATH.

/** `npx conc-tutor` when npx (npm exec) started us, else `conc-tutor`. */
export function invocation(env: NodeJS.ProcessEnv = process.env, script = process.argv[1] ?? ''): string {
	const viaNpx = env.npm_command === 'exec' || /[\\/]_npx[\\/]/.test(script);
	return viaNpx ? 'npx conc-tutor' : 'conc-tutor';
}
