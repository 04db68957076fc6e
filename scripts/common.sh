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
# The splitter of the hydrate bundle (scripts/wasm-split), installed outside the clone.
TOOLS_ROOT=${XDG_CACHE_HOME:-$HOME/.cache}/stempel/tools
SPLIT_TOOL=$TOOLS_ROOT/bin/stempel-wasm-split

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
  local stamp
  stamp=$(cat scripts/wasm-split/Cargo.toml scripts/wasm-split/Cargo.lock scripts/wasm-split/src/*.rs | sha256sum | cut -c1-16)
  if [ ! -x "$SPLIT_TOOL" ] || [ "$(cat "$TOOLS_ROOT/split.stamp" 2>/dev/null)" != "$stamp" ]; then
    CARGO_TARGET_DIR=$TOOLS_ROOT/target cargo install --locked --force --path scripts/wasm-split --root "$TOOLS_ROOT"
    echo "$stamp" > "$TOOLS_ROOT/split.stamp"
  fi
  command -v npm >/dev/null || apt_install nodejs npm
  # wasm-opt comes from npm's binaryen 132: Debian's binaryen 108 breaks hydration.
  if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/esbuild ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
  fi
}

# The hydrate bundle: wasm (linked with --emit-relocs, .cargo/config.toml) → split at the lazy
# routes (scripts/wasm-split) → wasm-bindgen → wasm-opt on the main module and every chunk,
# plus the stylesheet, into target/site/pkg.
build_site() {
  local profile=wasm-release
  cargo build -p frontend --lib --target wasm32-unknown-unknown --profile "$profile"
  local pkg=$LEPTOS_SITE_ROOT/$LEPTOS_SITE_PKG_DIR
  local out=$CARGO_TARGET_DIR/wasm32-unknown-unknown/$profile
  rm -rf "$pkg"; mkdir -p "$pkg"
  "$SPLIT_TOOL" "$out/frontend.wasm" "$pkg" "$out/frontend_split.wasm" stempel
  wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle --out-name stempel \
    --out-dir "$pkg" "$out/frontend_split.wasm"
  local opt=(node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int)
  "${opt[@]}" "$pkg/stempel_bg.wasm" -o "$pkg/stempel.wasm"
  rm "$pkg/stempel_bg.wasm"
  # One wasm-opt per chunk, as many at once as there are cores (hundreds of small files).
  find "$pkg" -maxdepth 1 \( -name 'split_*.wasm' -o -name 'chunk_*.wasm' \) -print0 \
    | xargs -0 -r -P "$(nproc)" -I{} "${opt[@]}" --quiet {} -o {} 2>/dev/null \
    || { echo "wasm-opt failed on a chunk (run it by hand to see why)" >&2; return 1; }
  cp style/main.css "$pkg/stempel.css"
  # The glue script and the split loader are part of every cold visit: minified they are
  # ~2.9 KB smaller brotli (export names, property names and string literals stay as they are,
  # so the page's import, the wasm imports and hash_chunks' rewrites still match).
  local js
  for js in "$pkg/stempel.js" "$pkg"/__wasm_split.*.js; do
    [ -e "$js" ] || continue
    # (wasm-bindgen lists the loader once per import in one object: esbuild warns, keeps them.)
    node_modules/.bin/esbuild "$js" --minify --format=esm --log-level=warning \
      --log-override:duplicate-object-key=silent --allow-overwrite --outfile="$js"
  done
  hash_and_compress_site "$pkg"
}

# Content-hashed names (stempel.<16 hex>.js/.wasm/.css, listed in site/hash.txt, which the server
# reads at start) so browsers may keep them for a year; brotli and gzip copies beside each file,
# served by content negotiation. Unhashed copies stay for tools that look for stempel.wasm.
hash_and_compress_site() {
  local pkg=$1 site
  site=$(dirname "$pkg")
  : > "$site/hash.txt.new"
  for ext in js wasm css; do
    local h
    h=$(sha256sum "$pkg/stempel.$ext" | cut -c1-16)
    cp "$pkg/stempel.$ext" "$pkg/stempel.$h.$ext"
    echo "$ext: $h" >> "$site/hash.txt.new"
  done
  mv "$site/hash.txt.new" "$site/hash.txt"
  hash_chunks "$pkg" "$(sed -n 's/^js: //p' "$site/hash.txt")"
  node -e '
    const fs = require("fs"), zlib = require("zlib");
    for (const f of process.argv.slice(1)) {
      const data = fs.readFileSync(f);
      fs.writeFileSync(f + ".br", zlib.brotliCompressSync(data, { params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } }));
      fs.writeFileSync(f + ".gz", zlib.gzipSync(data, { level: 9 }));
    }' $(ls "$pkg"/* | grep -v '\.\(br\|gz\)$')
  local w
  w=$(sed -n 's/^wasm: //p' "$site/hash.txt")
  echo "wasm: $(stat -c %s "$pkg/stempel.$w.wasm") bytes raw, $(stat -c %s "$pkg/stempel.$w.wasm.gz") gzip, $(stat -c %s "$pkg/stempel.$w.wasm.br") brotli (main module)"
  echo "all chunks: $(cat "$pkg"/split_*.wasm.br "$pkg"/chunk_*.wasm.br 2>/dev/null | wc -c) bytes brotli in $(ls "$pkg"/split_*.[0-9a-f]*.wasm "$pkg"/chunk_*.[0-9a-f]*.wasm 2>/dev/null | wc -l) files"
}

# The lazy chunks get hashed names too; the loader (its name is fixed: leptos looks for it, so
# it is revalidated, not kept) and the split manifest are rewritten to name them, and the loader
# imports the hashed main script so only one copy of the glue code runs.
hash_chunks() {
  local pkg=$1 js=$2 loader manifest
  loader=$(ls "$pkg"/__wasm_split.*.js 2>/dev/null | head -n1)
  manifest=$pkg/__wasm_split_manifest.json
  [ -n "$loader" ] || return 0
  for chunk in "$pkg"/split_*.wasm "$pkg"/chunk_*.wasm; do
    [ -e "$chunk" ] || continue
    local stem h
    stem=$(basename "$chunk" .wasm)
    h=$(sha256sum "$chunk" | cut -c1-16)
    mv "$chunk" "$pkg/$stem.$h.wasm"
    sed -i "s|\"./$stem.wasm\"|\"./$stem.$h.wasm\"|g" "$loader"
    sed -i "s|\"$stem\"|\"$stem.$h\"|g" "$manifest"
  done
  sed -i "s|\"./stempel.js\"|\"./stempel.$js.js\"|g" "$loader"
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
