#!/usr/bin/env bash
# Shared helpers for Baton's scripts: source it, do not run it.
# Every script that runs Codex runs it inside a loopback-only network namespace (create_loopback_netns).

BATON_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CODEX_VERSION="0.169.0"
BATON_CODEX_CACHE="${BATON_CODEX_CACHE:-${HOME:-/root}/.cache/baton/codex-$CODEX_VERSION}"
BATON_BIN_DIR="$BATON_ROOT/artifacts/bin"
export BATON_CODEX_CACHE BATON_BIN_DIR

# No first-run banners, no telemetry (the tests run where nothing but 127.0.0.1 is reachable anyway).
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export TESTINGPLATFORM_TELEMETRY_OPTOUT=1 DOTNET_CLI_UI_LANGUAGE=en

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly when we are root, else through passwordless sudo.
if [ "$(id -u)" -eq 0 ]; then AS_ROOT=(); else AS_ROOT=(sudo -n --preserve-env); fi
as_root() {
  if [ ${#AS_ROOT[@]} -gt 0 ] && ! { command -v sudo >/dev/null && sudo -n true 2>/dev/null; }; then
    printf 'error: "%s" needs root (apt-get and network namespaces); run as root or with passwordless sudo\n' "$*" >&2
    return 1
  fi
  "${AS_ROOT[@]}" "$@"
}

# The native Codex binary inside the pinned npm package (not npm's node wrapper, so pids are Codex's own).
codex_binary_path() {
  local package triple
  case "$(uname -m)" in
    aarch64|arm64) package=codex-linux-arm64; triple=aarch64-unknown-linux-musl ;;
    x86_64|amd64) package=codex-linux-x64; triple=x86_64-unknown-linux-musl ;;
    *) printf 'error: no Codex package for machine type %s\n' "$(uname -m)" >&2; return 1 ;;
  esac
  printf '%s/node_modules/@openai/%s/vendor/%s/bin/codex\n' "$BATON_CODEX_CACHE" "$package" "$triple"
}

codex_is_pinned() {
  [ -x "$1" ] && "$1" --version 2>/dev/null | grep -qx "codex-cli $CODEX_VERSION"
}

# Installs @openai/codex at the pinned version into the cache folder (outside the repo), once.
# Exports BATON_CODEX_BIN.
ensure_codex() {
  local bin
  bin="$(codex_binary_path)" || return 1
  if ! codex_is_pinned "$bin"; then
    command -v npm >/dev/null || { echo "error: npm is required to install Codex (install Node.js)" >&2; return 1; }
    say "installing @openai/codex@$CODEX_VERSION into $BATON_CODEX_CACHE (about 400 MB, once)"
    mkdir -p "$BATON_CODEX_CACHE" || return 1
    npm install --no-audit --no-fund --loglevel=error --prefix "$BATON_CODEX_CACHE" "@openai/codex@$CODEX_VERSION" >&2 || return 1
    codex_is_pinned "$bin" || { echo "error: after npm install, $bin is missing or not codex-cli $CODEX_VERSION" >&2; return 1; }
  fi
  export BATON_CODEX_BIN="$bin"
}

# ensure_commands COMMAND:PACKAGE ...: installs the Debian packages whose command is missing.
# apt-get update runs only when something must be installed.
ensure_commands() {
  local missing=() pair
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null || missing+=("${pair#*:}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || { echo "error: missing ${missing[*]} and no apt-get to install them" >&2; return 1; }
  say "installing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || return 1
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || return 1
}

# Installs Debian packages that have no command to look for (libraries, headers), only when dpkg lacks them.
ensure_debian_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || return 1
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || return 1
}

# The .NET runtime identifier of this machine, for the NativeAOT and ReadyToRun publishes.
dotnet_rid() {
  case "$(uname -m)" in
    aarch64|arm64) echo linux-arm64 ;;
    *) echo linux-x64 ;;
  esac
}

# Runs a dotnet command quietly; shows its output (the errors) only when it fails.
dotnet_quiet() {
  local log="$BATON_ROOT/artifacts/dotnet.log"
  mkdir -p "$BATON_ROOT/artifacts"
  if ! dotnet "$@" -nologo -v:q -clp:ErrorsOnly -tl:off >"$log" 2>&1; then
    echo "error: dotnet $1 failed:" >&2
    grep -v '^ *$' "$log" | awk '!seen[$0]++' | head -n 150 >&2
    return 1
  fi
}

