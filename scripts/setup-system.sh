#!/usr/bin/env bash
# Installs the system programs the tests need and npm cannot provide: redis-server
# (every test runs against a real one), Chromium (Playwright's e2e tests) and nginx (the
# load balancer of e2e/load-balancer.spec.ts, run as the user on a port of its own). Where
# they cannot be installed (no root, no apt), it prints exactly what to install.
set -euo pipefail
cd "$(dirname "$0")/.."

check_missing() {
  missing_redis=0
  missing_browser=0
  missing_nginx=0
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing_nginx=1
  command -v redis-server >/dev/null 2>&1 || [ -x /usr/sbin/redis-server ] || missing_redis=1
  # Playwright uses Debian's /usr/bin/chromium when present, else its own download.
  if [ ! -x /usr/bin/chromium ]; then
    own_browser=$(node -e 'try { process.stdout.write(require("playwright-core").chromium.executablePath()) } catch {}' 2>/dev/null || true)
    if [ -z "$own_browser" ] || [ ! -x "$own_browser" ]; then missing_browser=1; fi
  fi
}

# An install that "succeeded" but left the program missing must not pass silently.
verify_installed() {
  check_missing
  if [ "$missing_redis" = 1 ] || [ "$missing_browser" = 1 ] || [ "$missing_nginx" = 1 ]; then
    echo "setup-system: still missing after installing:$([ "$missing_redis" = 1 ] && echo " redis-server")$([ "$missing_browser" = 1 ] && echo " Chromium")$([ "$missing_nginx" = 1 ] && echo " nginx")" >&2
    exit 1
  fi
  echo "setup-system: redis-server, Chromium and nginx are installed."
}

check_missing
if [ "$missing_redis" = 0 ] && [ "$missing_browser" = 0 ] && [ "$missing_nginx" = 0 ]; then
  echo "setup-system: redis-server, Chromium and nginx are present."
  exit 0
fi

os_id=""
[ -r /etc/os-release ] && os_id=$(. /etc/os-release && echo "${ID:-}")

as_root=""
if [ "$(id -u)" = 0 ]; then
  as_root="env"
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root="sudo"
fi

if command -v apt-get >/dev/null 2>&1 && [ -n "$as_root" ]; then
  packages=()
  [ "$missing_redis" = 1 ] && packages+=(redis-server)
  # Its package starts no server here that the tests rely on: they run their own.
  [ "$missing_nginx" = 1 ] && packages+=(nginx)
  # Ubuntu's "chromium" is a snap stub that does not work in containers or CI;
  # there Playwright's own Chromium (with its system libraries) is the reliable choice.
  if [ "$missing_browser" = 1 ] && [ "$os_id" != ubuntu ]; then packages+=(chromium); fi
  if [ "${#packages[@]}" -gt 0 ]; then
    echo "setup-system: installing ${packages[*]} with apt-get"
    $as_root DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $as_root DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}"
  fi
  if [ "$missing_browser" = 1 ] && [ "$os_id" = ubuntu ]; then
    echo "setup-system: installing Playwright's Chromium"
    npx playwright install --with-deps chromium
  fi
  verify_installed
  exit 0
fi

if [ "$(uname -s)" = Darwin ] && command -v brew >/dev/null 2>&1; then
  if [ "$missing_redis" = 1 ]; then echo "setup-system: installing redis with Homebrew"; brew install redis; fi
  if [ "$missing_browser" = 1 ]; then npx playwright install chromium; fi
  if [ "$missing_nginx" = 1 ]; then echo "setup-system: installing nginx with Homebrew"; brew install nginx; fi
  verify_installed
  exit 0
fi

echo "setup-system: cannot install system packages here (need root or passwordless sudo with apt-get, or Homebrew)." >&2
echo "Please install:" >&2
if [ "$missing_redis" = 1 ]; then
  echo "  redis-server 7:  sudo apt-get install -y redis-server   (Debian/Ubuntu)" >&2
  echo "                   brew install redis                     (macOS)" >&2
fi
if [ "$missing_browser" = 1 ]; then
  echo "  Chromium:        sudo apt-get install -y chromium         (Debian)" >&2
  echo "                   npx playwright install --with-deps chromium   (Ubuntu, macOS, others)" >&2
fi
if [ "$missing_nginx" = 1 ]; then
  echo "  nginx:           sudo apt-get install -y nginx            (Debian/Ubuntu)" >&2
  echo "                   brew install nginx                       (macOS)" >&2
fi
echo "then run the command again." >&2
exit 1
