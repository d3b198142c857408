#!/bin/bash
# ValidateService: hello-web must answer GET /health with 200 within 30 s.
# A revision that contains a file named FAIL_VALIDATE fails here on purpose (the rollback demo).
set -uo pipefail
source "$(dirname "$0")/settings.sh"

if [[ -f FAIL_VALIDATE ]]; then
  echo "this revision carries FAIL_VALIDATE: failing ValidateService on purpose" >&2
  exit 1
fi

health() {
  exec 3<>"/dev/tcp/127.0.0.1/$HELLO_WEB_PORT" || return 1
  printf 'GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
  local status
  read -r -t 5 status <&3 || { exec 3<&-; return 1; }
  exec 3<&-
  [[ "$status" == *" 200"* ]]
}

for attempt in $(seq 1 150); do        # every 0.2 s, up to 30 s
  if health 2>/dev/null; then
    echo "hello-web answers on 127.0.0.1:$HELLO_WEB_PORT (attempt $attempt)"
    exit 0
  fi
  sleep 0.2
done
echo "hello-web did not answer on 127.0.0.1:$HELLO_WEB_PORT within 30 s; its log ($HELLO_WEB_LOG) ends with:" >&2
tail -n 20 "$HELLO_WEB_LOG" >&2 || true
exit 1
