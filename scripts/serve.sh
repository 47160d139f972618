#!/usr/bin/env bash
# The serve command: installs what is missing (scripts/setup.sh), then serves
# the page with trunk, rebuilding on changes.
#
#   INFOPLANE_ADDRESS  address to listen on (default 127.0.0.1)
#   INFOPLANE_PORT     port (default 8080)
#   extra arguments go to `trunk serve`, e.g. scripts/serve.sh --release
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$INFOPLANE_ROOT"

"$INFOPLANE_ROOT/scripts/setup.sh"

[[ -f index.html ]] || die "index.html (the page trunk builds) is missing at $INFOPLANE_ROOT"

address="${INFOPLANE_ADDRESS:-127.0.0.1}"
port="${INFOPLANE_PORT:-8080}"
log "serving on http://$address:$port/ (Ctrl-C to stop; the first build takes minutes)"
exec trunk serve --address "$address" --port "$port" "$@"
