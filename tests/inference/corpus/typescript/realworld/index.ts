import * as pulumi from "@pulumi/pulumi";

// Second arguments: Pulumi takes `args.name` when it is set, so Args it cannot read leave the name unknown.
const sharedArgs = { name: "acme/dns/prod" };
const opaque = new pulumi.StackReference("dns", sharedArgs);
const noArgs = new pulumi.StackReference(`acme/networking/${pulumi.getStack()}`, undefined, { protect: true });
const spread = new pulumi.StackReference("db", { ...sharedArgs });
const empty = new pulumi.StackReference("acme/shared/global", {});
import { makeRef } from "./lib";
import * as settings from "./settings";
import { clusterRef } from "../../shared-lib/refs";

// A helper reached through a barrel (lib/index.ts re-exports lib/refs.ts).
const staging = makeRef("net-staging", "staging");
// A member of a const object of another module, read through a namespace import.
const db = new pulumi.StackReference(settings.stackConfig.database);
// A helper in a folder of the repository that belongs to no project.
const cluster = clusterRef(pulumi.getStack());
import { refByOpts } from "./byOpts";

const byOptsStatic = refByOpts({ environment: "prod", project: "dns" });
const byOptsStack = refByOpts({ project: "cluster", environment: pulumi.getStack() });
const byOptsSpread = refByOpts({ ...sharedArgs, project: "database" });
import { databaseRef, lazyCluster, stackRef } from "./levels";

const dbQa = databaseRef("qa");
const dbDefault = databaseRef();
const clusterDev = lazyCluster("dev")();
const dnsProd = stackRef("dns", "prod");
import { perRegion } from "./loops";
import { net } from "./branches";
import { aliased } from "./alias";
import * as maps from "./maps";
import * as numbers from "./numbers";
import * as projectConfig from "./projectConfig";
import * as nested from "./nested";
import { App, Dns } from "./component";

const app = new App("app", { networkStack: `acme/networking/${pulumi.getStack()}` });
const dnsProd = new Dns("prod");
let reassigned = { name: "acme/dns/prod" };
reassigned = { name: "acme/shared/global" };
const twice = new pulumi.StackReference("twice", reassigned);
import { Platform } from "./fields";
import * as structured from "./structured";
import * as mutated from "./mutated";
