// The parent side: start the job, and stop it politely with SIGTERM.

export interface JobEnd {
	code: number | null;
	signal: string | null;
}

export interface RunningJob {
	pid: number;
	/** Sends SIGTERM; resolves with how the child ended, once it has exited. */
	stop(): Promise<JobEnd>;
}

/** Forks job.ts with workDir as its argument; resolves when the job says 'ready'. */
export async function startJob(workDir: string): Promise<RunningJob> {
	throw new Error('not written yet');
}
