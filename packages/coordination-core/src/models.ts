import { z } from 'zod';

/** The six kinds of sensitivity signal an agent reports about itself. */
export const SIGNAL_TYPES = ['load', 'capacity', 'quality', 'cost', 'latency', 'availability'] as const;
export const SignalTypeSchema = z.enum(SIGNAL_TYPES);
export type SignalType = z.infer<typeof SignalTypeSchema>;

/** Dimensions that carry a routing weight. Latency enters through the expected-wait term and an optional weight. */
export const WEIGHT_DIMENSIONS = ['load', 'capacity', 'quality', 'cost', 'availability', 'latency'] as const;
export type WeightDimension = (typeof WEIGHT_DIMENSIONS)[number];

/** The longest agent_id, in characters (Unicode code points, as JSON Schema's maxLength counts them). */
export const AGENT_ID_MAX_LENGTH = 256;
export const TRACE_ID_MAX_LENGTH = 256;
export const MAX_TTL_SECONDS = 7 * 24 * 3600;
export const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
export const NON_BLANK = /\S/;
/** A UTF-16 surrogate without its pair: not a character, and it does not survive UTF-8 (cursors, logs, Redis). */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/**
 * Characters an agent_id may not hold because they make one id look like another, or like
 * nothing, in logs, dashboards and terminals: controls (C0 and C1), format characters (zero-width
 * space and joiners, bidirectional marks and overrides, the BOM, soft hyphen), line and paragraph
 * separators, everything Unicode calls default-ignorable (e.g. Hangul fillers, variation
 * selectors) and noncharacters.
 */
export const INVISIBLE_OR_CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\p{Noncharacter_Code_Point}]/u;

