/** The load samples a coordination service holds for one agent: the newest `capacity`, in arrival order. */
export class LoadTrace {
  private readonly times: number[] = [];
  private readonly values: number[] = [];

  constructor(private readonly capacity: number) {}

  push(timeMs: number, value: number): void {
    this.times.push(timeMs);
    this.values.push(value);
    if (this.times.length > this.capacity) {
      this.times.shift();
      this.values.shift();
    }
  }

  snapshot(): { times: number[]; values: number[] } {
    return { times: [...this.times], values: [...this.values] };
  }
}
