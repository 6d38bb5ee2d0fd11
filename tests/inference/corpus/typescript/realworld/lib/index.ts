export * from "./refs";
