#!/usr/bin/env bash
# Make, or bring up to date, the virtual environment the Python tests run in, and print its
# path:
#
#   scripts/python-env.sh            (default: target/python/venv, or $DESPIN_VENV)
#
# It installs python/requirements-dev.txt from PyPI with the machine's python3 (>= 3.9; or the
# one $DESPIN_PYTHON names, as crates/despin-cli/build.rs does) and does nothing when the venv
# was made from the same requirements (a stamp holds their hash), so the test that calls it
# costs nothing after the first run. The despin package itself is built
# and installed into it by the test (crates/despin-cli/tests/python.rs), from this work tree.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
venv=${DESPIN_VENV:-$here/target/python/venv}
req=$here/python/requirements-dev.txt
stamp=$venv/.requirements.sha256
want=$(sha256sum "$req" | cut -d' ' -f1)
if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    echo "$venv"
    exit 0
fi
python=${DESPIN_PYTHON:-python3}
command -v "$python" >/dev/null || { echo "python-env: $python is needed" >&2; exit 1; }
"$python" -m venv "$venv" >&2
"$venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip >&2
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$req" >&2
echo "$want" > "$stamp"
echo "$venv"
