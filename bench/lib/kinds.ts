/**
 * nhi-guard's policies by name and kind, for the `null-policies` bench pack (bench/packs/null-policies),
 * which must mirror them: bundled and run by bench/run.js, which writes the list to that pack's kinds.json.
 */
import { REGISTRY } from "../../policy-packs/nhi-guard/src/registry";

export const kinds = REGISTRY.map((p) => ({ name: p.name, resource: p.validateResource !== undefined, stack: p.validateStack !== undefined }));
