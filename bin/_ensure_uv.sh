# Sourced by bin/demo and bin/test: puts `uv` on PATH, installing it into a private virtual
# environment (.tools/) with the machine's Python when it is missing.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if ! command -v uv >/dev/null 2>&1; then
  if [ ! -x "$ROOT/.tools/bin/uv" ]; then
    echo "Installing uv into .tools/ ..." >&2
    python3 -m venv "$ROOT/.tools"
    "$ROOT/.tools/bin/pip" install --quiet --disable-pip-version-check uv
  fi
  export PATH="$ROOT/.tools/bin:$PATH"
fi
export UV_PYTHON_DOWNLOADS=never
