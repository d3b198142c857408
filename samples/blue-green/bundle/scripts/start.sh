#!/bin/bash
# ApplicationStart: start the app in the background. Its output goes to a log file so that it does not
# hold this hook's stdout and stderr, and its pid to a file for ApplicationStop.
set -euo pipefail
source "$(dirname "$0")/settings.sh"

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
version="$(cat "$WEB_APP/VERSION")"
broken=false
[[ -f "$WEB_APP/BROKEN" ]] && broken=true
mkdir -p "$(dirname "$WEB_PID")"
nohup "$java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xmx64m -Xss512k \
  "$WEB_APP/BlueGreenWeb.java" "$WEB_PORT" "$WEB_NAME" "$version" "$broken" >"$WEB_LOG" 2>&1 </dev/null &
echo $! >"$WEB_PID"
echo "started $version on $WEB_NAME (pid $!, 127.0.0.1:$WEB_PORT); log: $WEB_LOG"
