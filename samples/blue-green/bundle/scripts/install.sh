#!/bin/bash
# AfterInstall: put this revision's app in WEB_HOME/app (what a files: section does on a host of its own;
# here four hosts share one machine, so each takes its directory from its agent's environment).
set -euo pipefail
source "$(dirname "$0")/settings.sh"

[[ -f VERSION ]] || { echo "this bundle has no VERSION file; make it with samples/blue-green/demo" >&2; exit 1; }
rm -rf "$WEB_APP.new"
mkdir -p "$WEB_APP.new"
cp app/BlueGreenWeb.java VERSION "$WEB_APP.new/"
[[ -f BROKEN ]] && cp BROKEN "$WEB_APP.new/"
rm -rf "$WEB_APP"
mv "$WEB_APP.new" "$WEB_APP"
echo "installed $(cat VERSION) in $WEB_APP"
