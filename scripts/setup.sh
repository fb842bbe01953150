#!/usr/bin/env bash
# Set up yusuan in ./.venv on a fresh Debian machine with Python 3.11.
# Installs the Debian packages it needs (python3-venv) when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-}
if [ -z "$python" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then python=$candidate; break; fi
  done
fi
if [ -z "$python" ] || ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "yusuan 需要 Python 3.11 或更高版本（可设置环境变量 PYTHON 指定解释器）" >&2
  exit 1
fi

apt_install() {
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@"
}

missing=()
"$python" -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)
# The documents are typeset in Noto Serif/Sans CJK SC; without them PDF text would be empty boxes.
[ -f /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ] || missing+=(fonts-noto-cjk)
# 楷体 for （一） headings where the office KaiTi is missing (AR PL UKai).
[ -f /usr/share/fonts/truetype/arphic/ukai.ttc ] || missing+=(fonts-arphic-ukai)
# The tests lay out the DOCX as an office suite does (LibreOffice Writer, without its GUI) and read
# the result with pdftotext; set YUSUAN_NO_OFFICE=1 to skip them (those tests then say so and skip).
if [ -z "${YUSUAN_NO_OFFICE:-}" ]; then
  command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
  command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
fi
# The HTML-on-a-phone tests and scripts/pages.py look at the pages in Chromium (driven by
# Playwright, a dev dependency); set YUSUAN_NO_BROWSER=1 to skip them (those tests then skip).
if [ -z "${YUSUAN_NO_BROWSER:-}" ]; then
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fi
# The web tests and bench/web_load.py run against a throwaway PostgreSQL server as well as SQLite
# (scripts/postgres.sh); set YUSUAN_NO_POSTGRES=1 to skip it (the PostgreSQL tests then skip, except
# in CI, where they fail).
if [ -z "${YUSUAN_NO_POSTGRES:-}" ]; then
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "安装 Debian 软件包：${missing[*]}"
  apt_install "${missing[@]}"
fi

if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev]'
echo "yusuan 已安装到 .venv（$(.venv/bin/yusuan --version)）"
