"use strict";
// Resolved from bench/node_modules (installed by `npm run bench` from bench/package-lock.json), so
// @pulumi/aws 4 and aws-sdk 2 never enter the project's own install.
const { AwsGuard } = require("@pulumi/awsguard");

// Every policy mandatory, except the three that call live AWS APIs through aws-sdk (they need
// credentials and a network this offline benchmark does not have, and would time the network,
// not the pack). Their code is still loaded, so start-up is unaffected.
new AwsGuard({
    all: "mandatory",
    acmCertificateExpiration: "disabled",
    iamAccessKeysRotated: "disabled",
    iamMfaEnabledForConsoleAccess: "disabled",
});
