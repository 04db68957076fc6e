# Shared by scripts/start and scripts/test: where things are, timing, and installing what is
# missing (each step is skipped when its tool is already there). Sourced, not run.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
export LEPTOS_OUTPUT_NAME=stempel
export LEPTOS_SITE_ROOT=$ROOT/target/site
export LEPTOS_SITE_PKG_DIR=pkg
export PATH=$HOME/.cargo/bin:$PATH

# Pinned tools (wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock).
WASM_BINDGEN_VERSION=0.2.130

STAGES=()
stage_start() { STAGE_NAME=$1; STAGE_T0=$(date +%s); echo "=== $1"; }
stage_end() {
  local secs=$(( $(date +%s) - STAGE_T0 ))
  STAGES+=("$(printf '%-28s %4d s' "$STAGE_NAME" "$secs")")
  echo "=== $STAGE_NAME took ${secs}s"
}
print_stages() { echo "--- stage times"; printf '%s\n' "${STAGES[@]}"; }

APT_UPDATED=0
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing Debian packages: ${missing[*]}"
  if [ $APT_UPDATED -eq 0 ]; then apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

setup_build_tools() {
  command -v cargo >/dev/null || { echo "cargo is missing: install Rust first" >&2; exit 1; }
  rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
    || rustup target add wasm32-unknown-unknown
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
    # --locked fails for this version (a locked dependency is gone from the registry).
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
  command -v npm >/dev/null || apt_install nodejs npm
  # wasm-opt comes from npm's binaryen 132: Debian's binaryen 108 breaks hydration.
  if [ ! -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
  fi
}

# The hydrate bundle: wasm → wasm-bindgen → wasm-opt, plus the stylesheet, into target/site/pkg.
build_site() {
  local profile=wasm-release
  cargo build -p frontend --lib --target wasm32-unknown-unknown --profile "$profile"
  local pkg=$LEPTOS_SITE_ROOT/$LEPTOS_SITE_PKG_DIR
  rm -rf "$pkg"; mkdir -p "$pkg"
  wasm-bindgen --target web --no-typescript --out-name stempel --out-dir "$pkg" \
    "$CARGO_TARGET_DIR/wasm32-unknown-unknown/$profile/frontend.wasm"
  node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    "$pkg/stempel_bg.wasm" -o "$pkg/stempel.wasm"
  rm "$pkg/stempel_bg.wasm"
  cp style/main.css "$pkg/stempel.css"
  echo "wasm: $(stat -c %s "$pkg/stempel.wasm") bytes raw, $(gzip -9c "$pkg/stempel.wasm" | wc -c) bytes gzip"
}

# A throwaway Postgres cluster for the tests, unless STEMPEL_TEST_POSTGRES_URL names one.
start_test_postgres() {
  if [ -n "${STEMPEL_TEST_POSTGRES_URL:-}" ]; then
    echo "using Postgres at $STEMPEL_TEST_POSTGRES_URL"
    return 0
  fi
  apt_install postgresql
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
  PG_DIR=$(mktemp -d /tmp/stempel-pg.XXXXXX)
  chown postgres "$PG_DIR"
  local port=${STEMPEL_TEST_POSTGRES_PORT:-55432}
  su postgres -c "$bin/initdb -D $PG_DIR/data -A trust -U postgres >/dev/null"
  su postgres -c "$bin/pg_ctl -D $PG_DIR/data -o '-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300' -l $PG_DIR/server.log -w start >/dev/null"
  PG_BIN=$bin
  export STEMPEL_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$port/postgres
  echo "started throwaway Postgres at $STEMPEL_TEST_POSTGRES_URL"
}

stop_test_postgres() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
    su postgres -c "$PG_BIN/pg_ctl -D $PG_DIR/data -m immediate stop >/dev/null" || true
    rm -rf "$PG_DIR"
  fi
}
