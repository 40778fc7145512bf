/**
 * An organisation-wide inventory: several exports (or a folder of them, or programs) read one by
 * one as usual, then put together so one page shows every AI tool across stacks. Each identity and
 * unattached NHI says which stack it is in; counts are the sum, notes say their stack.
 */
import * as fs from "fs";
import * as path from "path";
import { InputError } from "../errors";
import type { Inventory, InventoryCounts } from "./model";

/** A Pulumi project folder is a program; any other folder is read as a folder of exports (`*.json`). */
export function expandTargets(targets: string[]): string[] {
    const out: string[] = [];
    for (const t of targets) {
        const dir = t !== "-" && fs.existsSync(t) && fs.statSync(t).isDirectory();
        if (!dir || ["Pulumi.yaml", "Pulumi.yml"].some((f) => fs.existsSync(path.join(t, f)))) {
            out.push(t);
            continue;
        }
        const exports = fs
            .readdirSync(t)
            .filter((f) => f.toLowerCase().endsWith(".json"))
            .sort()
            .map((f) => path.join(t, f));
        if (!exports.length) throw new InputError(`\`${t}\` is a folder with no Pulumi.yaml and no \`*.json\` exports: give a program folder, export files, or a folder of exports`);
        out.push(...exports);
    }
    if (out.filter((t) => t === "-").length > 1) throw new InputError("`-` (stdin) can be given once");
    return out;
}

export const stackName = (inv: Pick<Inventory, "project" | "stack">) => `${inv.project}/${inv.stack}`;

export function mergeInventories(list: Inventory[]): Inventory {
    if (list.length === 1) return list[0];
    const [first] = list;
    const counts = Object.fromEntries(Object.keys(first.counts).map((k) => [k, list.reduce((n, i) => n + i.counts[k as keyof InventoryCounts], 0)])) as unknown as InventoryCounts;
    const packs = new Map<string, { name: string; version: string }>();
    for (const inv of list) for (const p of inv.policyPacks) packs.set(`${p.name}@${p.version}`, p);
    return {
        ...first,
        stack: list.map((i) => i.stack).join(", "),
        project: [...new Set(list.map((i) => i.project))].join(", "),
        stacks: list.map((i) => ({ project: i.project, stack: i.stack, source: i.source })),
        policyPacks: [...packs.values()],
        identities: list.flatMap((inv) => inv.identities.map((i) => ({ ...i, stack: stackName(inv) }))),
        unattached: list.flatMap((inv) => inv.unattached.map((u) => ({ ...u, stack: stackName(inv) }))),
        otherFindings: list.flatMap((inv) => inv.otherFindings),
        notes: list.flatMap((inv) => inv.notes.map((n) => `${stackName(inv)}: ${n}`)),
        counts,
    };
}
