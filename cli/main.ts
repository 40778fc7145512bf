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
import { readContextExports, withContext } from "./audit/withExport";
import { AnalysisError, EXIT_BAD_INPUT, EXIT_CLEAN, EXIT_NOT_ANALYSED, EXIT_VIOLATIONS, InputError } from "./errors";
import { GateInput, runGate } from "./gate";
import { PreviewOptions, planPreview } from "./preview";
import { DataSourceOverrides, parseDataSourceOverrides } from "./preview/dataSources";
import { noProgress, terminalProgress } from "./progress";
import { formatNames, reporterFor } from "./report/formats";
import { Report, ReportSource, reportFails } from "./report/model";
import { renderText } from "./report/text";
import { runInventory } from "./inventory";
import { inventoryFormatNames, inventoryRendererFor } from "./inventory/formats";
import { Inventory } from "./inventory/model";
import { parseWindow, reviewOf } from "./inventory/review";
import { expandTargets, mergeInventories } from "./inventory/merge";
import { readCatalogue } from "./catalogue";
import { catalogueFormatNames, catalogueRendererFor } from "./catalogue/formats";
import { parseIsoInstant, parseContractDate } from "../contract/dates";
import { COMMAND_NAMES, CommandName, OPTIONS, commandHelp, globalHelp, isCommand } from "./help";
import { capabilityBaseline, readBaselineExport, reportChanges, withCapabilityBaseline } from "./drift";
import { DEFAULT_BASELINE_DAYS, MAX_BASELINE_DAYS, buildBaseline, buildCapabilityBaseline, defaultReason, expiryDate } from "./baseline";
import { MIN_REASON_LENGTH } from "../policy-packs/nhi-guard/src/exemptions";

/** One report file: `--output FILE` (in `--format`) or `--output FORMAT=FILE`. */
export interface OutputTarget {
    format: string;
    file: string;
}

