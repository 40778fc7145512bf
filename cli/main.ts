/**
 * `nhi-guard`: the offline gate. Exit codes: 0 clean or advisory only, 1 a mandatory violation
 * (or, with --strict, a check that could not run), 2 bad input or usage, 3 the analysis itself
 * failed (the pack would not start, died, or did not answer). Every failure is one line on stderr.
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { EnforcementLevel, PolicyPackConfig } from "./analyzer/protocol";
import { planAudit, parseExportText } from "./audit/stackExport";
import { AnalysisError, EXIT_BAD_INPUT, EXIT_CLEAN, EXIT_NOT_ANALYSED, EXIT_VIOLATIONS, InputError } from "./errors";
import { GateInput, runGate } from "./gate";
import { planPreview } from "./preview";
import { noProgress, terminalProgress } from "./progress";
import { formatNames, reporterFor } from "./report/formats";
import { Report, ReportSource, reportFails } from "./report/model";
import { renderText } from "./report/text";
import { runInventory } from "./inventory";
import { inventoryFormatNames, inventoryRendererFor } from "./inventory/formats";
import { Inventory } from "./inventory/model";
import { readCatalogue } from "./catalogue";
import { catalogueFormatNames, catalogueRendererFor } from "./catalogue/formats";
import { parseIsoInstant, parseContractDate } from "../contract/dates";

const USAGE = `Usage: nhi-guard <command> [options]

Commands:
  preview [dir]          run the Pulumi program in dir (default .) offline and check it
                         against the policy packs, as \`pulumi preview --policy-pack\` would
  audit <export.json|->  check deployed state from \`pulumi stack export\` (- reads stdin)

Options:
  --policy-pack DIR      a CrossGuard policy pack to run (repeatable; default: the bundled
                         nhi-guard pack)
  --config FILE          policy config, as for \`pulumi preview --policy-pack-config\`
  --stack NAME           stack whose Pulumi.<stack>.yaml config the program reads (default dev)
  --format FORMAT        report format: ${"%FORMATS%"}
                         inventory: ${"%INVENTORY_FORMATS%"}
                         policies: ${"%CATALOGUE_FORMATS%"}
  --output FILE          write the report there; the text summary still goes to the terminal
                         (policies: markdown by default when FILE ends in .md)
  --now DATE             inventory: count days left from DATE (YYYY-MM-DD or
                         YYYY-MM-DDTHH:MM:SSZ) instead of the current time
  --strict               fail on checks that could not run at preview (unknown values)
  --quiet                no progress line, and only the summary line of the text report
  -h, --help             this help

Exit codes: 0 clean or advisory only; 1 mandatory violation (or unverified with --strict);
            2 bad input or usage; 3 the analysis could not complete (pack failed or timed out).
            inventory and policies list, they do not gate: 0 unless the input is bad (2) or
            the pack fails (3).

Environment: NHI_GUARD_START_TIMEOUT_MS (default 60000) and NHI_GUARD_CALL_TIMEOUT_MS
             (default 120000) bound how long a pack may take to start and to answer one call.

What the offline gate does not model (a real \`pulumi preview\` may differ):
  - no cloud provider runs: no provider \`Check\` defaults, no autonaming, no provider-side
    validation; data sources (invokes) return their arguments;
  - outputs are approximated by inputs at preview, and ids are unknown, for stack policies;
  - no real engine: no state, no diff, no replacements, no stack references, no secrets
    provider (\`secure:\` config and encrypted export secrets reach policies as placeholders);
  - preview runs TypeScript/JavaScript programs only.
`;

const withDefault = (names: string[]) => names.map((f) => (f === "text" ? `${f} (default)` : f)).join(", ");
const usage = () =>
    USAGE.replace("%FORMATS%", withDefault(formatNames()))
        .replace("%INVENTORY_FORMATS%", withDefault(inventoryFormatNames()))
        .replace("%CATALOGUE_FORMATS%", withDefault(catalogueFormatNames()));

interface Options {
    packDirs: string[];
    userConfig: PolicyPackConfig;
    stack?: string;
    format: string;
    output?: string;
    strict: boolean;
    quiet: boolean;
    /** Inventory: the instant days are counted from. */
    now?: Date;
}

