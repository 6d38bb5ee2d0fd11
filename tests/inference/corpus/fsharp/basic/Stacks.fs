module Stacks

let shared = "acme/shared/global"