# Builds the whole solution in Release (restore needs the network: never call this inside the namespace).
build_solution() {
  [ -f "$BATON_ROOT/Baton.slnx" ] || { echo "error: $BATON_ROOT/Baton.slnx does not exist" >&2; return 1; }
  command -v dotnet >/dev/null || { echo "error: the .NET SDK (dotnet) is not installed" >&2; return 1; }
  say "building Baton.slnx (Release)"
  dotnet_quiet build "$BATON_ROOT/Baton.slnx" -c Release
}

# Publishes the executables that exist (baton, baton-daemon, baton-demo) into artifacts/bin, from the build
# build_solution just made.
publish_apps() {
  local project published=()
  # The daemon last: its ReadyToRun copies of the assemblies it shares with the demo are the ones that stay.
  for project in Baton.Cli Baton.Demo Baton.Daemon; do
    [ -f "$BATON_ROOT/src/$project/$project.csproj" ] || continue
    if [ "$project" = Baton.Cli ]; then
      # The CLI ships as a NativeAOT executable (it starts in milliseconds). Publishing it here, in every
      # setup and CI run, also makes a trimming or AOT regression fail the build.
      # One retry: the AOT compiler (ilc) has been seen to fail once with "Code generation failed" for a CoreLib
      # method and succeed on the next run of the same input; a real trimming or AOT error fails both times.
      dotnet_quiet publish "$BATON_ROOT/src/$project/$project.csproj" -c Release -r "$(dotnet_rid)" -p:PublishAot=true -o "$BATON_BIN_DIR" \
        || { say "retrying the NativeAOT publish of $project once"; dotnet_quiet publish "$BATON_ROOT/src/$project/$project.csproj" -c Release -r "$(dotnet_rid)" -p:PublishAot=true -o "$BATON_BIN_DIR"; } \
        || return 1
    elif [ "$project" = Baton.Daemon ]; then
      # ReadyToRun: the daemon's assemblies carry code compiled ahead of time, so it starts (and answers its first
      # inject) without compiling its whole path first. That needs a build for this machine's runtime identifier,
      # hence no --no-build. Still framework-dependent: it runs on the installed .NET.
      dotnet_quiet publish "$BATON_ROOT/src/$project/$project.csproj" -c Release -r "$(dotnet_rid)" --self-contained false \
        -p:PublishReadyToRun=true -o "$BATON_BIN_DIR" || return 1
    else
      dotnet_quiet publish "$BATON_ROOT/src/$project/$project.csproj" -c Release --no-build -o "$BATON_BIN_DIR" || return 1
    fi
    published+=("$project")
  done
  say "published ${published[*]:-nothing} to ${BATON_BIN_DIR#"$BATON_ROOT"/}"
}

# Creates (or reuses) a network namespace with nothing but loopback, so Codex can reach only 127.0.0.1.
create_loopback_netns() {
  local name="$1"
  ensure_commands ip:iproute2 || return 1
  if ! netns_exists "$name"; then
    as_root ip netns add "$name" || { echo "error: cannot create network namespace $name (is this a privileged container?)" >&2; return 1; }
  fi
  as_root ip netns exec "$name" ip link set lo up
}

netns_exists() {
  as_root ip netns list 2>/dev/null | awk '{ print $1 }' | grep -qxF "$1"
}

# Pids of the processes still inside a namespace (all started by this script's run).
netns_pids() {
  as_root ip netns pids "$1" 2>/dev/null || true
}

# Kills what is left in the namespace (e.g. a Codex a crashed test left behind), then removes it. Silent.
delete_netns() {
  local name="$1" pids
  netns_exists "$name" || return 0
  pids="$(netns_pids "$name")"
  # shellcheck disable=SC2086
  [ -n "$pids" ] && as_root kill -KILL $pids 2>/dev/null
  as_root ip netns delete "$name" 2>/dev/null || true
}

# Removes namespaces that earlier runs of these scripts left (killed with SIGKILL), when their owner is gone
# and nothing runs inside them anymore.
delete_stale_netns() {
  local name pid
  for name in $(as_root ip netns list 2>/dev/null | awk '{ print $1 }' | grep -E '^baton-(test|demo)-[0-9]+$'); do
    pid="${name##*-}"
    if ! kill -0 "$pid" 2>/dev/null && [ -z "$(netns_pids "$name")" ]; then
      as_root ip netns delete "$name" 2>/dev/null || true
    fi
  done
}

# Runs a command inside the namespace as the current user's environment (exports are kept).
in_netns() {
  local name="$1"; shift
  as_root ip netns exec "$name" "$@"
}
