/** Prose of docs/effectiveness.md that does not come from the numbers. */

export const METHOD = `## How the simulation works

- **Virtual time, seeded.** A discrete-event simulation (binary-heap event queue, no sleeping). Every random stream — arrivals, task sizes, service-time noise, signal noise and delays, router draws, the coordination service's tie-breaks — is derived from the run seed and a stream name, and a scenario's task stream is drawn once and shared by every strategy (common random numbers), so strategies differ only by their decisions.
- **Agents.** Each has concurrency slots, a bounded FIFO queue (5 × slots; beyond it deliveries are rejected), log-normal service times (CV 0.5, times a per-task size with CV 0.4) that stretch by up to 25 % when every slot is busy, a mean quality with per-task noise, a price per task, capabilities, and optionally a degradation ramp (slower, worse) and outages — crashes (work in flight is lost and retried elsewhere; deliveries to a dead agent cost a 1 s connect timeout) or announced drains (availability 0, finish own work, reject new work).
- **Tasks.** Poisson arrivals with random bursts (1.3–1.8× for 10–30 s) and, in the spike scenario, a 2.2× spike; each task needs one capability, has a deadline of 6–12 s and a minimum quality (0.6 / 0.7 / 0.8). Utilisation figures are relative to what the fleet serves with every slot busy.
- **Signals.** Each agent reports through the real \`CoordinationService.registerSignals\` every 10–30 s (jittered), a batch measured at one instant and delivered after a log-normal delay (median ≈ 250 ms, long tail): load (in-flight ÷ slots, 1 when saturated or queueing, ± 0.04 noise), capacity (slots ÷ 16), quality (share of its last 50 tasks that met their bar), cost (price ÷ the fleet's highest), latency (mean of its last 50 tasks ÷ 10 s) and availability (1; 0 while draining; < 1 when it knows it is degraded). Quality and latency carry confidence n/20 while fewer than 20 tasks back them. Crashed agents report nothing, so their signals age out (TTL 60 s).
- **Routing.** Every task is routed by the shipped \`MessageRouter\` through \`router.begin(message)\`, the decision step its \`route()\` runs on; only delivery is simulated, in virtual time. So the router's own rules apply: \`candidates\` are the agents with the capability minus those that already failed this task, \`inFlight\` is the router's count of dispatched, unsettled deliveries, a strategy that throws or picks a non-candidate falls back to random, and \`onOutcome\` is called on every settled delivery (success, failure or crash), which ripple forwards to core as a completion. The simulated deployment keeps the router's defaults: no \`maxAttempts\`, so a failed delivery is retried until every capable agent has had the task once; the delivery timeout is not modelled (an accepted task is waited for however long it takes). Ripple is router-ripple's \`createRippleStrategy\` over an \`InProcessScoreSource\` on the same service the agents report to; \`ripple (no completion feedback)\` is the same strategy with \`onOutcome\` withheld. The oracle reads the agents' true state (queue, speed, degradation, health, quality) and sends each task to the agent most likely to finish it on time among those that probably meet its quality bar.
- **Outcomes.** Every task ends exactly once as *completed* (on time), *late*, *failed* (its last attempt hit a dead or crashing agent) or *dropped* (no agent has its capability, or its last attempt was rejected by a full queue); the run continues after arrivals stop until every task has settled.`;