interface Options {
    packDirs: string[];
    userConfig: PolicyPackConfig;
    /** The `--config` file as given, for messages and for `baseline` to merge into. */
    configFile?: string;
    stack?: string;
    /** Preview: `pulumi.getOrganization()`, and the outputs as `pulumi preview` has them. */
    org?: string;
    literal: boolean;
    /** Preview: results given for data sources (`--data-source TOKEN=FILE`). */
    dataSources: DataSourceOverrides;
    format: string;
    outputs: OutputTarget[];
    /** Preview and audit: other stacks' exports read with this one for AnalyzeStack (`--with-export`). */
    withExports: string[];
    strict: boolean;
    quiet: boolean;
    /** Inventory: the instant days are counted from. */
    now?: Date;
    /** Inventory: exit 1 when something ends within this many days (`--expiring-within`). */
    expiringWithin?: number;
    /** Preview: the deployed stack's export to list access changes against (`--baseline`). */
    baselineExport?: string;
    /** Baseline: write the capability baseline instead of exemptions (`--capabilities`). */
    capabilities: boolean;
    /** Baseline: who approves, for how long, and why. */
    approvedBy?: string;
    expiresInDays?: number;
    reason?: string;
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

interface Parsed {
    command?: CommandName;
    positionals: string[];
    options: Options;
    /** `--help`, `-h` or `help [command]`: print help (for `command` when given) and exit 0. */
    help: boolean;
    version: boolean;
}

function parse(argv: string[]): Parsed {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            allowPositionals: true,
            strict: true,
            options: Object.fromEntries(
                Object.entries(OPTIONS).map(([name, o]) => [name, { type: o.type, multiple: !!o.multiple, ...(o.short ? { short: o.short } : {}) }]),
            ),
        });
    } catch (e: any) {
        throw new InputError(`${String(e.message).split("\n")[0].replace(/\. To specify.*$/, "")}: see \`nhi-guard --help\``);
    }
    const v = parsed.values as Record<string, string | string[] | boolean | undefined>;
    let [first, ...positionals] = parsed.positionals;
    let help = !!v.help;
    // `nhi-guard help [command]` is `nhi-guard [command] --help`.
    if (first === "help") {
        if (positionals.length > 1) throw new InputError("`help` takes at most one command: `nhi-guard help preview`");
        // `help --help` is help's own text; `help` alone is the overview.
        if (positionals.length || !help) [first, ...positionals] = positionals;
        help = true;
    }
    if (first !== undefined && !isCommand(first)) {
        const known = COMMAND_NAMES.filter((c) => c !== "help");
        throw new InputError(`unknown command \`${first}\`: use ${known.map((c) => `\`${c}\``).join(", ")} or \`help\` (see \`nhi-guard --help\`)`);
    }
    const command = first as CommandName | undefined;
    // An option that does not apply to the command is a mistake, not something to ignore.
    if (command && !help) {
        for (const name of Object.keys(v)) {
            if (v[name] === undefined || OPTIONS[name].commands.includes(command)) continue;
            const where = COMMAND_NAMES.filter((c) => c !== "help" && OPTIONS[name].commands.includes(c));
            throw new InputError(`\`--${name}\` only applies to ${where.map((c) => `\`${c}\``).join(", ")}: see \`nhi-guard help ${command}\``);
        }
    }
    const str = (name: string) => v[name] as string | undefined;
    const format = checkFormat(command, str("format"), (v.output as string[] | undefined)?.[0]);
    const outputs = ((v.output as string[] | undefined) ?? []).map((o) => parseOutput(command, o, str("format") ?? formatFromExtension(command, o) ?? format));
    let now: Date | undefined;
    if (v.now !== undefined) {
        now = parseContractDate(str("now")) ?? parseIsoInstant(str("now"));
        if (!now) throw new InputError(`\`--now\` is \`${String(v.now).slice(0, 40)}\`: use a UTC date \`YYYY-MM-DD\` or date-time \`YYYY-MM-DDTHH:MM:SSZ\``);
    }
    const packDirs = (v["policy-pack"] as string[] | undefined)?.map((d) => path.resolve(d)) ?? [];
    if (str("org") !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(str("org")!)) throw new InputError(`\`--org\` is \`${String(str("org")).slice(0, 40)}\`: give an organization name (letters, digits, \`-\`, \`_\`, \`.\`)`);
    const configFile = str("config");
    return {
        command,
        positionals,
        help,
        version: !!v.version,
        options: {
            packDirs,
            userConfig: configFile && !help ? readPolicyConfig(configFile) : {},
            configFile,
            stack: str("stack"),
            org: str("org"),
            literal: !!v.literal,
            dataSources: parseDataSourceOverrides(v["data-source"] as string[] | undefined),
            format,
            outputs,
            withExports: (v["with-export"] as string[] | undefined) ?? [],
            strict: !!v.strict,
            quiet: !!v.quiet,
            now,
            expiringWithin: expiringWindow(str("expiring-within")),
            baselineExport: str("baseline"),
            capabilities: !!v.capabilities,
            ...baselineOptions(str("approved-by"), str("expires-in"), str("reason")),
        },
    };
}

function expiringWindow(text: string | undefined): number | undefined {
    if (text === undefined) return undefined;
    const days = parseWindow(text);
    if (days === undefined) throw new InputError(`\`--expiring-within\` is \`${text.slice(0, 20)}\`: give whole days as \`30d\` (or \`30\`), from 0 to 3650`);
    return days;
}

const EXTENSION_FORMATS: Record<string, string> = { ".sarif": "sarif", ".json": "json", ".md": "markdown", ".csv": "csv", ".html": "html" };

/** Without `--format`, `-o report.sarif` means SARIF: text in a `.sarif` file helps nobody. */
function formatFromExtension(command: CommandName | undefined, file: string): string | undefined {
    const f = EXTENSION_FORMATS[path.extname(file).toLowerCase()];
    return f && command !== "baseline" && formatKnown(command, f) ? f : undefined;
}

/** `FORMAT=FILE` when FORMAT is one of the command's formats; otherwise the whole value is a file in `format`. */
function parseOutput(command: CommandName | undefined, value: string, format: string): OutputTarget {
    if (value === "") throw new InputError("`--output` is empty: give a file, or `FORMAT=FILE`");
    const eq = value.indexOf("=");
    if (eq > 0 && command !== "baseline") {
        const named = value.slice(0, eq);
        if (formatKnown(command, named)) {
            if (value.length === eq + 1) throw new InputError(`\`--output ${named}=\` names no file: \`--output ${named}=FILE\``);
            return { format: named, file: value.slice(eq + 1) };
        }
    }
    return { format, file: value };
}

