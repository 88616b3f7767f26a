/** Epoch milliseconds. Injected: core never reads the real clock itself, which keeps it deterministic. */
export type Clock = () => number;
