import { parse } from 'yaml';

/** A PromQL expression of an artefact, and where it sits (for messages). */
export interface NamedQuery {
  where: string;
  expr: string;
}

/** Text of an artefact meant for people (descriptions, summaries), which may name metrics too. */
export interface NamedText {
  where: string;
  text: string;
}

interface Panel {
  title?: string;
  description?: string;
  targets?: Array<{ refId?: string; expr?: string }>;
  panels?: Panel[];
}

interface Dashboard {
  panels?: Panel[];
  templating?: { list?: Array<{ name: string; type: string; query?: string | { query?: string } }> };
}

/**
 * Grafana's built-in interval variables become a duration and dashboard variables a match-all
 * regex, which turns a panel query into plain PromQL. A variable anywhere but in a label value
 * leaves a query Prometheus itself could not run, and the parse says so.
 */
export function expandGrafanaVariables(expr: string): string {
  return expr.replace(/\$\{?__(rate_interval|interval|range)\}?/g, '5m').replace(/\$\{?\w+\}?/g, '.*');
}

/** `label_values(selector, label)` of a query variable, as the PromQL it stands for. */
function variableQuery(query: string): string {
  const labelValues = /^label_values\((.+),\s*(\w+)\)$/s.exec(query.trim());
  return labelValues === null ? query : `count by (${labelValues[2]}) (${labelValues[1]})`;
}

/** Every PromQL expression of a Grafana dashboard: panel targets (rows included) and query variables. */
export function dashboardQueries(dashboard: Dashboard): NamedQuery[] {
  const queries: NamedQuery[] = [];
  const visit = (panels: readonly Panel[]): void => {
    for (const panel of panels) {
      for (const target of panel.targets ?? []) {
        if (target.expr !== undefined) queries.push({ where: `panel "${panel.title}" ${target.refId}`, expr: expandGrafanaVariables(target.expr) });
      }
      visit(panel.panels ?? []);
    }
  };
  visit(dashboard.panels ?? []);
  for (const variable of dashboard.templating?.list ?? []) {
    if (variable.type !== 'query') continue;
    const query = typeof variable.query === 'string' ? variable.query : (variable.query?.query ?? '');
    queries.push({ where: `variable $${variable.name}`, expr: expandGrafanaVariables(variableQuery(query)) });
  }
  return queries;
}

/** The dashboard's descriptions. */
export function dashboardTexts(dashboard: Dashboard & { description?: string }): NamedText[] {
  const texts: NamedText[] = dashboard.description === undefined ? [] : [{ where: 'dashboard description', text: dashboard.description }];
  const visit = (panels: readonly Panel[]): void => {
    for (const panel of panels) {
      if (panel.description !== undefined) texts.push({ where: `panel "${panel.title}" description`, text: panel.description });
      visit(panel.panels ?? []);
    }
  };
  visit(dashboard.panels ?? []);
  return texts;
}

export interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** The rules of a Prometheus rule file, group by group. */
export function rulesOf(yamlText: string): Rule[] {
  const file = parse(yamlText) as { groups?: Array<{ rules?: Rule[] }> };
  return (file.groups ?? []).flatMap((group) => group.rules ?? []);
}

export function ruleQueries(rules: readonly Rule[]): NamedQuery[] {
  return rules.map((rule) => ({ where: `rule ${rule.alert ?? rule.record}`, expr: rule.expr }));
}

export function ruleTexts(rules: readonly Rule[]): NamedText[] {
  return rules.flatMap((rule) => Object.entries(rule.annotations ?? {}).map(([name, text]) => ({ where: `rule ${rule.alert ?? rule.record} ${name}`, text })));
}

/** Metric names written out in prose: the families this server and prom-client export. */
export function mentionedMetrics(text: string): string[] {
  return [...new Set(text.match(/\b(?:coordination|nodejs|process)_[a-z0-9_]*[a-z0-9]\b/g) ?? [])];
}
