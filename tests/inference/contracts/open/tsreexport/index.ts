export * from "./outputs";
