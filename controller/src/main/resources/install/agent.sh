#!/bin/sh
# Installs the Hoist agent on this server, enrolls it with the controller that served this script, and
# runs it under systemd. Served by the controller at /install/agent.sh; `hoist token create` prints the
# one line that runs it:
#
#   curl -fsSL http://CONTROLLER:8080/install/agent.sh | sudo sh -s -- --token TOKEN --ca-pin sha256:HEX
#
# Run it again at any time: it changes only what differs (a newer agent is installed and restarted).
# The operator's guide is docs/install.md.
set -eu

# Filled in by the controller that served this script.
DEFAULT_CONTROLLER='@@CONTROLLER@@'
DIST_URL='@@DIST_URL@@'
DIST_SHA256='@@DIST_SHA256@@'
DIST_ARCH='@@DIST_ARCH@@'

PREFIX=/opt/hoist-agent
STATE=/var/lib/hoist-agent
UNIT=/etc/systemd/system/hoist-agent.service
LINK=/usr/local/bin/hoist-agent

usage() {
  cat <<'USAGE'
Usage: agent.sh [options]        (as root; usually: curl -fsSL URL | sudo sh -s -- OPTIONS)

  --token TOKEN            a join token from `hoist token create` (needed only to enroll)
  --ca-pin sha256:HEX      the controller's CA pin, as `hoist token create` prints it
  --controller HOST:PORT   the controller's agent gateway (default: the one that served this script)
  --tag KEY=VALUE          a tag for this agent, added to the token's tags (repeatable)
  --no-start               install and enroll, but do not start the service
  --uninstall              stop and remove the agent; its state (identity, deployments) is kept
  --purge                  with --uninstall: remove the state in /var/lib/hoist-agent as well
  --dist-url URL           fetch the agent distribution from this mirror (it must match the SHA-256
                           this script carries)
  --root DIR               install into DIR as if it were / (tests, images); never touches systemd
  -h, --help               this help
USAGE
}

say() { printf 'hoist install: %s\n' "$*"; }
die() {
  code=$1
  shift
  printf 'hoist install: %s\n' "$*" >&2
  exit "$code"
}

# Exit codes: 2 usage, 3 the download does not match its SHA-256, 4 cannot download,
# 5 this server cannot run the agent (architecture, not root), 6 enrollment failed.
controller=$DEFAULT_CONTROLLER
token=""
ca_pin=""
tag_args=""
no_start=0
uninstall=0
purge=0
root=""
dist_url=$DIST_URL

quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }

need_value() {
  [ "$#" -ge 2 ] || die 2 "$1 needs a value (see --help)"
}

while [ "$#" -gt 0 ]; do
  case "$1" in
    --token) need_value "$@"; token=$2; shift 2 ;;
    --token=*) token=${1#*=}; shift ;;
    --ca-pin) need_value "$@"; ca_pin=$2; shift 2 ;;
    --ca-pin=*) ca_pin=${1#*=}; shift ;;
    --controller) need_value "$@"; controller=$2; shift 2 ;;
    --controller=*) controller=${1#*=}; shift ;;
    --tag) need_value "$@"; tag_args="$tag_args --tag $(quote "$2")"; shift 2 ;;
    --tag=*) tag_args="$tag_args --tag $(quote "${1#*=}")"; shift ;;
    --no-start) no_start=1; shift ;;
    --uninstall) uninstall=1; shift ;;
    --purge) purge=1; shift ;;
    --dist-url) need_value "$@"; dist_url=$2; shift 2 ;;
    --root) need_value "$@"; root=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) die 2 "unknown option '$1' (see --help)" ;;
  esac
done