function baselineOptions(approvedBy: string | undefined, expiresIn: string | undefined, reason: string | undefined): Pick<Options, "approvedBy" | "expiresInDays" | "reason"> {
    let expiresInDays: number | undefined;
    if (expiresIn !== undefined) {
        expiresInDays = /^\d+$/.test(expiresIn) ? Number(expiresIn) : NaN;
        if (!(expiresInDays >= 1 && expiresInDays <= MAX_BASELINE_DAYS)) {
            throw new InputError(`\`--expires-in\` is \`${expiresIn.slice(0, 20)}\`: give a whole number of days from 1 to ${MAX_BASELINE_DAYS}`);
        }
    }
    if (approvedBy !== undefined && approvedBy.trim() === "") throw new InputError("`--approved-by` is empty: name the person or team who accepts the existing findings");
    if (reason !== undefined && reason.trim().length < MIN_REASON_LENGTH) {
        throw new InputError(`\`--reason\` must say why in at least ${MIN_REASON_LENGTH} characters (the pack rejects shorter reasons)`);
    }
    return { approvedBy: approvedBy?.trim(), expiresInDays, reason: reason?.trim() };
}

function formatKnown(command: CommandName | undefined, f: string): boolean {
    return command === "inventory" ? !!inventoryRendererFor(f) : command === "policies" ? !!catalogueRendererFor(f) : !!reporterFor(f);
}

/** Each command has its own formats; `--format` is checked against the command's. */
function checkFormat(command: CommandName | undefined, given: string | undefined, output: string | undefined): string {
    const names = command === "inventory" ? inventoryFormatNames() : command === "policies" ? catalogueFormatNames() : formatNames();
    const format = given ?? (command === "policies" && output?.endsWith(".md") ? "markdown" : "text");
    if (!formatKnown(command, format)) throw new InputError(`\`--format\` is \`${format}\`${command === "inventory" || command === "policies" ? ` for \`${command}\`` : ""}: use one of ${names.join(", ")}`);
    return format;
}

/** The installed package's version: package.json above dist/cli/main.js (or cli/main.ts). */
function packageVersion(): string {
    let dir = __dirname;
    for (;;) {
        const file = path.join(dir, "package.json");
        if (fs.existsSync(file)) {
            try {
                const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
                if (pkg.name === "nhi-guard" && typeof pkg.version === "string") return pkg.version;
            } catch {
                // Not ours, or unreadable: keep looking upwards.
            }
        }
        const parent = path.dirname(dir);
        if (parent === dir) return "unknown";
        dir = parent;
    }
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
    const summaryOnly = (text: string) => text.trimEnd().split("\n").pop() + "\n";
    for (const o of opts.outputs) writeOutput(o.file, reporterFor(o.format)!.render(report, { color: false, strict: opts.strict }));
    const reporter = reporterFor(opts.format)!;
    if (opts.outputs.length || reporter.name === "text") {
        const text = renderText(report, { color: tty, strict: opts.strict });
        process.stdout.write(opts.quiet ? summaryOnly(text) : text);
    } else {
        process.stdout.write(reporter.render(report, { color: false, strict: opts.strict }));
    }
}

function emitInventory(inventory: Inventory, opts: Options): void {
    const tty = !!process.stdout.isTTY;
    const text = () => inventoryRendererFor("text")!.render(inventory, { color: tty });
    const summaryOnly = (t: string) => t.trimEnd().split("\n").pop() + "\n";
    for (const o of opts.outputs) writeOutput(o.file, inventoryRendererFor(o.format)!.render(inventory, { color: false }));
    const renderer = inventoryRendererFor(opts.format)!;
    if (opts.outputs.length) process.stdout.write(summaryOnly(text()));
    else if (renderer.name === "text") process.stdout.write(opts.quiet ? summaryOnly(text()) : text());
    else process.stdout.write(renderer.render(inventory, { color: false }));
}

async function policiesCommand(positionals: string[], options: Options): Promise<number> {
    if (positionals.length) throw new InputError(`\`policies\` takes no arguments, got \`${positionals[0]}\`: pass packs with \`--policy-pack DIR\``);
    const catalogue = await readCatalogue(packDirsOf(options));
    for (const o of options.outputs) {
        writeOutput(o.file, catalogueRendererFor(o.format)!.render(catalogue));
        process.stdout.write(`${catalogue.policies.length} policies (${o.format}) written to ${o.file}\n`);
    }
    if (!options.outputs.length) process.stdout.write(catalogueRendererFor(options.format)!.render(catalogue));
    return EXIT_CLEAN;
}

