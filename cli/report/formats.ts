/**
 * Report formats. A format is one module exporting a `Reporter`; adding one (sarif, markdown) is
 * that file plus its line in `REPORTERS`.
 */
import { Report } from "./model";
import { jsonReporter } from "./json";
import { markdownReporter } from "./markdown";
import { sarifReporter } from "./sarif";
import { textReporter } from "./text";

export interface RenderOptions {
    /** ANSI colours (only when writing to a terminal). */
    color: boolean;
    /** `--strict`: checks that could not run count as failures. */
    strict: boolean;
}

export interface Reporter {
    /** The `--format` value. */
    name: string;
    /** One line for `--help`. */
    summary: string;
    render(report: Report, opts: RenderOptions): string;
}

const REPORTERS: Reporter[] = [textReporter, jsonReporter, sarifReporter, markdownReporter];

export const formatNames = (): string[] => REPORTERS.map((r) => r.name);

export function reporterFor(name: string): Reporter | undefined {
    return REPORTERS.find((r) => r.name === name);
}
