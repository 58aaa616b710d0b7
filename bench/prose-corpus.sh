#!/usr/bin/env bash
# English prose with no Afghan news in it, from text files every Debian machine has:
# the common licences and the first package copyright files (sorted by path) up to ~3 MB.
# Writes JSON Lines, one record per file, to stdout ({"id": path, "text": ...}).
# Usage: bench/prose-corpus.sh > /tmp/prose.jsonl
#        bench/prose-officials.sh /tmp/prose.jsonl   (false official mentions per MB)
set -euo pipefail
LIMIT=${PROSE_BYTES:-3000000}
total=0
{ ls -1 /usr/share/common-licenses/* | sort; ls -1 /usr/share/doc/*/copyright 2>/dev/null | sort; } |
while IFS= read -r f; do
  [ -f "$f" ] && [ ! -L "$f" ] || continue
  [ "$total" -lt "$LIMIT" ] || break
  n=$(wc -c < "$f")
  total=$((total + n))
  node -e 'const fs=require("fs");const t=fs.readFileSync(process.argv[1],"utf8");process.stdout.write(JSON.stringify({id:process.argv[1],text:t})+"\n")' "$f"
done