async function inventoryCommand(positionals: string[], options: Options): Promise<number> {
    if (!positionals.length) throw new InputError("`inventory` takes export files, `-` for stdin, a program folder or a folder of exports: `nhi-guard inventory stack.json`");
    // Several exports (or a folder of them) give one organisation-wide inventory, read one stack at a time.
    const targets = expandTargets(positionals);
    const now = options.now ?? new Date();
    const inventories: Inventory[] = [];
    for (const target of targets) {
        const { inventory: one } = await runInventory({
            target,
            // With several stacks, --stack picks a program's config; an export's own stack name is kept.
            stack: targets.length > 1 && !(fs.existsSync(target) && fs.statSync(target).isDirectory()) ? undefined : options.stack,
            program: programOptions(options),
            now,
            readExport,
            gate: { packDirs: packDirsOf(options), userConfig: options.userConfig, configFile: options.configFile },
            progress: options.quiet ? noProgress : terminalProgress(),
        });
        inventories.push(one);
    }
    const inventory = mergeInventories(inventories);
    // A scheduled review: what ends within the window is listed (JSON `review`) and fails the run.
    if (options.expiringWithin !== undefined) inventory.review = reviewOf(inventory, options.expiringWithin);
    emitInventory(inventory, options);
    return inventory.review?.ending.length ? EXIT_VIOLATIONS : EXIT_CLEAN;
}

const packDirsOf = (options: Options) => (options.packDirs.length ? options.packDirs : [bundledPackDir()]);

/** What a gated run needs: the program run under mocks (preview) or the parsed export (audit). */
interface GatePlan {
    target: { project: string; stack: string };
    pending: Promise<GateInput>;
    config?: Record<string, string>;
    dryRun: boolean;
}

/** How a program runs under the gate, from the options that say so (`preview`, `baseline` and `inventory` of a folder). */
function programOptions(options: Options): Omit<PreviewOptions, "stack"> {
    return { organization: options.org, literal: options.literal, dataSources: options.dataSources };
}

function planPreviewRun(dir: string, options: Options): GatePlan {
    const plan = planPreview(dir, { stack: options.stack, ...programOptions(options) });
    return { target: plan, pending: plan.run(), config: plan.config, dryRun: true };
}

async function planAuditRun(file: string, options: Options): Promise<GatePlan> {
    const { text, name } = await readExport(file);
    const plan = planAudit(parseExportText(text, name), name);
    const source: ReportSource = name === "stdin" ? { kind: "stdin", file: "stdin" } : { kind: "export", file: path.relative(process.cwd(), path.resolve(name)).split(path.sep).join("/") };
    // An export without resources has no URN to take the stack name from: never show it blank.
    const input: GateInput = { command: "audit", ...plan, stack: options.stack ?? (plan.stack || UNNAMED_STACK), source };
    return { target: input, pending: Promise.resolve(input), dryRun: false };
}

const UNNAMED_STACK = "(unnamed stack)";

/** What the packs were sent, kept for the checks made after the run. */
function keepInput(plan: GatePlan): { plan: GatePlan; input: () => GateInput | undefined } {
    let input: GateInput | undefined;
    return { plan: { ...plan, pending: plan.pending.then((i) => (input = i)) }, input: () => input };
}

/** The stack itself and providers are always there; a run with nothing else checked nothing. */
const isBookkeeping = (type: string) => type === "pulumi:pulumi:Stack" || type.startsWith("pulumi:providers:");

/** A report of nothing is not a clean report: say so, and let `--strict` fail on it. */
function noResourcesWarning(input: GateInput | undefined, command: string): string | undefined {
    if (!input || input.analyze.some((r) => !isBookkeeping(r.type))) return undefined;
    return command === "audit"
        ? "the export has no resources (an empty stack, or not the stack you meant): nothing was checked"
        : "the program registered no resources: nothing was checked";
}

