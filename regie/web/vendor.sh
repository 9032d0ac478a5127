#!/usr/bin/env bash
# Vendor the NL Design System CSS the services' pages use, from the npm registry.
#
#   bash regie/web/vendor.sh          # (re)fetch the pinned versions below
#
# Each package is fetched with `npm pack` (no install, no scripts run), and only the built CSS
# files the pages link plus the package's licence are copied to
# regie/web/static/vendor/<package>@<version>/. Nothing is fetched at run time. To update: change
# a version below, run this script, delete the old folder, and change the <link> paths in
# regie/web/templates/regie/base.html (the test tests/issuer/web checks the links resolve).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
vendor="$here/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# package@version  then the files to keep (paths inside the package)
fetch() {
  local spec="$1"; shift
  local name="${spec%@*}" version="${spec##*@}"
  local folder="$vendor/$name@$version"
  (cd "$work" && npm pack --silent "$spec" >/dev/null)
  local tarball
  tarball="$work/$(echo "${name#@}" | tr / -)-$version.tgz"
  mkdir -p "$work/x" "$folder"
  tar -xzf "$tarball" -C "$work/x"
  for file in "$@" package.json LICENSE.md; do
    install -m 644 "$work/x/package/$file" "$folder/$(basename "$file")"
  done
  rm -rf "$work/x"
  echo "vendored $spec -> ${folder#"$here"/}"
}

fetch @utrecht/component-library-css@9.0.4 dist/index.css
fetch @nl-design-system-unstable/voorbeeld-design-tokens@7.4.1 dist/theme.css
