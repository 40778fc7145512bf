/**
 * The nhi-guard CrossGuard policy pack. @pulumi/policy reads the version from the package.json in
 * the working directory, which the Pulumi CLI (and the nhi-guard gate) set to this pack's folder.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, packArgs } from "./pack";

new PolicyPack(PACK_NAME, packArgs());