async function gatedCommand(command: "preview" | "audit", positionals: string[], options: Options): Promise<number> {
    let plan: GatePlan;
    if (command === "preview") {
        if (positionals.length > 1) throw new InputError(`\`preview\` takes one project folder, got ${positionals.length}: see \`nhi-guard help preview\``);
        plan = planPreviewRun(positionals[0] ?? ".", options);
    } else {
        if (positionals.length !== 1) throw new InputError("`audit` takes one export file (or `-` for stdin): `nhi-guard audit stack.json`");
        plan = await planAuditRun(positionals[0], options);
    }
    // Read before the packs start, so a bad `--with-export` file is bad input, not a failed analysis.
    const contexts = readContextExports(options.withExports);
    if (contexts.length) plan = { ...plan, pending: plan.pending.then((input) => withContext(input, contexts)) };
    // The deployed stack, read before the packs start too; its capabilities also go to the pack, which gates the changes config names.
    const deployed = options.baselineExport !== undefined ? readBaselineExport(options.baselineExport) : undefined;
    const userConfig = deployed ? withCapabilityBaseline(options.userConfig, capabilityBaseline(deployed.resources, deployed.stack)) : options.userConfig;
    const kept = keepInput(plan);
    plan = kept.plan;
    const report = await runGate(plan.target, plan.pending, {
        packDirs: packDirsOf(options),
        userConfig,
        configFile: options.configFile,
        dryRun: plan.dryRun,
        config: plan.config,
        progress: options.quiet ? noProgress : terminalProgress(),
    });
    if (!report.stack) report.stack = UNNAMED_STACK;
    if (deployed && kept.input()) report.changes = reportChanges(kept.input()!, deployed.resources);
    const empty = noResourcesWarning(kept.input(), command);
    if (empty) {
        report.notes.push(empty);
        process.stderr.write(`nhi-guard: warning: ${empty}${options.strict ? " (fails with --strict)" : ""}\n`);
    }
    emit(report, options);
    return reportFails(report, options.strict) || (options.strict && empty) ? EXIT_VIOLATIONS : EXIT_CLEAN;
}

const DEFAULT_BASELINE_FILE = "nhi-guard.policy-config.json";

/** `baseline <dir|export|->`: run the gate as preview (a folder) or audit, then exempt what fails today. */
async function baselineCommand(positionals: string[], options: Options): Promise<number> {
    if (positionals.length !== 1) throw new InputError("`baseline` takes one program folder or export file (`-` for stdin): `nhi-guard baseline stack.json --approved-by platform-team`");
    if (options.capabilities) return capabilityBaselineCommand(positionals[0], options);
    if (!options.approvedBy) throw new InputError("`baseline` needs `--approved-by NAME`: the person or team who accepts the existing findings until they expire");
    const approvedBy = options.approvedBy;
    if (options.outputs.length > 1) throw new InputError("`baseline` writes one config file: give `--output FILE` once");
    const file = options.outputs[0]?.file ?? options.configFile ?? DEFAULT_BASELINE_FILE;
    // Never overwrite a config: an existing output file is the config to merge into.
    if (fs.existsSync(file) && (!options.configFile || path.resolve(options.configFile) !== path.resolve(file))) {
        if (options.configFile) throw new InputError(`\`--output\` file \`${file}\` exists and is not the \`--config\` file: merge into it with \`--config ${file}\`, or choose another file`);
        options = { ...options, userConfig: readPolicyConfig(file), configFile: file };
    }
    const target = positionals[0];
    const isDir = target !== "-" && fs.existsSync(target) && fs.statSync(target).isDirectory();
    const kept = keepInput(isDir ? planPreviewRun(target, options) : await planAuditRun(target, options));
    const plan = kept.plan;
    const report = await runGate(plan.target, plan.pending, {
        packDirs: packDirsOf(options),
        userConfig: options.userConfig,
        configFile: options.configFile,
        dryRun: plan.dryRun,
        config: plan.config,
        progress: options.quiet ? noProgress : terminalProgress(),
    });
    const empty = noResourcesWarning(kept.input(), isDir ? "preview" : "audit");
    if (empty) process.stderr.write(`nhi-guard: warning: ${empty}\n`);
    const now = new Date();
    const days = options.expiresInDays ?? DEFAULT_BASELINE_DAYS;
    const result = buildBaseline(report, options.userConfig, {
        approvedBy,
        expires: new Date(expiryDate(now, days) + "T00:00:00Z"),
        reason: options.reason ?? defaultReason(now),
    });
    writeOutput(file, JSON.stringify(result.config, null, 2) + "\n");
    const lines = [
        `baseline: ${result.added.length} exemption${result.added.length === 1 ? "" : "s"} written to ${file} (approved by ${approvedBy}, expire ${expiryDate(now, days)}); ` +
            `use it with \`nhi-guard preview|audit --config ${file}\` or \`pulumi preview --policy-pack-config ${file}\``,
    ];
    if (result.alreadyExempt) lines.push(`  ${result.alreadyExempt} finding${result.alreadyExempt === 1 ? " was" : "s were"} already exempted by the existing config`);
    if (result.expired.length) lines.push(`  ${result.expired.length} finding${result.expired.length === 1 ? "" : "s"} with an expired exemption not renewed (renew by hand, with a new approval): ${result.expired.map((e) => `${e.policy} on ${e.urn}`).join(", ")}`);
    for (const s of result.skipped) lines.push(`  not exempted: ${s.policy} on ${s.urn}: ${s.why}`);
    process.stdout.write(lines.join("\n") + "\n");
    return EXIT_CLEAN;
}