/** Characters (code points) in `text`, without building an array. */
function codePointLength(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A high surrogate followed by a low one is one character.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

/**
 * Whether `id` is at most AGENT_ID_MAX_LENGTH characters. UTF-16 length bounds the count from
 * above and below (one or two units per character), so only ids between the two are counted.
 */
export function agentIdWithinLength(id: string): boolean {
  if (id.length <= AGENT_ID_MAX_LENGTH) return true;
  return id.length <= 2 * AGENT_ID_MAX_LENGTH && codePointLength(id) <= AGENT_ID_MAX_LENGTH;
}

/**
 * The one rule for agent ids; the signal fast path (validation.ts) applies the same checks, and
 * a property test holds the two to agreement. Its length is in characters: `maxLength` in the
 * published JSON Schema means the same.
 */
export const AgentIdSchema = z
  .string({ error: 'agent_id must be a non-empty string' })
  .min(1, 'agent_id must not be empty')
  // abort: the character checks below need not scan an id already too long.
  .refine(agentIdWithinLength, { message: `agent_id must be at most ${AGENT_ID_MAX_LENGTH} characters`, abort: true })
  .refine((id) => !LONE_SURROGATE.test(id), 'agent_id must be well-formed Unicode (no lone surrogates)')
  .refine((id) => !INVISIBLE_OR_CONTROL.test(id), 'agent_id must not contain control, invisible or bidirectional-control characters')
  // An empty id already has its own issue; blank means only whitespace.
  .refine((id) => id.length === 0 || NON_BLANK.test(id), 'agent_id must not be blank')
  .meta({ maxLength: AGENT_ID_MAX_LENGTH });

/** The checks of AgentIdSchema without building issues: for the signal fast path. */
export function isValidAgentId(id: string): boolean {
  return (
    id.length > 0 && agentIdWithinLength(id) && !LONE_SURROGATE.test(id) && !INVISIBLE_OR_CONTROL.test(id) && NON_BLANK.test(id)
  );
}

// zod 4's number() refuses NaN and ±Infinity itself; plain min/max keep the bounds visible in
// the JSON Schema that rpc.discover publishes.
const unitInterval = (field: string) =>
  z
    .number({ error: `${field} must be a finite number from 0 to 1` })
    .min(0, `${field} must be >= 0`)
    .max(1, `${field} must be <= 1`);

/** A signal as it arrives on the wire: optional fields get defaults when registered. */
export const SensitivitySignalInputSchema = z.strictObject({
  signal_id: z.string().regex(UUID_PATTERN, 'signal_id must be a UUID').optional(),
  agent_id: AgentIdSchema,
  signal_type: SignalTypeSchema,
  value: unitInterval('value'),
  timestamp: z
    .union(
      [
        z.iso.datetime({ offset: true }),
        z.number().int('timestamp in epoch ms must be an integer').nonnegative('timestamp must not be negative'),
      ],
      { error: 'timestamp must be an ISO-8601 date-time with offset (e.g. 2026-11-25T12:00:00Z) or integer epoch milliseconds' },
    )
    .optional(),
  ttl_seconds: z
    .number({ error: 'ttl_seconds must be a number of seconds' })
    .int('ttl_seconds must be an integer')
    .positive('ttl_seconds must be > 0')
    .max(MAX_TTL_SECONDS, `ttl_seconds must be <= ${MAX_TTL_SECONDS} (7 days)`)
    .optional(),
  confidence: unitInterval('confidence').optional(),
  trace_id: z.string().min(1).max(TRACE_ID_MAX_LENGTH).optional(),
});
export type SensitivitySignalInput = z.input<typeof SensitivitySignalInputSchema>;

/** A registered signal, every field resolved: the wire format of stored signals. */
export const SensitivitySignalSchema = z.strictObject({
  signal_id: z.string(),
  agent_id: AgentIdSchema,
  signal_type: SignalTypeSchema,
  value: z.number().min(0).max(1),
  timestamp: z.string(),
  ttl_seconds: z.number().int().positive(),
  confidence: z.number().min(0).max(1),
  trace_id: z.string().optional(),
});
export type SensitivitySignal = z.infer<typeof SensitivitySignalSchema>;

export const SignalBatchSchema = z.strictObject({ signals: z.array(SensitivitySignalInputSchema) });

const weight = z
  .number({ error: 'weight must be a finite number' })
  .min(0, 'weight must be >= 0')
  .max(1e6, 'weight must be <= 1000000');
/** A per-request weight profile. Dimensions left out weigh 0; the weights are normalised to sum 1. */
export const WeightProfileSchema = z
  .strictObject({
    load: weight.optional(),
    capacity: weight.optional(),
    quality: weight.optional(),
    cost: weight.optional(),
    availability: weight.optional(),
    latency: weight.optional(),
  })
  .refine((w) => Object.values(w).some((v) => (v ?? 0) > 0), 'at least one weight must be > 0');
export type WeightProfile = z.infer<typeof WeightProfileSchema>;
export type Weights = Readonly<Record<WeightDimension, number>>;

export const AgentCoordinationStateSchema = z.object({
  agent_id: z.string(),
  signals: z.partialRecord(SignalTypeSchema, SensitivitySignalSchema),
  load_score: z.number(),
  capacity_score: z.number(),
  quality_score: z.number(),
  cost_score: z.number(),
  availability_score: z.number(),
  routing_score: z.number(),
  last_updated: z.string(),
});
export type AgentCoordinationState = z.infer<typeof AgentCoordinationStateSchema>;

export const DimensionScoresSchema = z.object({
  load: z.number(),
  capacity: z.number(),
  quality: z.number(),
  cost: z.number(),
  availability: z.number(),
  latency: z.number(),
});
export type DimensionScores = z.infer<typeof DimensionScoresSchema>;

export const CandidateExplanationSchema = z.object({
  agent_id: z.string(),
  routing_score: z.number(),
  selection_score: z.number(),
  effective_load: z.number(),
  assignments_since_load_signal: z.number(),
  scores: DimensionScoresSchema,
  excluded: z.enum(['unavailable', 'no_signals', 'duplicate']).optional(),
});
export type CandidateExplanation = z.infer<typeof CandidateExplanationSchema>;

/**
 * Why a selection could not rank its candidates and picked one at random instead. The same
 * words name the fallback everywhere: in a selection's `reason`, in ripple's fallback reasons
 * and in metric labels.
 */
export const SELECTION_FALLBACKS = ['no_signals', 'all_unavailable'] as const;
export type SelectionFallback = (typeof SELECTION_FALLBACKS)[number];

export const SELECTION_REASONS = ['highest_score', 'near_tie_random', 'only_candidate', ...SELECTION_FALLBACKS] as const;
export type SelectionReason = (typeof SELECTION_REASONS)[number];

/** Whether a selection's reason says it fell back to a random pick. */
export function isSelectionFallback(reason: SelectionReason): reason is SelectionFallback {
  return reason === 'no_signals' || reason === 'all_unavailable';
}

export const SelectionExplanationSchema = z.object({
  reason: z.enum(SELECTION_REASONS),
  weights: DimensionScoresSchema,
  tie_epsilon: z.number(),
  candidates: z.array(CandidateExplanationSchema),
});
export type SelectionExplanation = z.infer<typeof SelectionExplanationSchema>;

export const SelectionResultSchema = z.object({
  agent_id: z.string(),
  routing_score: z.number(),
  selection_score: z.number(),
  reason: z.enum(SELECTION_REASONS),
  /** Present when admission was asked for: false when no candidate should take more work now. */
  admitted: z.boolean().optional(),
  /** With `admitted: false`: when to ask again (ms), the soonest a candidate is expected to free a slot. */
  retry_after_ms: z.number().optional(),
  explanation: SelectionExplanationSchema.optional(),
});
export type SelectionResult = z.infer<typeof SelectionResultSchema>;

export const OverloadPredictionSchema = z.object({
  agent_id: z.string(),
  will_overload: z.boolean(),
  probability: z.number(),
  predicted_load: z.number(),
  current_load: z.number(),
  time_to_overload_seconds: z.number().nullable(),
  horizon_seconds: z.number(),
  threshold: z.number(),
  samples: z.number(),
});
export type OverloadPrediction = z.infer<typeof OverloadPredictionSchema>;
