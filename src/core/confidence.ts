/**
 * Every confidence the annotator gives, in one place (the documentation's confidence table lists them):
 * a mention's confidence is one of these, or a context rule's own (its YAML `confidence`,
 * RULE_CONFIDENCE when it gives none), times DOCUMENT_PROVINCE_FACTOR where a province is
 * inferred from the rest of the document.
 */

/** A lexicon alias: one entity; several of one type in one province; several otherwise. */
export const BASE_CONFIDENCE = { alias: 0.95, ambiguous: 0.6, sameTypeAndProvince: 0.8 } as const;
/** A province taken from the rest of the document, as a factor. */
export const DOCUMENT_PROVINCE_FACTOR = 0.85;
/** A context rule that names no confidence in lexicons/rules/*.yaml. */
export const RULE_CONFIDENCE = 0.8;
/** A spelling variant no lexicon lists (variant.v1): of one entity, or of an ambiguous alias. */
export const VARIANT_CONFIDENCE = 0.7;
export const VARIANT_AMBIGUOUS_CONFIDENCE = 0.45;
