#!/usr/bin/env bash
# Installs Debian's php-cli when `php` is missing: the interpreter of the
# provider's PHP sample, one of the oracles of the cross-language tests
# (node --test tests/cross-language/). Does nothing when php is there.
set -euo pipefail

if command -v php >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-php.sh: php is missing and there is no apt-get; install php-cli (PHP >= 8) yourself" >&2
  exit 1
fi
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  SUDO=(sudo)
fi
echo "installing Debian php-cli (for the cross-language differential tests)"
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq php-cli >/dev/null
php -n -r 'echo "php ", PHP_VERSION, " installed\n";'
