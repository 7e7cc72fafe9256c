#!/usr/bin/env bash
# Set up Wohnraum-Matcher on a fresh Debian/Ubuntu machine, then run it or its tests.
#
#   ./bootstrap.sh run    set everything up and start the program on the demo database
#   ./bootstrap.sh test   set everything up and run the whole test suite
#
# Idempotent: a second call only checks and starts. It creates .venv/ beside this script, installs the
# pinned dependencies from constraints.txt (again only when pyproject.toml or constraints.txt changed)
# and, where the system lacks them, the libraries Qt needs (apt-get; sudo when not root).
set -euo pipefail

cd "$(dirname "$0")"
ROOT=$(pwd)
VENV="$ROOT/.venv"
STAMP="$VENV/.installed"
# Shared libraries Qt loads, each with the Debian/Ubuntu package that ships it. Checked by file (ldconfig),
# not by package name: Ubuntu 24.04 renamed some packages (libglib2.0-0t64) but not the libraries.
QT_LIBS=(libEGL.so.1:libegl1 libGL.so.1:libgl1 libxkbcommon.so.0:libxkbcommon0
         libxkbcommon-x11.so.0:libxkbcommon-x11-0 libfontconfig.so.1:libfontconfig1 libdbus-1.so.3:libdbus-1-3
         libglib-2.0.so.0:libglib2.0-0 libxcb-cursor.so.0:libxcb-cursor0 libxcb-icccm.so.4:libxcb-icccm4
         libxcb-keysyms.so.1:libxcb-keysyms1 libxcb-shape.so.0:libxcb-shape0
         libxcb-render-util.so.0:libxcb-render-util0 libxcb-image.so.0:libxcb-image0)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
    command -v apt-get >/dev/null || { echo "Bitte installieren Sie: $*" >&2; return 1; }
    say "Installiere Systempakete: $*"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

python_ok() {  # usable interpreter of at least 3.11 (3.12+ preferred: see pyproject.toml)
    "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1
}

find_python() {
    local candidate
    for candidate in python3.13 python3.12; do
        if python_ok "$candidate"; then echo "$candidate"; return; fi
    done
    if command -v pyenv >/dev/null; then
        for candidate in "$(pyenv root)"/versions/3.1[23].*/bin/python3; do
            if python_ok "$candidate"; then echo "$candidate"; return; fi
        done
    fi
    if python_ok python3; then echo python3; return; fi
    echo "Python 3.11 oder neuer wird benötigt (empfohlen: 3.12)." >&2
    exit 1
}

missing_qt_libs() {
    command -v ldconfig >/dev/null || [ -x /sbin/ldconfig ] || return 0
    local known entry missing=()
    known=$(PATH="$PATH:/sbin:/usr/sbin" ldconfig -p)
    for entry in "${QT_LIBS[@]}"; do
        grep -qF "${entry%%:*} " <<<"$known" || missing+=("${entry##*:}")
    done
    echo "${missing[@]:-}"
}

ensure_system() {
    local missing
    missing=$(missing_qt_libs)
    if [ -n "$missing" ]; then
        # shellcheck disable=SC2086
        apt_install $missing
    fi
}

ensure_venv() {
    local python
    python=$(find_python)
    if [ ! -x "$VENV/bin/python" ]; then
        say "Lege virtuelle Umgebung an ($($python --version))"
        if ! "$python" -m venv "$VENV" 2>/dev/null; then
            rm -rf "$VENV"
            apt_install python3-venv
            "$python" -m venv "$VENV"
        fi
    fi
    local wanted
    wanted=$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)
    if [ "$(cat "$STAMP" 2>/dev/null)" != "$wanted" ]; then
        say "Installiere Abhängigkeiten (festgelegte Versionen aus constraints.txt)"
        "$VENV/bin/python" -m pip install --quiet --upgrade pip
        "$VENV/bin/python" -m pip install --quiet -c constraints.txt -e ".[test,dev]"
        echo "$wanted" >"$STAMP"
    fi
}

case "${1:-}" in
    run)
        ensure_system
        ensure_venv
        shift
        say "Starte Wohnraum-Matcher mit der Demo-Datenbank"
        exec "$VENV/bin/python" main.py --demo "$@"
        ;;
    test)
        ensure_system
        ensure_venv
        shift
        say "Starte die Tests"
        export QT_QPA_PLATFORM=offscreen
        exec "$VENV/bin/python" -m pytest -n 2 "$@"
        ;;
    *)
        echo "Aufruf: ./bootstrap.sh run | test" >&2
        exit 64
        ;;
esac
