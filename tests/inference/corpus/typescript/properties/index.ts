import { App } from "./app";

const app = new App();
export const subnet = app.net.getOutput("subnetId");
