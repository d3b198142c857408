#!/bin/bash
# ValidateService: the app must answer GET /health with 200. It waits up to 30 s for the app to answer at
# all (the JVM compiles the app at start), then fails at once on any other status: a broken revision
# (v3 of the demo) says so on /health, and must never take traffic.
set -uo pipefail
source "$(dirname "$0")/settings.sh"

# Prints the status line and body of GET /health, or fails when nothing answers.
health() {
  exec 3<>"/dev/tcp/127.0.0.1/$WEB_PORT" || return 1
  printf 'GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
  timeout 5 cat <&3
  local status=$?
  exec 3<&-
  return $status
}

for attempt in $(seq 1 150); do        # every 0.2 s, up to 30 s
  if answer="$(health 2>/dev/null)" && [[ -n "$answer" ]]; then
    status="$(head -n 1 <<<"$answer" | tr -d '\r')"
    if [[ "$status" == *" 200"* ]]; then
      echo "$WEB_NAME answers /health on 127.0.0.1:$WEB_PORT: $status (attempt $attempt)"
      exit 0
    fi
    echo "$WEB_NAME answers /health with '$status': $(sed '1,/^\r*$/d' <<<"$answer")" >&2
    exit 1
  fi
  sleep 0.2
done
echo "$WEB_NAME did not answer on 127.0.0.1:$WEB_PORT within 30 s; its log ($WEB_LOG) ends with:" >&2
tail -n 20 "$WEB_LOG" >&2 || true
exit 1
