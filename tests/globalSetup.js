// End-to-end suites serve the compiled pack and run the compiled CLI, so build them from the
// current sources before any test runs (esbuild: well under a second).
const { buildPack, buildCli } = require("../scripts/build");
const fs = require("fs");
const path = require("path");

module.exports = async () => {
    await buildPack();
    if (fs.existsSync(path.join(__dirname, "../cli/main.ts"))) await buildCli();
};
