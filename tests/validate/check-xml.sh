#!/usr/bin/env bash
# Validates a built site's feeds and sitemap with xmllint (Debian's libxml2-utils):
# well-formedness, atom.xml files against the RFC 4287 RELAX NG schema (atom.rng, converted with
# trang from atom.rnc), sitemap.xml against the sitemaps.org XSD, and XPath assertions for what the
# schemas leave open: absolute links, ids and loc values, a W3C lastmod.
# Usage: tests/validate/check-xml.sh SITE_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
site="$1"
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
count() { xmllint --xpath "count($1)" "$2"; }

mapfile -t feeds < <(find "$site" -name atom.xml | sort)
[ "${#feeds[@]}" -gt 0 ] || fail "no atom.xml in $site"
xmllint --noout "${feeds[@]}" "$site/sitemap.xml"
validate() {
  local out
  if ! out=$(xmllint --noout "$@" 2>&1); then
    printf '%s\n' "$out" | grep -v ' validates$' >&2
    return 1
  fi
}
validate --relaxng "$here/atom.rng" "${feeds[@]}" || fail "atom.xml not valid Atom (above)"
validate --schema "$here/sitemap.xsd" "$site/sitemap.xml" || fail "sitemap.xml not valid (above)"

abs='starts-with(normalize-space(), "https://") or starts-with(normalize-space(), "http://")'
for feed in "${feeds[@]}"; do
  [ "$(count '//*[local-name()="link"][not(starts-with(@href, "https://") or starts-with(@href, "http://"))]' "$feed")" = 0 ] \
    || fail "$feed: a link href is not absolute"
  [ "$(count "//*[local-name()=\"id\"][not($abs)]" "$feed")" = 0 ] || fail "$feed: an id is not an absolute URL"
  [ "$(count '//*[local-name()="entry"][not(*[local-name()="link"][@rel="alternate"])]' "$feed")" = 0 ] \
    || fail "$feed: an entry has no alternate link"
  [ "$(count '/*[local-name()="feed"]/*[local-name()="updated"]' "$feed")" = 1 ] || fail "$feed: no feed updated"
done
[ "$(count "//*[local-name()=\"loc\"][not($abs)]" "$site/sitemap.xml")" = 0 ] || fail "sitemap: a loc is not absolute"
echo "feeds and sitemap valid: ${#feeds[@]} atom.xml, sitemap.xml ($site)"
