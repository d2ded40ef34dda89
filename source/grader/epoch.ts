// Epoch milliseconds, finer than Date.now(), that agree across processes and threads to about a
// millisecond. performance.timeOrigin does not: each process reads its wall clock and its monotonic
// clock at different moments of its start-up, and a busy machine puts up to tens of ms between them.
const origin = Date.now() - performance.now();

export const epochNow = (): number => origin + performance.now();
