"use strict";
module.exports = require("./outputs");
