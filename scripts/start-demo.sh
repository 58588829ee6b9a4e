#!/usr/bin/env bash
# Install what is needed and start the desktop app on the bundled demo database.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
DEMO_DB="${PRECALL_DEMO_DB:-demo-data/precall-demo.db}"
mkdir -p "$(dirname "$DEMO_DB")"
if [ ! -f "$DEMO_DB" ]; then
  .venv/bin/precall --db "$DEMO_DB" demo
fi
exec .venv/bin/precall --db "$DEMO_DB"
