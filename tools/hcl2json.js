#!/usr/bin/env node
// Prints the *.tf files of a folder as one JSON object, keyed by file name, each value being the
// file as @cdktf/hcl2json parses it (expressions stay "${...}" strings). Used by the offline
// Terraform structure test (gcp-function TerraformTest), since providers cannot be downloaded here.
//
//   node tools/hcl2json.js infra/gcp
"use strict";

const fs = require("fs");
const path = require("path");
const { parse } = require("@cdktf/hcl2json");

async function main() {
  const dir = process.argv[2];
  if (!dir) {
    console.error("usage: node tools/hcl2json.js FOLDER");
    process.exit(2);
  }
  const files = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".tf"))
    .sort();
  if (files.length === 0) {
    console.error(`no .tf files in ${dir}`);
    process.exit(1);
  }
  const out = {};
  for (const name of files) {
    const text = fs.readFileSync(path.join(dir, name), "utf8");
    try {
      out[name] = await parse(name, text);
    } catch (error) {
      console.error(`${path.join(dir, name)}: ${error.message}`);
      process.exit(1);
    }
  }
  process.stdout.write(JSON.stringify(out, null, 2) + "\n");
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
