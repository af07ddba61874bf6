#!/usr/bin/env bash
# Installs the system packages the test suite needs, and only those that are missing:
#   - chromium           the browser the Playwright tests drive (/usr/bin/chromium); the app's collegium export
#                        also renders its chart images (kaleido) and prints its PDF with it
#   - fonts-dejavu-core  a font with ə/Ə for Chromium-rendered images and PDFs (Liberation lacks them)
#   - postgresql-15      only when no initdb is found (on PATH or under /usr/lib/postgresql/*/bin)
#   - nginx              the reverse proxy of the production topology (tests/deploy, `make serve`, docs/DEPLOY.md)
#   - openssl            the self-signed certificate of the TLS tests (tests/deploy, tests/browser/test_auth_tls_browser.py)
#   - poppler-utils      pdftoppm/pdftotext: the deck test renders the PDF at a projector's scale
#                        (tests/deck/test_pdf_rendering.py)
#   - a container engine only when none is here: Docker from Debian's docker.io with Compose v2, set up by
#                        deploy/containers/dev-machine-setup.sh docker (tests/deploy/test_containers.py builds the
#                        images and runs deploy/compose.yaml)
# With --runtime (what `make run` uses) only chromium and fonts-dejavu-core: what the running app needs.
# Idempotent: when everything is present it does nothing (no apt-get update either).
# Non-interactive: works as root with no TTY (CI) and uses sudo otherwise.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

CHROMIUM=/usr/bin/chromium
DEJAVU_FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf

have_initdb() {
    command -v initdb >/dev/null 2>&1 && return 0
    compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
}

runtime_only=0
[ "${1:-}" = "--runtime" ] && runtime_only=1

missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
[ -f "$DEJAVU_FONT" ] || missing+=(fonts-dejavu-core)
[ "$runtime_only" -eq 1 ] || have_initdb || missing+=(postgresql-15)
[ "$runtime_only" -eq 1 ] || command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
[ "$runtime_only" -eq 1 ] || command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
[ "$runtime_only" -eq 1 ] || command -v openssl >/dev/null 2>&1 || missing+=(openssl)
engine=0  # Docker with Compose v2 and debootstrap (the stand-in base images): set up after the packages
if [ "$runtime_only" -eq 0 ] && ! { command -v dockerd >/dev/null 2>&1 && docker compose version >/dev/null 2>&1 \
        && command -v debootstrap >/dev/null 2>&1; }; then
    engine=1
    missing+=(docker.io debootstrap curl)
fi

if [ "${#missing[@]}" -eq 0 ]; then
    if [ "$runtime_only" -eq 1 ]; then
        echo "install-system-deps: chromium and DejaVu fonts already present; nothing to do."
    else
        echo "install-system-deps: chromium, DejaVu fonts, PostgreSQL, nginx, poppler and Docker already present; nothing to do."
    fi
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    # Not Debian/Ubuntu: carry on, the tests that need these will FAIL (never skip) with a clear message.
    echo "install-system-deps: WARNING: missing ${missing[*]} and no apt-get here; install them by hand." >&2
    exit 0
fi

# Root runs apt-get directly; anyone else goes through sudo (-n when there is no TTY to type a password).
if [ "$(id -u)" -eq 0 ]; then
    as_root=(env DEBIAN_FRONTEND=noninteractive)
elif [ -t 0 ]; then
    as_root=(sudo env DEBIAN_FRONTEND=noninteractive)
else
    as_root=(sudo -n env DEBIAN_FRONTEND=noninteractive)
fi

echo "install-system-deps: installing ${missing[*]}"
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q -o Dpkg::Use-Pty=0 "${missing[@]}"
if [ "$engine" -eq 1 ]; then
    echo "install-system-deps: setting up Docker with Compose v2 (deploy/containers/dev-machine-setup.sh docker)"
    "${as_root[@]}" sh "$(dirname "${BASH_SOURCE[0]}")/../deploy/containers/dev-machine-setup.sh" docker
fi
