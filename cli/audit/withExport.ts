/**
 * `--with-export FILE` (repeatable): other stacks' `pulumi stack export`s read as one estate with
 * the stack under test, for AnalyzeStack only. Most organisations keep GitHub (environments,
 * reviewers, rulesets) in a stack of its own; without it, a cloud stack's trust in an environment
 * cannot be checked and is only unverified. The other stacks' resources are context: they go to
 * AnalyzeStack with their deployed outputs, as the engine would send them for their own stack, and
 * are not themselves judged here (findings on them are dropped; they are judged where they are
 * deployed), so an estate's GitHub stack cannot fail every cloud stack's gate.
 */
import * as fs from "fs";
import type { AnalyzerInput } from "../analyzer/protocol";
import { InputError } from "../errors";
import type { GateInput } from "../gate";
import { parseExportText, planAudit } from "./stackExport";

export interface ContextExport {
    file: string;
    project: string;
    stack: string;
    resources: AnalyzerInput[];
}

/** Reads each `--with-export` file strictly (a malformed one is bad input, exit 2). */
export function readContextExports(files: readonly string[]): ContextExport[] {
    return files.map((file) => {
        let text: string;
        try {
            text = fs.readFileSync(file, "utf8");
        } catch (e: any) {
            throw new InputError(`cannot read \`--with-export\` file \`${file}\`: ${e.code === "ENOENT" ? "no such file" : e.code === "EISDIR" ? "it is a folder, pass the export file" : e.message}`);
        }
        const plan = planAudit(parseExportText(text, file), file);
        return { file, project: plan.project, stack: plan.stack, resources: plan.analyzeStack };
    });
}

/**
 * The gate's input with the context resources added to AnalyzeStack. A context resource with the
 * URN of one of the stack's own (the same stack passed twice) is left out: the stack's own view wins.
 */
export function withContext(input: GateInput, contexts: readonly ContextExport[]): GateInput {
    if (!contexts.length) return input;
    const own = new Set(input.analyzeStack.map((r) => r.urn));
    const added: AnalyzerInput[] = [];
    const notes: string[] = [];
    for (const c of contexts) {
        const fresh = c.resources.filter((r) => !own.has(r.urn) && !added.some((a) => a.urn === r.urn));
        added.push(...fresh);
        const skipped = c.resources.length - fresh.length;
        notes.push(
            `\`--with-export ${c.file}\`: ${fresh.length} resource${fresh.length === 1 ? "" : "s"} of stack \`${c.stack || "(unnamed)"}\` read as context for stack policies (not themselves judged here)${skipped ? `; ${skipped} already in this stack left out` : ""}`,
        );
    }
    const contextUrns = new Set([...(input.contextUrns ?? []), ...added.map((r) => r.urn)]);
    return { ...input, analyzeStack: [...input.analyzeStack, ...added], contextUrns, notes: [...input.notes, ...notes] };
}
