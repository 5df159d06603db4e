#!/usr/bin/env bash
# Runs before `npm test`: the browser tests need Debian's Chromium at /usr/bin/chromium (nothing is downloaded
# by npm). On a fresh machine where we are root with apt-get, install it; elsewhere say how, and let the suite
# report the browser tests' clear failure. PostgreSQL tests run when DOORKEEP_TEST_DATABASE_URL is set (.ci/run
# starts a server); without it they are skipped and say so.
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests (apt-get install chromium)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null && exit 0
  echo "apt-get install chromium failed: the browser tests will fail." >&2
else
  echo "No /usr/bin/chromium: install Debian's package (sudo apt-get install chromium), or the browser tests fail." >&2
fi
exit 0