/** What `--http` does; its figures are not on the page because they are not reproducible. */
export const HTTP_MODE = `## Over HTTP (\`npm run sim -- --http\`)

Everything above runs in virtual time against an in-process coordination service. \`--http\` runs ripple through the whole product path instead: a coordination-server started as a child process on 127.0.0.1 (\`node --import tsx apps/coordination-server/src/main.ts\`, a fresh one per run, stopped when the run ends or fails), each simulated agent reporting its signal batches through its own \`CoordinationClient\` and \`SignalReporter\` (\`@agentcore/coordination-client\`), and tasks routed by router-ripple in remote mode (\`createRippleFromConfig(loadRippleConfig({ RIPPLE_MODE: 'remote', … }))\`), whose \`RemoteScoreSource\` reads the agents' states back from the server in the background.

- **Scaled real time.** The server ages and expires signals against its own clock, so an HTTP run cannot jump through virtual time: it advances 60 simulated seconds per wall-clock second and yields to the network between steps. The scale turns the 60 s signal TTL into the server's whole-second TTL of 1 s (\`COORDINATION_SIGNAL_TTL=1\`), reports every 10–30 s into every 167–500 ms, and router-ripple's remote defaults (1 s refresh, 5 s staleness bound and circuit cool-down) into 17 ms, 83 ms and 83 ms; the network's own delay replaces the drawn report delay. The server's rate limit is off (loopback only).
- **Small and short.** HTTP runs use the quick build of the chosen scenario (default \`heterogeneous\`: 6 agents, 150 s of arrivals, ≈ 600 tasks, about 3 s of wall time per seed); an invocation that would take more than 55 s is refused before it starts, and each run is stopped past its own wall-time bound.
- **Compared on the same run.** The other strategies (random and power-of-two choices among them) do not read signals, so they run in virtual time on the same compressed scenario, task stream and seeds — pacing could not change any of their decisions — and \`ripple (in-process)\` is ripple over an in-process service on that run, for reference. The console prints the usual summary table (its \`ripple\` column is the HTTP run), then per run the signals sent and dropped, the share of ripple's decisions made on scores, its fallbacks by reason, and the longest simulated slice during which the simulation did not yield to the network.
- **Not bit-for-bit reproducible.** Events still fire in virtual-time order, but which reports and refreshes have reached the server and ripple's cache when a decision is made depends on real scheduling, so the ripple column varies a little between identical invocations (the other columns do not). HTTP figures are therefore not on this page; the simulator's tests run a 30 s scenario over HTTP so the path stays covered.`;

/** Figures the prose quotes, all measured in the same comparison (formatted). */
export interface ChangeFigures {
  /** Completion feedback: before (outcomes withheld) and after (ripple as shipped). */
  feedback?: {
    beforeVsP2c: string;
    afterVsP2c: string;
    beforeVsOracle: string;
    afterVsOracle: string;
    beforeVsRandom: string;
    afterVsRandom: string;
    beforeOverloads: string;
    afterOverloads: string;
    p2cOverloads: string;
    beforeP99Wins: string;
    afterP99Wins: string;
    /** Scenarios in which ripple without feedback finished fewer tasks well than random routing. */
    beforeBelowRandom: string[];
    afterBelowRandom: string[];
  };
  /** Quality factor: before (qualityEmphasis 0) and after (ripple as shipped). */
  qualityFactor?: {
    qualityCostBefore: string;
    qualityCostAfter: string;
    qualityCostOracle: string;
    beforeVsOracle: string;
    afterVsOracle: string;
    beforeVsRandom: string;
    afterVsRandom: string;
    qualityBefore: string;
    qualityAfter: string;
    costBefore: string;
    costAfter: string;
    /** Scenarios whose goodput fell by more than half a point with the factor. */
    worse: string[];
  };
  quality?: {
    name: string;
    qualityCostRipple: string;
    qualityCostVariant: string;
    qualityCostOracle: string;
    variantVsOracle: string;
    rippleVsOracle: string;
    qualityDelta: string;
    costRatio: string;
  };
  /** The per-message minimum-quality filter, measured as a proposal against ripple as shipped. */
  minQuality?: {
    name: string;
    /** [scenario, ripple goodput, variant goodput]. */
    perScenario: Array<[string, string, string]>;
    qualityCostJainRipple: string;
    qualityCostJainVariant: string;
    variantVsOracle: string;
    rippleVsOracle: string;
    variantVsP2c: string;
    rippleVsP2c: string;
    /** Mean quality difference and cost ratio against least-loaded. */
    variant: { quality: string; cost: string };
    ripple: { quality: string; cost: string };
    /** Scenarios whose goodput fell (rose) by more than half a point with the filter. */
    worse: string[];
    better: string[];
  };
  /** Per-scenario goodput ratios over random: [scenario, ripple ÷ random, oracle ÷ random]. */
  overRandom: Array<[string, string, string]>;
  /** Scenarios in which even the oracle stays below 1.41× random, and those in which it does not. */
  oracleBelowBar: string[];
  oracleAboveBar: string[];
  rippleVsRandom: string;
  rippleVsRoundRobin: string;
}