/** The bundled pack, found from the installed package (dist/cli/main.js or cli/main.ts), not from the cwd. */
function bundledPackDir(): string {
    let dir = __dirname;
    for (;;) {
        const candidate = path.join(dir, "policy-packs", "nhi-guard");
        if (fs.existsSync(path.join(candidate, "PulumiPolicy.yaml"))) return candidate;
        const parent = path.dirname(dir);
        if (parent === dir) throw new InputError("the bundled policy pack `policy-packs/nhi-guard` is missing from the installation: pass `--policy-pack DIR`");
        dir = parent;
    }
}

const LEVELS: EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

export function readPolicyConfig(file: string): PolicyPackConfig {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e: any) {
        throw new InputError(`cannot read \`--config\` file \`${file}\`: ${e.code === "ENOENT" ? "no such file" : e.message}`);
    }
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch {
        throw new InputError(`\`--config\` file \`${file}\` is not valid JSON: write it as \`{"<policy>": "mandatory" | {"enforcementLevel": ..., ...}}\``);
    }
    if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw new InputError(`\`--config\` file \`${file}\` must be a JSON object keyed by policy name (or \`all\`)`);
    for (const [policy, v] of Object.entries(doc)) {
        const level = typeof v === "string" ? v : v && typeof v === "object" && !Array.isArray(v) ? (v as any).enforcementLevel : null;
        if (level === null) throw new InputError(`\`${policy}\` in \`${file}\` must be an enforcement level or an object of settings`);
        if (level !== undefined && !LEVELS.includes(level)) {
            throw new InputError(`\`${policy}.enforcementLevel\` in \`${file}\` is \`${level}\`: use one of ${LEVELS.join(", ")}`);
        }
    }
    return doc as PolicyPackConfig;
}

function parse(argv: string[]): { command?: string; positionals: string[]; options: Options; help: boolean } {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            allowPositionals: true,
            strict: true,
            options: {
                "policy-pack": { type: "string", multiple: true },
                config: { type: "string" },
                stack: { type: "string" },
                format: { type: "string" },
                now: { type: "string" },
                output: { type: "string", short: "o" },
                strict: { type: "boolean", default: false },
                quiet: { type: "boolean", short: "q", default: false },
                help: { type: "boolean", short: "h", default: false },
            },
        });
    } catch (e: any) {
        throw new InputError(`${String(e.message).split("\n")[0].replace(/\. To specify.*$/, "")}: see \`nhi-guard --help\``);
    }
    const v = parsed.values;
    const [command, ...positionals] = parsed.positionals;
    const format = checkFormat(command, v.format as string | undefined, v.output as string | undefined);
    let now: Date | undefined;
    if (v.now !== undefined) {
        now = parseContractDate(v.now) ?? parseIsoInstant(v.now);
        if (!now) throw new InputError(`\`--now\` is \`${String(v.now).slice(0, 40)}\`: use a UTC date \`YYYY-MM-DD\` or date-time \`YYYY-MM-DDTHH:MM:SSZ\``);
    }
    const packDirs = (v["policy-pack"] as string[] | undefined)?.map((d) => path.resolve(d)) ?? [];
    return {
        command,
        positionals,
        help: !!v.help,
        options: {
            packDirs,
            userConfig: v.config ? readPolicyConfig(String(v.config)) : {},
            stack: v.stack as string | undefined,
            format,
            output: v.output as string | undefined,
            strict: !!v.strict,
            quiet: !!v.quiet,
            now,
        },
    };
}

