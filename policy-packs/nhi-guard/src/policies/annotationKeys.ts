/**
 * How to tell a user where an annotation goes on this resource: the tag, label or `key=` text the
 * reader found it in (or would have).
 */
import { LABEL_KEYS, TAG_KEYS, TEXT_KEYS, type AnnotationField, type AnnotationReading } from "../../../../contract/annotations";

export function annotationKey(reading: AnnotationReading, field: AnnotationField): string {
    switch (reading.carrier) {
        case "labels":
            return LABEL_KEYS[field] ? `the \`${LABEL_KEYS[field]}\` label` : `\`${TEXT_KEYS[field]}=\` in the description`;
        case "text":
            return `\`${TEXT_KEYS[field]}=\` in the description or notes`;
        default:
            return `the \`${TAG_KEYS[field]}\` tag`;
    }
}
