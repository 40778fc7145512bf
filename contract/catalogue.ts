/**
 * The resource catalogue: which Pulumi type tokens are NHI identities, credentials, grants,
 * secrets, rotations, trust anchors and approval gates, and how to read each. Token lists come
 * from shared/reference/pulumi-identity-resources.md; each cloud contributes its entries from
 * `clouds/<cloud>.ts`.
 *
 * GCP IAM tokens vary in case across SDK versions (`iAMMember`, `IamMember`), so lookups fold case.
 */
import type { Cloud, NhiKind, Reader, ResourceFacts } from "./facts";
import { awsCatalogue } from "./clouds/aws";
import { gcpCatalogue } from "./clouds/gcp";
import { githubCatalogue } from "./clouds/github";
import { azureCatalogue } from "./clouds/azure";

export interface CatalogueEntry {
    kind: NhiKind;
    /** Human name of the type: `IAM role`. */
    label: string;
    read: Reader;
}

export type CloudCatalogue = Record<string, CatalogueEntry>;

const CLOUDS: Record<Cloud, CloudCatalogue> = {
    aws: awsCatalogue,
    gcp: gcpCatalogue,
    azure: azureCatalogue,
    github: githubCatalogue,
};

const byToken = new Map<string, CatalogueEntry & { cloud: Cloud }>();
for (const [cloud, entries] of Object.entries(CLOUDS) as [Cloud, CloudCatalogue][]) {
    for (const [token, entry] of Object.entries(entries)) byToken.set(token.toLowerCase(), { ...entry, cloud });
}

/** The catalogue entry for a type token, or undefined when the type is not an NHI concern. */
export function lookup(type: string): (CatalogueEntry & { cloud: Cloud }) | undefined {
    return byToken.get(type.toLowerCase());
}

/** Reads a resource's facts, or undefined for types outside the catalogue. */
export function readFacts(type: string, props: Record<string, any>): ResourceFacts | undefined {
    return lookup(type)?.read(props);
}

/** Every catalogued token, for docs and tests. */
export function catalogueTokens(): { token: string; cloud: Cloud; kind: NhiKind; label: string }[] {
    const out: { token: string; cloud: Cloud; kind: NhiKind; label: string }[] = [];
    for (const [cloud, entries] of Object.entries(CLOUDS) as [Cloud, CloudCatalogue][]) {
        for (const [token, e] of Object.entries(entries)) out.push({ token, cloud, kind: e.kind, label: e.label });
    }
    return out;
}

/** Component type tokens: `nhi-guard:<cloud>:<Type>`. A resource under one is governed by a declaration. */
export const COMPONENT_TOKEN_PREFIX = "nhi-guard:";

export function isGovernedComponent(type: string): boolean {
    return type.startsWith(COMPONENT_TOKEN_PREFIX);
}
