/** An exercise of a lesson pack, as loaded from disk (its checks are loaded only when grading). */
export interface Exercise {
	id: string;
	title: string;
	/** Folder name inside the lesson folder, e.g. "01-one-checker". */
	dir: string;
	/** Absolute path of the exercise folder in the pack. */
	path: string;
	lessonId: string;
	/** Files the learner edits (relative to the exercise folder); the first is the primary. */
	files: string[];
	task: string;
	hints: string[];
	/** Variant folder name → ids of the checks that may catch it: one of them must fail for it. */
	wrong: Record<string, string[]>;
	/** Absolute paths of the pack's lab files this exercise uses; copied into `lab/` beside the starter. */
	lab: string[];
}

export interface Lesson {
	id: string;
	title: string;
	summary: string;
	/** Folder name, e.g. "01-concurrency-vs-parallelism". */
	dir: string;
	path: string;
	body: string;
	demos: string[];
	exercises: Exercise[];
}

export interface LessonPack {
	root: string;
	lessons: Lesson[];
}