if [ -n "$root" ]; then
  case "$root" in
    /*) ;;
    *) die 2 "--root needs an absolute path, not '$root'" ;;
  esac
  root=${root%/}
  [ -d "$root" ] || die 2 "--root $root is not a directory"
fi
[ "$purge" -eq 0 ] || [ "$uninstall" -eq 1 ] || die 2 "--purge goes with --uninstall"

if [ -z "$root" ] && [ "$(id -u)" -ne 0 ]; then
  die 5 "run this as root: curl -fsSL URL | sudo sh -s -- OPTIONS"
fi

# systemd manages the service only on a real install on a host whose init is systemd.
with_systemd=0
if [ -z "$root" ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  with_systemd=1
fi

agent_id() {
  # agent.json is written by `hoist-agent enroll`; its first "agentId" is this agent's.
  sed -n 's/.*"agentId"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$root$STATE/agent.json" 2>/dev/null | head -n 1
}

if [ "$uninstall" -eq 1 ]; then
  id=$(agent_id || true)
  if [ "$with_systemd" -eq 1 ]; then
    # KillMode=process: stopping the agent leaves the applications its hooks started running.
    systemctl disable --now hoist-agent.service >/dev/null 2>&1 || true
  fi
  rm -f "$root$UNIT" "$root$LINK"
  rm -rf "$root$PREFIX"
  if [ "$with_systemd" -eq 1 ]; then
    systemctl daemon-reload
  fi
  say "removed the agent from $root$PREFIX and its unit $root$UNIT"
  if [ "$purge" -eq 1 ]; then
    rm -rf "$root$STATE"
    say "removed its state $root$STATE${id:+ (agent $id)}"
  elif [ -d "$root$STATE" ]; then
    say "kept its state in $root$STATE (its identity and deployments); remove it with --uninstall --purge"
  fi
  if [ -n "$id" ]; then
    say "to shut agent $id out of the controller too: hoist agent revoke $id"
  fi
  exit 0
fi

case "$(uname -m)" in
  x86_64 | amd64) arch=x86_64 ;;
  aarch64 | arm64) arch=aarch64 ;;
  *) arch=$(uname -m) ;;
esac
if [ "$arch" != "$DIST_ARCH" ]; then
  die 5 "this server is $arch, and this controller serves the agent for $DIST_ARCH only. Build Hoist on a $arch
machine (mvn -B package makes agent/target/hoist-agent-linux-$arch.tar.gz) and point the controller's
install.agentDistribution at it, or install Java 17 here and run the agent's jar:
java -jar hoist-agent.jar enroll ... && java -jar hoist-agent.jar run (docs/install.md, other architectures)"
fi
if [ -z "$DIST_SHA256" ]; then
  die 4 "the controller has no agent distribution to serve; build it there with mvn -B package"
fi
command -v sha256sum >/dev/null 2>&1 || die 5 "sha256sum is missing (coreutils): install it and run this again"
command -v tar >/dev/null 2>&1 || die 5 "tar is missing: install it and run this again"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hoist-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

release_name=$(printf '%s' "$DIST_SHA256" | cut -c1-16)
releases="$root$PREFIX/releases"
release="$releases/$release_name"
changed=0

if [ -x "$release/bin/hoist-agent" ]; then
  say "the agent distribution $release_name is already installed"
else
  say "downloading the agent from $dist_url"
  if command -v curl >/dev/null 2>&1; then
    curl -fsSL --retry 3 -o "$tmp/agent.tar.gz" "$dist_url" || die 4 "cannot download $dist_url"
  elif command -v wget >/dev/null 2>&1; then
    wget -q -O "$tmp/agent.tar.gz" "$dist_url" || die 4 "cannot download $dist_url"
  else
    die 5 "neither curl nor wget is installed: install one and run this again"
  fi
  actual=$(sha256sum "$tmp/agent.tar.gz" | cut -d' ' -f1)
  if [ "$actual" != "$DIST_SHA256" ]; then
    die 3 "the download from $dist_url has SHA-256 $actual, but this installer expects $DIST_SHA256:
nothing was installed. A mirror or proxy changed the file, or the controller's distribution changed
after this script was fetched: fetch the script again from the controller."
  fi
  mkdir -p "$releases"
  rm -rf "$release.part"
  mkdir "$release.part"
  tar -xzf "$tmp/agent.tar.gz" -C "$release.part" --no-same-owner
  [ -x "$release.part/hoist-agent/bin/hoist-agent" ] || die 3 "the distribution has no hoist-agent/bin/hoist-agent"
  mv "$release.part/hoist-agent" "$release"
  rmdir "$release.part"
  chmod 0755 "$root$PREFIX" "$releases" "$release"
  changed=1
fi

# `current` names the release the service runs; it is switched in one rename. The release it replaces
# is kept (a quick way back: ln -sfn releases/OLD /opt/hoist-agent/current); older ones go.
current="$root$PREFIX/current"
previous=$(readlink "$current" 2>/dev/null || true)
if [ "$previous" != "releases/$release_name" ]; then
  ln -sfn "releases/$release_name" "$current.new"
  mv -T "$current.new" "$current"
  changed=1
fi
for old in "$releases"/*; do
  [ -e "$old" ] || continue
  case "releases/${old##*/}" in
    "releases/$release_name" | "$previous") ;;
    *) rm -rf "$old" ;;
  esac
