#!/bin/bash
# ApplicationStop: stop the running hello-web, if any. Runs the scripts of the revision installed now,
# so it must cope with a server that is not there; it is safe to run twice.
set -euo pipefail
source "$(dirname "$0")/settings.sh"

if [[ ! -f "$HELLO_WEB_PID" ]]; then
  echo "hello-web is not running (no $HELLO_WEB_PID)"
  exit 0
fi
pid="$(cat "$HELLO_WEB_PID")"
# Alive and not a zombie: an exited server stays a zombie until init reaps it, which can take a while.
alive() { kill -0 "$1" 2>/dev/null && ! grep -qs '^[0-9]* (.*) Z' "/proc/$1/stat"; }
if kill "$pid" 2>/dev/null; then
  for _ in $(seq 1 200); do            # up to 10 s for a clean exit
    alive "$pid" || break
    sleep 0.05
  done
  if alive "$pid"; then
    echo "hello-web (pid $pid) ignored SIGTERM for 10 s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  echo "stopped hello-web (pid $pid)"
else
  echo "hello-web (pid $pid) was not running"
fi
rm -f "$HELLO_WEB_PID"
