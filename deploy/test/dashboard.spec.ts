import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { references } from '../src/promql';
import { dashboardQueries } from '../src/queries';

// The dashboard's shape: importable anywhere (the Prometheus datasource is a variable), laid
// out without overlaps, and showing what operators asked for.
interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}
interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: GridPos;
  datasource?: unknown;
  targets?: Array<{ datasource?: unknown; expr: string }>;
}

const dashboard = JSON.parse(readFileSync(join(__dirname, '..', 'grafana', 'coordination.json'), 'utf8'));
const panels = dashboard.panels as Panel[];
const PROMETHEUS_VARIABLE = { type: 'prometheus', uid: '${datasource}' };

describe('deploy/grafana/coordination.json', () => {
  it('takes its Prometheus datasource from a variable', () => {
    const variables = dashboard.templating.list as Array<{ name: string; type: string; query: unknown; datasource?: unknown }>;
    expect(variables[0]).toMatchObject({ name: 'datasource', type: 'datasource', query: 'prometheus' });
    for (const variable of variables.filter((v) => v.type === 'query')) expect(variable.datasource).toEqual(PROMETHEUS_VARIABLE);
    for (const panel of panels.filter((p) => p.type !== 'row')) {
      expect({ panel: panel.title, datasource: panel.datasource }).toEqual({ panel: panel.title, datasource: PROMETHEUS_VARIABLE });
      for (const target of panel.targets ?? []) expect({ panel: panel.title, datasource: target.datasource }).toEqual({ panel: panel.title, datasource: PROMETHEUS_VARIABLE });
    }
  });

  it('has unique panel ids and a layout without overlaps inside 24 columns', () => {
    expect(new Set(panels.map((panel) => panel.id)).size).toBe(panels.length);
    const cells = new Map<string, string>();
    const problems: string[] = [];
    for (const { title, gridPos } of panels) {
      if (gridPos.x < 0 || gridPos.x + gridPos.w > 24) problems.push(`${title} is outside the 24 columns`);
      for (let x = gridPos.x; x < gridPos.x + gridPos.w; x++) {
        for (let y = gridPos.y; y < gridPos.y + gridPos.h; y++) {
          const taken = cells.get(`${x},${y}`);
          if (taken !== undefined) problems.push(`${title} overlaps ${taken} at ${x},${y}`);
          cells.set(`${x},${y}`, title);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('queries in PromQL that parses', () => {
    const unparsable = dashboardQueries(dashboard).flatMap(({ where, expr }) => {
      try {
        references(expr);
        return [];
      } catch (error) {
        return [`${where}: ${(error as Error).message}`];
      }
    });
    expect(unparsable).toEqual([]);
  });

  it('shows agents, signals, rejections, selections, fallbacks, overloads, replication, latency, event loop and memory', () => {
    const metrics = new Set(dashboardQueries(dashboard).flatMap(({ expr }) => references(expr).selectors.map((s) => s.metric)));
    expect([...metrics]).toEqual(
      expect.arrayContaining([
        'coordination_agents_tracked',
        'coordination_signals_total',
        'coordination_signals_rejected_total',
        'coordination_selections_total',
        'coordination_fallbacks_total',
        'coordination_overload_predictions_total',
        'coordination_replication_mode',
        'coordination_replication_lag_seconds',
        'coordination_replication_dropped_signals_total',
        'coordination_rpc_duration_seconds_bucket',
        'nodejs_eventloop_lag_p99_seconds',
        'process_resident_memory_bytes',
      ]),
    );
  });
});
