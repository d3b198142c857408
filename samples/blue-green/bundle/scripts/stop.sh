#!/bin/bash
# ApplicationStop: stop the running app, if any. It runs the scripts of the revision installed before,
# so it copes with an app that is not there, and it is safe to run twice.
set -euo pipefail
source "$(dirname "$0")/settings.sh"

if [[ ! -f "$WEB_PID" ]]; then
  echo "the app is not running on $WEB_NAME (no $WEB_PID)"
  exit 0
fi
pid="$(cat "$WEB_PID")"
# Alive and not a zombie: an exited app stays a zombie until it is reaped, which can take a while.
alive() { kill -0 "$1" 2>/dev/null && ! grep -qs '^[0-9]* (.*) Z' "/proc/$1/stat"; }
if kill "$pid" 2>/dev/null; then
  for _ in $(seq 1 200); do            # up to 10 s for a clean exit
    alive "$pid" || break
    sleep 0.05
  done
  if alive "$pid"; then
    echo "the app (pid $pid) ignored SIGTERM for 10 s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  echo "stopped the app on $WEB_NAME (pid $pid)"
else
  echo "the app on $WEB_NAME (pid $pid) was not running"
fi
rm -f "$WEB_PID"
