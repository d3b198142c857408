#!/bin/bash
# ApplicationStart: start hello-web in the background. Its output goes to a log file so that it does
# not hold this hook's stdout/stderr (the agent would report OUTPUTS_LEFT_OPEN), and its pid to a file
# for ApplicationStop.
set -euo pipefail
source "$(dirname "$0")/settings.sh"

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
mkdir -p "$(dirname "$HELLO_WEB_PID")"
nohup "$java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "$HELLO_WEB_HOME/app/HelloWeb.java" "$HELLO_WEB_PORT" "$HELLO_WEB_HOME/app" \
  "${HOIST_REVISION_ID:-unknown}" >"$HELLO_WEB_LOG" 2>&1 </dev/null &
echo $! >"$HELLO_WEB_PID"
echo "started hello-web (pid $!) on 127.0.0.1:$HELLO_WEB_PORT, revision ${HOIST_REVISION_ID:-unknown}; log: $HELLO_WEB_LOG"
