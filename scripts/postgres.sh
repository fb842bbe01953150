#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests and the load test (Debian's server package, postgresql).
#
#   scripts/postgres.sh start DIR   # a new cluster in DIR; prints its SQLAlchemy URL
#   scripts/postgres.sh stop DIR    # stops it and deletes the cluster from DIR
#
# The server listens on 127.0.0.1 only, on a free port, with trust authentication (no password:
# nothing but this machine can reach it), fsync off (the data is thrown away). Superuser: postgres.
# initdb refuses to run as root, so as root the cluster belongs to the user postgres (made by the
# Debian package) and DIR must be reachable by that user (a folder from `mktemp -d` is).
set -euo pipefail

usage() {
  echo "用法：scripts/postgres.sh start|stop 目录" >&2
  exit 2
}
[ $# -eq 2 ] || usage
action=$1
dir=$2
data="$dir/data"

bindir=${YUSUAN_PG_BIN:-}
if [ -z "$bindir" ]; then
  # the newest server Debian installed (/usr/lib/postgresql/15/bin, ...), else one on the PATH
  for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$candidate/initdb" ]; then bindir=$candidate; break; fi
  done
  if [ -z "$bindir" ] && command -v initdb >/dev/null 2>&1; then
    bindir=$(dirname "$(command -v initdb)")
  fi
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ] || [ ! -x "$bindir/pg_ctl" ]; then
  echo "找不到 PostgreSQL 服务器（initdb、pg_ctl）：请安装 Debian 软件包 postgresql" \
    "（scripts/setup.sh 会安装），或用 YUSUAN_PG_BIN 指定其 bin 目录" >&2
  exit 3
fi

# as root, everything the server does runs as the user postgres
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_is_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  if [ -e "$data" ]; then
    echo "目录 $dir 中已有 PostgreSQL 集群（$data）：请先 scripts/postgres.sh stop $dir，或换一个目录" >&2
    exit 1
  fi
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
      echo "以 root 运行时 PostgreSQL 集群须属于用户 postgres，但该用户不存在（安装 Debian 软件包 postgresql 即有）" >&2
      exit 1
    fi
    chown postgres: "$dir"
    if ! runuser -u postgres -- test -w "$dir" -a -x "$dir"; then
      echo "用户 postgres 无法进入目录 $dir（其上级目录不允许）：请换一个目录，例如 mktemp -d 所建的" >&2
      exit 1
    fi
  fi
  if ! as_owner "$bindir/initdb" -D "$data" -U postgres -E UTF8 --locale=C \
    --auth-local=trust --auth-host=trust >"$dir/initdb.log" 2>&1; then
    echo "initdb 未能在 $data 建立 PostgreSQL 集群：" >&2
    cat "$dir/initdb.log" >&2
    exit 1
  fi
  # a free port; another process may take it between the test and the start, so try a few
  for _ in 1 2 3 4 5 6 7 8; do
    port=$((20000 + RANDOM % 40000))
    port_is_free "$port" || continue
    # one line: pg_ctl hands the options to a shell command line
    options="-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='' -c fsync=off"
    options+=" -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    if as_owner "$bindir/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 -s start -o "$options" >/dev/null; then
      url="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
      echo "$url" >"$dir/url"
      echo "$url"
      return 0
    fi
    grep -q "could not bind\|Address already in use" "$dir/server.log" 2>/dev/null || break
  done
  echo "PostgreSQL 服务器未能启动（日志 $dir/server.log）：" >&2
  tail -n 20 "$dir/server.log" >&2 || true
  exit 1
}

stop() {
  if [ ! -d "$data" ]; then
    echo "目录 $dir 中没有 PostgreSQL 集群" >&2
    exit 1
  fi
  if as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_owner "$bindir/pg_ctl" -D "$data" -w -t 60 -s -m fast stop
  fi
  rm -rf "$data" "$dir/url" "$dir/initdb.log" "$dir/server.log"
}

case "$action" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
