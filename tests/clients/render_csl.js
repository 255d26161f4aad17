#!/usr/bin/env node
// Render CSL-JSON items with citeproc-js (npm `citeproc`, pinned in package-lock.json), the
// processor Zotero, Mendeley and many other tools use.
//
//   node render_csl.js --locales DIR --style A.csl [--style B.csl ...] [ITEMS.json]
//
// ITEMS.json (or standard input) is a JSON array of CSL-JSON items. Each item is rendered ALONE
// (a processor holding one item), so no item's output depends on its neighbours (no 2007a/2007b
// suffixes, no "———" for a repeated author). Prints one JSON object:
//   {"<style path>": {"title": ..., "class": "note"|"in-text",
//                     "items": {"<id>": {"bibliography": text, "citation": text}}}}
// where "citation" is the first (full) note for a note style and the in-text citation otherwise,
// both in citeproc-js's plain-text output format. "errors" lists items the processor threw on.
"use strict";
const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

function parseArgs(argv) {
  const args = { styles: [], locales: null, lang: "en-US", input: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--style") args.styles.push(argv[++i]);
    else if (a === "--locales") args.locales = argv[++i];
    else if (a === "--lang") args.lang = argv[++i];
    else args.input = a;
  }
  if (!args.styles.length || !args.locales) {
    process.stderr.write("usage: render_csl.js --locales DIR --style A.csl [...] [ITEMS.json]\n");
    process.exit(2);
  }
  return args;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const text = fs.readFileSync(args.input || 0, "utf8");
  const items = JSON.parse(text);
  const byId = new Map(items.map((item) => [String(item.id), item]));
  let current = null; // the one item the processor may see
  const sys = {
    retrieveLocale(lang) {
      const file = path.join(args.locales, `locales-${lang}.xml`);
      return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : false;
    },
    retrieveItem(id) {
      return id === current ? byId.get(id) : undefined;
    },
  };
  const out = {};
  for (const stylePath of args.styles) {
    const xml = fs.readFileSync(stylePath, "utf8");
    const title = (xml.match(/<title>([^<]*)<\/title>/) || [])[1] || "";
    const cls = (xml.match(/<style[^>]*\bclass="([^"]+)"/) || [])[1] || "";
    const rendered = {};
    const errors = [];
    // One processor per style (building one costs most of a second); updateItems([id]) makes the
    // item the only one registered, and the cluster is made outside any document (first note).
    const engine = new CSL.Engine(sys, xml, args.lang, true);
    engine.setOutputFormat("text");
    for (const id of byId.keys()) {
      current = id;
      try {
        engine.updateItems([id]);
        const bib = engine.makeBibliography();
        const citation = engine.makeCitationCluster([{ id }]);
        rendered[id] = {
          bibliography: bib ? bib[1].join("").trim() : null,
          citation: citation.trim(),
        };
      } catch (err) {
        errors.push({ id, error: String(err && err.stack ? err.stack : err) });
      }
    }
    out[stylePath] = { title, class: cls, items: rendered, errors };
  }
  process.stdout.write(JSON.stringify(out, null, 1) + "\n");
}

main();