/** Each command has its own formats; `--format` is checked against the command's. */
function checkFormat(command: string | undefined, given: string | undefined, output: string | undefined): string {
    const [names, known] =
        command === "inventory"
            ? [inventoryFormatNames(), (f: string) => !!inventoryRendererFor(f)]
            : command === "policies"
              ? [catalogueFormatNames(), (f: string) => !!catalogueRendererFor(f)]
              : [formatNames(), (f: string) => !!reporterFor(f)];
    const format = given ?? (command === "policies" && output?.endsWith(".md") ? "markdown" : "text");
    if (!known(format)) throw new InputError(`\`--format\` is \`${format}\`${command === "inventory" || command === "policies" ? ` for \`${command}\`` : ""}: use one of ${names.join(", ")}`);
    return format;
}

function writeOutput(file: string, text: string): void {
    try {
        fs.writeFileSync(file, text);
    } catch (e: any) {
        throw new InputError(`cannot write \`--output\` file \`${file}\`: ${e.code ?? e.message}`);
    }
}

async function readExport(source: string): Promise<{ text: string; name: string }> {
    if (source === "-") {
        const chunks: Buffer[] = [];
        for await (const c of process.stdin) chunks.push(c as Buffer);
        return { text: Buffer.concat(chunks).toString("utf8"), name: "stdin" };
    }
    try {
        return { text: fs.readFileSync(source, "utf8"), name: source };
    } catch (e: any) {
        throw new InputError(`cannot read \`${source}\`: ${e.code === "ENOENT" ? "no such file" : e.code === "EISDIR" ? "it is a folder, pass the export file" : e.message}`);
    }
}

function emit(report: Report, opts: Options): void {
    const tty = !!process.stdout.isTTY;
    const reporter = reporterFor(opts.format)!;
    const summaryOnly = (text: string) => text.trimEnd().split("\n").pop() + "\n";
    if (opts.output) {
        writeOutput(opts.output, reporter.render(report, { color: false, strict: opts.strict }));
        const text = renderText(report, { color: tty, strict: opts.strict });
        process.stdout.write(opts.quiet ? summaryOnly(text) : text);
    } else if (reporter.name === "text") {
        const text = renderText(report, { color: tty, strict: opts.strict });
        process.stdout.write(opts.quiet ? summaryOnly(text) : text);
    } else {
        process.stdout.write(reporter.render(report, { color: false, strict: opts.strict }));
    }
}

function emitInventory(inventory: Inventory, opts: Options): void {
    const tty = !!process.stdout.isTTY;
    const renderer = inventoryRendererFor(opts.format)!;
    const text = () => inventoryRendererFor("text")!.render(inventory, { color: tty });
    const summaryOnly = (t: string) => t.trimEnd().split("\n").pop() + "\n";
    if (opts.output) {
        writeOutput(opts.output, renderer.render(inventory, { color: false }));
        process.stdout.write(summaryOnly(text()));
    } else if (renderer.name === "text") process.stdout.write(opts.quiet ? summaryOnly(text()) : text());
    else process.stdout.write(renderer.render(inventory, { color: false }));
}

async function policiesCommand(positionals: string[], options: Options): Promise<number> {
    if (positionals.length) throw new InputError(`\`policies\` takes no arguments, got \`${positionals[0]}\`: pass packs with \`--policy-pack DIR\``);
    const catalogue = await readCatalogue(options.packDirs.length ? options.packDirs : [bundledPackDir()]);
    const rendered = catalogueRendererFor(options.format)!.render(catalogue);
    if (options.output) {
        writeOutput(options.output, rendered);
        process.stdout.write(`${catalogue.policies.length} policies (${options.format}) written to ${options.output}\n`);
    } else process.stdout.write(rendered);
    return EXIT_CLEAN;
}

async function inventoryCommand(positionals: string[], options: Options): Promise<number> {
    if (positionals.length !== 1) throw new InputError("`inventory` takes one export file, `-` for stdin, or a program folder: `nhi-guard inventory stack.json`");
    const { inventory } = await runInventory({
        target: positionals[0],
        stack: options.stack,
        now: options.now ?? new Date(),
        readExport,
        gate: { packDirs: options.packDirs.length ? options.packDirs : [bundledPackDir()], userConfig: options.userConfig },
        progress: options.quiet ? noProgress : terminalProgress(),
    });
    emitInventory(inventory, options);
    return EXIT_CLEAN;
}

