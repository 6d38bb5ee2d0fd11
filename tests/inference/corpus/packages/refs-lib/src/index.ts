// The package entry re-exports the helpers: no StackReference here.
export * from "./refs";
