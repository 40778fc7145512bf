/**
 * `nhi-guard inventory <export.json|-|program-dir>`: the gate's run (so every finding is the pack's
 * own, as served), then the inventory of the same resources. An export is read from its outputs
 * (deployed state: ARNs and names that link resources), a program from its captured inputs.
 */
import * as fs from "fs";
import { GateInput, GateOptions, runGate } from "../gate";
import { planAudit, parseExportText } from "../audit/stackExport";
import { PreviewOptions, planPreview } from "../preview";
import { Progress } from "../progress";
import { Inventory, buildInventory } from "./model";
import type { Report } from "../report/model";

export interface InventoryRun {
    inventory: Inventory;
    report: Report;
}

export interface InventoryRequest {
    /** An export file, `-` for stdin, or a Pulumi project folder. */
    target: string;
    stack?: string;
    /** How a program folder runs, as for `preview` (`--org`, `--data-source`; inventory takes no `--literal`). */
    program?: Omit<PreviewOptions, "stack">;
    now: Date;
    readExport: (source: string) => Promise<{ text: string; name: string }>;
    gate: Omit<GateOptions, "dryRun" | "config" | "progress">;
    progress: Progress;
}

export async function runInventory(req: InventoryRequest): Promise<InventoryRun> {
    const isProgram = req.target !== "-" && fs.existsSync(req.target) && fs.statSync(req.target).isDirectory();
    let input: GateInput;
    let report: Report;
    if (isProgram) {
        // `stack` left undefined when not given: the program runs as `dev` and, as in preview, a
        // missing `Pulumi.dev.yaml` is not worth a note.
        const plan = planPreview(req.target, { ...req.program, stack: req.stack });
        const pending = plan.run();
        report = await runGate(plan, pending.then((i) => (input = i)), { ...req.gate, dryRun: true, config: plan.config, progress: req.progress });
    } else {
        const { text, name } = await req.readExport(req.target);
        const plan = planAudit(parseExportText(text, name), name);
        input = { command: "audit", ...plan, stack: req.stack ?? plan.stack };
        report = await runGate(input, Promise.resolve(input), { ...req.gate, dryRun: false, progress: req.progress });
    }
    // Outputs for deployed state; a program's captured inputs (its preview outputs are the same plus unknown ids).
    const resources = isProgram ? input!.analyze : input!.analyzeStack;
    const inventory = buildInventory(resources, report, {
        source: isProgram ? "preview" : "audit",
        now: req.now,
        onRead: (done, total) => req.progress.update(done, total),
    });
    req.progress.done();
    return { inventory, report };
}