export async function main(argv: string[]): Promise<number> {
    const { command, positionals, options, help } = parse(argv);
    if (help || !command) {
        (help ? process.stdout : process.stderr).write(usage());
        return help ? EXIT_CLEAN : EXIT_BAD_INPUT;
    }
    if (options.now && command !== "inventory") throw new InputError("`--now` only applies to `inventory`: policies judge dates against the pack's own clock");
    if (command === "policies") return policiesCommand(positionals, options);
    if (command === "inventory") return inventoryCommand(positionals, options);
    let target: { project: string; stack: string };
    let pending: Promise<GateInput>;
    let config: Record<string, string> | undefined;
    let dryRun: boolean;
    if (command === "preview") {
        if (positionals.length > 1) throw new InputError(`\`preview\` takes one project folder, got ${positionals.length}: see \`nhi-guard --help\``);
        const plan = planPreview(positionals[0] ?? ".", options.stack ?? "dev");
        target = plan;
        config = plan.config;
        pending = plan.run();
        dryRun = true;
    } else if (command === "audit") {
        if (positionals.length !== 1) throw new InputError("`audit` takes one export file (or `-` for stdin): `nhi-guard audit stack.json`");
        const { text, name } = await readExport(positionals[0]);
        const plan = planAudit(parseExportText(text, name), name);
        const source: ReportSource = name === "stdin" ? { kind: "stdin", file: "stdin" } : { kind: "export", file: path.relative(process.cwd(), path.resolve(name)).split(path.sep).join("/") };
        const input: GateInput = { command: "audit", ...plan, stack: options.stack ?? plan.stack, source };
        target = input;
        pending = Promise.resolve(input);
        dryRun = false;
    } else {
        throw new InputError(`unknown command \`${command}\`: use \`preview\`, \`audit\`, \`inventory\` or \`policies\` (see \`nhi-guard --help\`)`);
    }
    const packDirs = options.packDirs.length ? options.packDirs : [bundledPackDir()];
    const report = await runGate(target, pending, {
        packDirs,
        userConfig: options.userConfig,
        dryRun,
        config,
        progress: options.quiet ? noProgress : terminalProgress(),
    });
    emit(report, options);
    return reportFails(report, options.strict) ? EXIT_VIOLATIONS : EXIT_CLEAN;
}

/** One line, never a stack trace. Unexpected errors fail closed with exit 3. */
function describeFailure(e: unknown): { line: string; code: number } {
    if (e instanceof InputError) return { line: e.message, code: EXIT_BAD_INPUT };
    if (e instanceof AnalysisError) return { line: e.message, code: EXIT_NOT_ANALYSED };
    const message = String((e as any)?.message ?? e).split("\n")[0];
    return { line: `could not analyse: internal error: ${message}`, code: EXIT_NOT_ANALYSED };
}

export function run(argv: string[]): void {
    let reported = false;
    let settled = false;
    let stray: unknown;
    const fail = (e: unknown) => {
        if (reported) return;
        reported = true;
        const { line, code } = describeFailure(e);
        process.stderr.write(`nhi-guard: ${line}\n`);
        process.exitCode = code;
    };
    // A failing program rejects more than one of the SDK's promises: the command's own error
    // explains it best, so a stray rejection is only reported if the command did not fail itself.
    // None may print a stack trace or leave the exit code at 0.
    const onStray = (e: unknown) => {
        if (settled) fail(e);
        else stray ??= e;
    };
    process.on("unhandledRejection", onStray);
    process.on("uncaughtException", onStray);
    main(argv).then(
        (code) => {
            settled = true;
            if (stray !== undefined) fail(stray);
            else process.exitCode = code;
        },
        (e) => {
            settled = true;
            fail(e);
        },
    );
}

if (require.main === module) run(process.argv.slice(2));
