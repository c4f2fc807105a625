import * as pulumi from "@pulumi/pulumi";
import { programFor } from "./stacks/programs";

// Resolved at load time so that an unknown stack fails before anything is registered.
const program = programFor(pulumi.getStack());

export = program;