const list = (names: readonly string[]) => (names.length === 0 ? 'none' : names.map((n) => `\`${n}\``).join(', '));

/** "What changed in the product": completion feedback and the quality factor, with what each bought. */
export function changesText(f: ChangeFigures): string {
  const out: string[] = ['## What changed in the product, and what it bought', ''];
  if (f.feedback !== undefined) {
    const b = f.feedback;
    out.push(
      '### Completion feedback (core `recordCompletion`, router-ripple `onOutcome`)',
      '',
      'Ripple counts each pick as work on the chosen agent until the agent\'s next load signal. Before, completions never subtracted, so an agent that had finished its work still looked busy until it reported again, and the agent that had reported last looked idle by comparison and took whole bursts (herding by report phase). Now `CoordinationService.recordCompletion(agentId)` exists in coordination-core and `RippleStrategy.onOutcome` calls it through its score source for every settled delivery — success, failure or timeout. Effective load is therefore',
      '',
      '> effective load = reported load + (picks − completions since the last load signal) ÷ slots, floored at 0,',
      '',
      'with slots = capacity × `COORDINATION_CAPACITY_SCALE`, and a new load signal still resets the count (it brings in other routers\' work).',
      '',
      'Measured here as `ripple (no completion feedback)` (the same strategy with `onOutcome` withheld) against `ripple` as shipped:',
      '',
      `- SLA goodput relative to power-of-two choices: ${b.beforeVsP2c} before, ${b.afterVsP2c} after; relative to the oracle: ${b.beforeVsOracle} before, ${b.afterVsOracle} after; relative to random routing: ${b.beforeVsRandom} before, ${b.afterVsRandom} after (geometric means over scenarios).`,
      `- Overload events per scenario (mean): ${b.beforeOverloads} before, ${b.afterOverloads} after (power-of-two: ${b.p2cOverloads}).`,
      `- p99 latency at or below power-of-two's: ${b.beforeP99Wins} scenarios before, ${b.afterP99Wins} after.`,
      `- Scenarios in which ripple finished fewer tasks well than random routing: ${list(b.beforeBelowRandom)} before; ${list(b.afterBelowRandom)} after.`,
      '',
      'Per scenario:',
      '',
      '{{feedback-table}}',
      '',
    );
  }
  if (f.qualityFactor !== undefined) {
    const q = f.qualityFactor;
    out.push(
      '### Quality factor (core selection score)',
      '',
      'Quality is the share of tasks an agent does well: a probability of a good outcome. In the weighted sum alone a cheap agent that botches half its tasks can outscore a good one on cost and capacity, and ripple kept feeding such agents in the quality/cost scenario. The selection score now multiplies in quality the way it multiplies in congestion:',
      '',
      '> selection score = routing score × congestion × quality_score ^ (5 × quality weight)',
      '',
      'which is exponent 1 under the default weights; a profile that gives quality no weight (cost only, say) is not steered by it. Measured as `ripple (no quality factor)` (the same strategy with `qualityEmphasis: 0`) against `ripple` as shipped:',
      '',
      `- Quality/cost scenario SLA goodput: ${q.qualityCostBefore} before, ${q.qualityCostAfter} after (oracle ${q.qualityCostOracle}).`,
      `- Over all scenarios, relative to the oracle: ${q.beforeVsOracle} before, ${q.afterVsOracle} after; relative to random routing: ${q.beforeVsRandom} before, ${q.afterVsRandom} after (geometric means).`,
      `- Mean quality against least-loaded: ${q.qualityBefore} before, ${q.qualityAfter} after; cost per task against least-loaded: ${q.costBefore} before, ${q.costAfter} after — sending tasks to agents that can do them costs more where the good agents are the expensive ones.`,
      `- Scenarios whose goodput fell by more than half a point: ${list(q.worse)}.`,
      '',
    );
  }
  return out.join('\n');
}

