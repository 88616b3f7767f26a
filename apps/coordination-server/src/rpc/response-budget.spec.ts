import { ERROR_ANSWER_BYTES, ResponseBudget } from './response-budget';

describe('ResponseBudget', () => {
  it('sets aside room for an error answer per answered call, so replacing any answer keeps within the budget', () => {
    const budget = ResponseBudget.of(2_000, [1, 'abc', undefined], true) as ResponseBudget;
    // 2,000 - framing (2 answers + 1) - reserved (1 + 320, 5 + 320).
    const free = 2_000 - 3 - (1 + ERROR_ANSWER_BYTES) - (5 + ERROR_ANSWER_BYTES);
    expect(budget.available(0)).toBe(1 + ERROR_ANSWER_BYTES + free);
    expect(budget.take(0, budget.available(0) + 1)).toBe(false);
    expect(budget.take(0, 1_000)).toBe(true);
    expect(budget.available(1)).toBe(5 + ERROR_ANSWER_BYTES + free - (1_000 - 1 - ERROR_ANSWER_BYTES));
    budget.takeReserved(1, 100);
    expect(budget.available(2)).toBe(free - (1_000 - 1 - ERROR_ANSWER_BYTES) + (5 + ERROR_ANSWER_BYTES - 100));
  });

  it('has no room when the ids alone would pass the budget', () => {
    expect(ResponseBudget.of(1_000, ['x'.repeat(1_000)], false)).toBeNull();
    expect(ResponseBudget.of(1_000, [1], false)?.available(0)).toBe(1_000);
  });
});