/** `baseline --capabilities <export>`: what the deployed stack's identities can do, as `nhi-approved-drift` config. */
function capabilityBaselineCommand(target: string, options: Options): number {
    if (target === "-" || (fs.existsSync(target) && fs.statSync(target).isDirectory())) {
        throw new InputError("`baseline --capabilities` reads the deployed state: give a `pulumi stack export` file, e.g. `pulumi stack export --stack prod > prod.json`");
    }
    if (options.outputs.length > 1) throw new InputError("`baseline` writes one config file: give `--output FILE` once");
    const file = options.outputs[0]?.file ?? options.configFile ?? DEFAULT_BASELINE_FILE;
    let existing = options.userConfig;
    if (fs.existsSync(file) && (!options.configFile || path.resolve(options.configFile) !== path.resolve(file))) {
        if (options.configFile) throw new InputError(`\`--output\` file \`${file}\` exists and is not the \`--config\` file: merge into it with \`--config ${file}\`, or choose another file`);
        existing = readPolicyConfig(file);
    }
    const deployed = readBaselineExport(target, "baseline --capabilities");
    const baseline = capabilityBaseline(deployed.resources, deployed.stack);
    writeOutput(file, JSON.stringify(buildCapabilityBaseline(existing, baseline), null, 2) + "\n");
    const n = baseline.identities.length;
    process.stdout.write(
        `baseline: the capabilities of ${n} identit${n === 1 ? "y" : "ies"} of stack \`${deployed.stack || UNNAMED_STACK}\` written to ${file} as \`nhi-approved-drift.capabilityBaseline\`; ` +
            `later previews are compared with it (\`nhi-guard preview --config ${file}\` or \`pulumi preview --policy-pack-config ${file}\`)\n`,
    );
    return EXIT_CLEAN;
}

export async function main(argv: string[]): Promise<number> {
    const { command, positionals, options, help, version } = parse(argv);
    if (version) {
        process.stdout.write(`nhi-guard ${packageVersion()}\n`);
        return EXIT_CLEAN;
    }
    if (help) {
        process.stdout.write(command ? commandHelp(command) : globalHelp());
        return EXIT_CLEAN;
    }
    // Bad usage is one line like every other failure; the full text is one `--help` away.
    if (!command || command === "help") {
        throw new InputError(`no command: use ${COMMAND_NAMES.filter((c) => c !== "help").map((c) => `\`${c}\``).join(", ")} (see \`nhi-guard --help\`)`);
    }
    if (command === "policies") return policiesCommand(positionals, options);
    if (command === "inventory") return inventoryCommand(positionals, options);
    if (command === "baseline") return baselineCommand(positionals, options);
    return gatedCommand(command, positionals, options);
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
