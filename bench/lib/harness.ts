/**
 * The gate's own modules, bundled by `bench/run.js` (esbuild, like scripts/build.js) so the
 * benchmark serves packs and builds requests with exactly the code the CLI uses, instead of a copy
 * that could drift from it.
 */
export { PackHost } from "../../cli/analyzer/packHost";
export { Empty, analyzeRequest, analyzeStackRequest, analyzerGrpc, analyzerpb, configureRequest, decodeAnalyzeResponse, decodeAnalyzerInfo } from "../../cli/analyzer/protocol";
export { planAudit } from "../../cli/audit/stackExport";
export { planPreview } from "../../cli/preview";
export { runGate } from "../../cli/gate";
export { reporterFor } from "../../cli/report/formats";
export { catalogueTokens } from "../../contract/catalogue";
