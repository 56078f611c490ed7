#!/usr/bin/env bash
# Lints the API document with Spectral's OpenAPI and OWASP API Top 10 rulesets (npm packages).
# The document is written to target/openapi.json by OpenApiTest.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -ntp -q test -Dtest=OpenApiTest
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
(cd "$tools" && npm install --silent --no-audit --no-fund \
    @stoplight/spectral-cli @stoplight/spectral-owasp-ruleset >/dev/null)
cat > "$tools/.spectral.yaml" <<'RULES'
extends:
  - spectral:oas
  - "@stoplight/spectral-owasp-ruleset"
RULES
"$tools/node_modules/.bin/spectral" lint target/openapi.json -r "$tools/.spectral.yaml" -f text "$@"
