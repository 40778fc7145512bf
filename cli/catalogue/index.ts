/** `nhi-guard policies`: serves each pack, asks GetAnalyzerInfo, and lists what it declares. */
import { PackHost, PackHostError } from "../analyzer/packHost";
import { AnalysisError } from "../errors";
import { Catalogue, buildCatalogue } from "./model";

export async function readCatalogue(packDirs: string[]): Promise<Catalogue> {
    const hosts: PackHost[] = [];
    try {
        const started = await Promise.allSettled(packDirs.map((dir) => PackHost.start(dir, { dryRun: true })));
        for (const s of started) if (s.status === "fulfilled") hosts.push(s.value);
        const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
        if (failed) throw failed.reason;
        return buildCatalogue(await Promise.all(hosts.map((h) => h.getAnalyzerInfo())));
    } catch (e) {
        if (e instanceof PackHostError) throw new AnalysisError(`could not read the policy catalogue: ${e.message}`);
        throw e;
    } finally {
        await Promise.all(hosts.map((h) => h.stop().catch(() => undefined)));
    }
}
