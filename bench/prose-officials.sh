#!/usr/bin/env bash
# Count official mentions the annotator finds in a prose corpus (bench/prose-corpus.sh):
# every one is false (the texts are licences and copyright notices). Prints
# "<bytes> bytes, <n> official mentions, <n/MB> per MB" and, with -v, the mentions.
set -euo pipefail
corpus=${1:?usage: bench/prose-officials.sh CORPUS.jsonl [-v]}
here=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
node "$here/bin/afghan-annotator.js" annotate --input jsonl --format jsonl --types official --jobs 1 "$corpus" > "$out" 2>/dev/null
node -e '
  const fs = require("fs");
  const bytes = fs.statSync(process.argv[1]).size;
  let n = 0; const seen = [];
  for (const line of fs.readFileSync(process.argv[2], "utf8").split("\n")) {
    if (!line.trim()) continue;
    const a = JSON.parse(line);
    for (const m of a.annotation?.mentions ?? []) { n++; seen.push(`${a.id}\t${m.text}\t${m.rule}`); }
  }
  console.log(`${bytes} bytes, ${n} official mentions, ${(n / (bytes / 1e6)).toFixed(2)} per MB`);
  if (process.argv[3] === "-v") console.log(seen.join("\n"));
' "$corpus" "$out" "${2:-}"