export function diagnosis(f: ChangeFigures): string {
  const out: string[] = ['## Diagnosis', ''];
  if (f.quality !== undefined) {
    const q = f.quality;
    out.push(
      '### Quality/cost: quality now wins, at a cost',
      '',
      `With the quality factor ripple reaches ${q.qualityCostRipple} SLA goodput in the quality/cost scenario against the oracle's ${q.qualityCostOracle}, but the issue's target — better mean quality than least-loaded *at no higher cost* — stays missed where the good agents are the expensive ones: doing the tasks well costs more per task.`,
      '',
    );
    if (f.minQuality !== undefined) {
      const m = f.minQuality;
      out.push(
        `**A per-message minimum quality, measured and not shipped.** Only the task knows its bar, so the obvious next step is to let the message carry it and have ripple exclude candidates whose quality score (shrunk towards 0.5 by confidence and age, 0.5 when unknown) is below it while at least one candidate meets it — a hard filter like availability 0. \`${m.name}\` is exactly that, with each task's minimum quality:`,
        '',
        `- SLA goodput per scenario, ripple as shipped → with the filter: ${m.perScenario.map(([s, before, after]) => `${s} ${before} → ${after}`).join('; ')}.`,
        `- Over all scenarios: ${m.rippleVsOracle} → ${m.variantVsOracle} of the oracle's goodput, ${m.rippleVsP2c} → ${m.variantVsP2c} power-of-two's (geometric means).`,
        `- Against least-loaded: mean quality ${m.ripple.quality} → ${m.variant.quality}, cost per task ${m.ripple.cost} → ${m.variant.cost}.`,
        `- Scenarios whose goodput fell by more than half a point: ${list(m.worse)}; rose: ${list(m.better)}.`,
        '',
        `It does not reach the cost target and it costs goodput, for two reasons that a filter on the quality score cannot avoid. First, the quality signal is the share of an agent's recent tasks that met *their own* bars, not a quality level: a budget agent whose work clears a 0.6 bar most of the time but rarely a 0.7 one reports a low share, below every bar, so it is excluded from the low-bar tasks it could do — the cheap agent never gets the work the proposal meant to send it. Second, an agent that has not reported quality yet scores 0.5, below every bar in these scenarios; once some agents have reported, the others are excluded, get hardly a task and so hardly ever report — the filter starves them (Jain's index in the quality/cost scenario: ${m.qualityCostJainRipple} as shipped, ${m.qualityCostJainVariant} with the filter) and piles the work onto the rest. A minimum quality would need a quality *level* per agent (or the share done well per bar) and a way to keep trying agents it knows nothing about; neither is a scoring change.`,
        '',
      );
    }
    out.push(
      `What remains is to shift the default weights towards quality. \`${q.name}\` (ripple as shipped, with weights load .25, capacity .15, quality .35, cost .10, availability .15) reaches ${q.qualityCostVariant} in the quality/cost scenario and ${q.variantVsOracle} of the oracle's goodput over all scenarios (ripple as shipped: ${q.rippleVsOracle}), with mean quality ${q.qualityDelta} against least-loaded at ${q.costRatio} its cost per task — the price of sending tasks to agents that can do them.`,
      '',
    );
  }
  out.push(
    '### What the 1.41× target needs',
    '',
    `Ripple as shipped reaches ${f.rippleVsRandom} the SLA goodput of random routing and ${f.rippleVsRoundRobin} that of round-robin (geometric means over scenarios). Per scenario, ripple ÷ random and the oracle ÷ random are: ${f.overRandom.map(([s, r, o]) => `${s} ${r} / ${o}`).join('; ')}. In ${list(f.oracleBelowBar)} even the oracle — perfect instantaneous knowledge — stays below 1.41× random: there random routing already finishes most tasks well, and no router can be 1.41× better. The oracle clears the bar only in ${list(f.oracleAboveBar)}. The average is reported as measured rather than over scenarios chosen to make it true.`,
    '',
  );
  return out.join('\n');
}
