# Shared helpers for the scripts in this folder (sourced, not run).

# Prints a step header with the time since the script started.
SCRIPT_START=${SCRIPT_START:-$(date +%s)}
step() {
  printf '\n==> [%4ss] %s\n' "$(( $(date +%s) - SCRIPT_START ))" "$*"
}

# Fails with a helpful message when a command is missing.
require() {
  command -v "$1" >/dev/null 2>&1 || { echo "error: '$1' not found. $2" >&2; exit 1; }
}

# The stripe-mock release the tests run against (Stripe's OpenAPI mock, installed with
# `go install`). Its embedded spec is also where tests/fixtures/stripe/openapi/schemas.json
# comes from.
STRIPE_MOCK_VERSION=v0.203.0

# Where stripe-mock lives once scripts/install-tools ran.
stripe_mock_bin() {
  echo "$(go env GOPATH)/bin/stripe-mock"
}
