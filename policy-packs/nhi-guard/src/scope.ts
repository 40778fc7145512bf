/**
 * Which resources belong to an AI tool. An identity is an AI tool's when it carries a `tool`
 * annotation or sits under an `nhi-guard:*` component; a grant, credential or secret is when it sits
 * under such a component (stack policies also follow links to the identity it attaches to).
 */
import { isGovernedComponent } from "../../../contract/catalogue";
import type { ResourceFacts } from "../../../contract/facts";

/**
 * The types of a URN's ancestors, outermost first. The engine qualifies a child's type with its
 * parent's (`nhi-guard:aws:AiToolIdentity$aws:iam/role:Role`), so a resource policy can see its
 * component without the stack. `urn:pulumi:<stack>::<project>::<qualified type>::<name>`.
 */
export function ancestorTypes(urn: string): string[] {
    const qualifiedType = urn.split("::")[2];
    if (!qualifiedType) return [];
    return qualifiedType.split("$").slice(0, -1);
}

// Every resource policy of an Analyze asks about the same URN in turn, and with requests in flight
// their turns interleave: the answers for the last URNs asked are kept. A pure function of the
// string, so nothing can carry from one request to another; cleared when full, so it stays small.
const GOVERNED_KEPT = 64;
const governed = new Map<string, boolean>();

export function underGovernedComponent(urn: string): boolean {
    let answer = governed.get(urn);
    if (answer === undefined) {
        if (governed.size >= GOVERNED_KEPT) governed.clear();
        answer = ancestorTypes(urn).some(isGovernedComponent);
        governed.set(urn, answer);
    }
    return answer;
}

/** The resource name at the end of a URN (names may themselves contain `::`). */
export function nameOfUrn(urn: string): string {
    return urn.split("::").slice(3).join("::");
}

/**
 * A `tool` annotation, even a malformed one or one unknown at preview, marks an AI tool: more
 * checks, never fewer (each check still judges only what is known).
 */
export function hasToolAnnotation(facts: ResourceFacts | undefined): boolean {
    if (facts?.unknown?.some((u) => u.part === "tool")) return true;
    const reading = facts?.annotations;
    return !!reading && (reading.values.tool !== undefined || reading.problems.some((p) => p.field === "tool"));
}