done

mkdir -p "$root/usr/local/bin"
if [ "$(readlink "$root$LINK" 2>/dev/null || true)" != "$PREFIX/current/bin/hoist-agent" ]; then
  ln -sfn "$PREFIX/current/bin/hoist-agent" "$root$LINK"
fi

mkdir -p "$root$STATE"
chmod 0700 "$root$STATE"

agent="$current/bin/hoist-agent"
if [ -f "$root$STATE/agent.json" ]; then
  say "already enrolled as agent $(agent_id); not enrolling again"
else
  [ -n "$token" ] || die 2 "this server is not enrolled yet: give --token TOKEN and --ca-pin sha256:HEX (hoist token create prints them)"
  [ -n "$ca_pin" ] || die 2 "give --ca-pin sha256:HEX with the token (hoist token create prints it)"
  say "enrolling with the controller at $controller"
  # The token goes on standard input, so it is not in the process list while enroll runs.
  eval "set -- $tag_args"
  if ! printf '%s\n' "$token" | "$agent" enroll --controller "$controller" --ca-pin "$ca_pin" \
      --state-dir "$root$STATE" --token - "$@"; then
    die 6 "enrollment failed (the reason is above); nothing is started. Fix it and run this again: what is installed stays"
  fi
  changed=1
fi

unit_text() {
  cat <<'UNIT'
@@UNIT@@
UNIT
}

mkdir -p "$root$(dirname "$UNIT")"
unit_text > "$tmp/unit"
if ! cmp -s "$tmp/unit" "$root$UNIT"; then
  install -m 0644 "$tmp/unit" "$root$UNIT"
  changed=1
  say "wrote $root$UNIT"
fi

version=$(cat "$release/VERSION" 2>/dev/null || echo unknown)
if [ "$with_systemd" -eq 1 ]; then
  systemctl daemon-reload
  systemctl enable hoist-agent.service >/dev/null
  if [ "$no_start" -eq 1 ]; then
    say "agent $version installed and enrolled; not started (--no-start): systemctl start hoist-agent"
  elif [ "$changed" -eq 1 ]; then
    systemctl restart hoist-agent.service
    say "agent $version running: systemctl status hoist-agent; journalctl -u hoist-agent"
  else
    systemctl start hoist-agent.service
    say "agent $version already installed and running; nothing changed"
  fi
elif [ -n "$root" ]; then
  say "agent $version installed into $root; systemd left alone (--root)"
else
  say "agent $version installed and enrolled, but systemd is not running here (no /run/systemd/system),"
  say "so no service was started. Run the agent under this host's supervisor (runit, s6, OpenRC, supervisord):"
  say "  $PREFIX/current/bin/hoist-agent run --state-dir $STATE"
fi
