import type { SyntaxNode } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';

/** A vector selector: the metric it reads and the labels its matchers name. */
export interface Selector {
  metric: string;
  labels: string[];
}

/** A `by (…)`, `on (…)`, `ignoring (…)` or `group_left/right (…)` list, with the metrics selected beneath it. */
export interface Grouping {
  labels: string[];
  metrics: string[];
}

export interface QueryReferences {
  selectors: Selector[];
  groupings: Grouping[];
}

export class PromQLSyntaxError extends Error {}

/**
 * The metrics and labels a PromQL expression refers to, read from Prometheus' own grammar
 * (the parser behind its web UI) rather than by pattern-matching the text.
 */
export function references(expr: string): QueryReferences {
  const tree = parser.parse(expr);
  const selectors: Selector[] = [];
  const groupings: Grouping[] = [];
  const text = (node: SyntaxNode) => expr.slice(node.from, node.to);
  let error: number | undefined;
  tree.iterate({
    enter(ref) {
      if (ref.type.isError) error ??= ref.from;
      if (ref.name === 'VectorSelector') selectors.push(selectorOf(ref.node, text));
      if (ref.name === 'GroupingLabels') {
        // The list of an aggregation's by/without (AggregateModifier) or of a binary operation's
        // on/ignoring/group_left/group_right (MatchingModifierClause); `without` names labels to drop.
        const clause = ref.node.parent as SyntaxNode;
        if (clause.getChild('Without') === null) {
          groupings.push({ labels: ref.node.getChildren('LabelName').map(text), metrics: metricsUnder(clause.parent as SyntaxNode, text) });
        }
      }
    },
  });
  if (error !== undefined) throw new PromQLSyntaxError(`not PromQL at offset ${error}: ${expr.slice(0, error)}⟨here⟩${expr.slice(error)}`);
  return { selectors, groupings };
}

function selectorOf(node: SyntaxNode, text: (node: SyntaxNode) => string): Selector {
  const identifier = node.getChild('Identifier');
  const labels: string[] = [];
  let metric = identifier === null ? '' : text(identifier);
  for (const matcher of node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? []) {
    const name = text(matcher.getChild('LabelName') as SyntaxNode);
    // {__name__="metric"} is another spelling of the metric.
    if (name === '__name__') metric = JSON.parse(text(matcher.getChild('StringLiteral') as SyntaxNode)) as string;
    else labels.push(name);
  }
  return { metric, labels };
}

function metricsUnder(node: SyntaxNode, text: (node: SyntaxNode) => string): string[] {
  const metrics = new Set<string>();
  const visit = (at: SyntaxNode): void => {
    if (at.name === 'VectorSelector') metrics.add(selectorOf(at, text).metric);
    for (let child = at.firstChild; child !== null; child = child.nextSibling) visit(child);
  };
  visit(node);
  return [...metrics];
}
