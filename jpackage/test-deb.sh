#!/usr/bin/env bash
# Builds the Linux .deb, installs it on this machine, starts the installed launcher under Xvfb,
# checks that a window titled "Watchkeeper…" appears, takes a screenshot, runs the CLI from PATH,
# then removes the package again. Needs root (dpkg), Xvfb, xdotool/x11-utils and ImageMagick:
#   apt-get install -y xvfb x11-utils imagemagick libgtk-3-0 xdg-utils   (xdg-utils: the package depends on it)
# Usage: jpackage/test-deb.sh            (SKIP_BUILD=1 reuses dist/target/jpackage/*.deb)
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
shot_dir="dist/target/deb-test"; mkdir -p "$shot_dir"

step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  step "building the .deb (mvn -o -Ppackage,deb -DskipTests -pl dist -am package)"
  start=$(date +%s)
  mvn -o -B -q -Ppackage,deb -DskipTests -pl dist -am package
  echo "built in $(( $(date +%s) - start )) s"
fi
deb=$(ls -t dist/target/jpackage/watchkeeper_*.deb | head -1)
[ -f "$deb" ] || fail "no .deb in dist/target/jpackage"
step "package $deb ($(du -h "$deb" | cut -f1))"
dpkg-deb -f "$deb" Package Version Depends

app_pid=""; xvfb_pid=""; installed=0
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  if [ "$installed" = 1 ]; then $SUDO dpkg -P watchkeeper >/dev/null || true; fi
}
trap cleanup EXIT

step "dpkg -i"
installed=1  # before dpkg -i: a half-configured package must be removed too
$SUDO dpkg -i "$deb"
[ -x /opt/watchkeeper/bin/watchkeeper ] || fail "launcher not installed at /opt/watchkeeper/bin/watchkeeper"
[ -x /opt/watchkeeper/bin/watchkeeper-cli ] || fail "the command line's launcher not installed at /opt/watchkeeper/bin/watchkeeper-cli"
[ -f /opt/watchkeeper/lib/app/watchkeeper-cli.aot ] || fail "the command line's ahead-of-time cache not installed"
# the installed jars are the ones the cache was trained with: the JVM refuses to start if it cannot use it
env -i PATH=/usr/bin:/bin HOME="$HOME" JAVA_TOOL_OPTIONS=-XX:AOTMode=on watchkeeper help status >/dev/null 2>&1 \
  || fail "the installed command-line launcher cannot use its ahead-of-time cache"
[ -f /opt/watchkeeper/lib/app/watchkeeper.aot ] || fail "the console's ahead-of-time cache not installed"
env -i PATH=/usr/bin:/bin HOME="$HOME" JAVA_TOOL_OPTIONS=-XX:AOTMode=on /opt/watchkeeper/bin/watchkeeper --version >/dev/null 2>&1 \
  || fail "the installed console launcher cannot use its ahead-of-time cache"
[ "$(readlink /usr/bin/watchkeeper)" = /opt/watchkeeper/bin/watchkeeper-cli ] || fail "/usr/bin/watchkeeper not linked to the command line's launcher by postinst"
[ -f /usr/lib/systemd/user/watchkeeper-record@.service ] || fail "the recorder's systemd unit not installed by postinst"
grep -q '^ExecStart=/opt/watchkeeper/bin/watchkeeper record --profile %I' /usr/lib/systemd/user/watchkeeper-record@.service \
  || fail "the installed recorder unit does not run watchkeeper record"

step "CLI from PATH, with no JDK on PATH"
version=$(env -i PATH=/usr/bin:/bin HOME="$HOME" watchkeeper --version)
echo "$version"
[[ "$version" == "Watchkeeper "* ]] || fail "--version printed '$version'"
set +e
env -i PATH=/usr/bin:/bin HOME="$HOME" watchkeeper status --redis redis://127.0.0.1:1 >/dev/null 2>&1
rc=$?
set -e
[ "$rc" = 3 ] || fail "status against a dead Redis exited $rc, expected 3"
echo "status against a dead Redis: exit 3 as documented"

step "console under Xvfb"
display=":$(( 90 + RANDOM % 9 ))"
Xvfb "$display" -screen 0 1600x1000x24 >/dev/null 2>&1 &
xvfb_pid=$!
sleep 1
# through PATH, as an operator starts it: the command line's launcher hands the console to the main one
env -i PATH=/usr/bin:/bin HOME="$HOME" DISPLAY="$display" watchkeeper --demo --indexers 50 \
  >"$shot_dir/app.log" 2>&1 &
app_pid=$!
title=""
for _ in $(seq 1 120); do
  # Window names in the tree look like: 0x400003 "Watchkeeper — demo control plane": ("dev.watchkeeper..." ...)
  title=$(DISPLAY="$display" xwininfo -root -tree 2>/dev/null | grep -o '^ *0x[0-9a-f]* "Watchkeeper[^"]*"' | sed 's/^[^"]*"//; s/"$//' | head -1 || true)
  [ -n "$title" ] && break
  kill -0 "$app_pid" 2>/dev/null || { cat "$shot_dir/app.log"; fail "the installed launcher exited"; }
  sleep 1
done
[ -n "$title" ] || { cat "$shot_dir/app.log"; fail "no window titled Watchkeeper… within 120 s"; }
echo "window title: $title"
sleep 5  # let the table fill before the screenshot
DISPLAY="$display" import -window root "$shot_dir/installed.png"
echo "screenshot: $shot_dir/installed.png"
kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""
# the console the launcher handed over to stops with it
for _ in $(seq 1 20); do pgrep -f "Launcher --demo --indexers 50" >/dev/null || break; sleep 1; done
! pgrep -f "Launcher --demo --indexers 50" >/dev/null || fail "the console kept running after its launcher was stopped"

step "dpkg -r"
$SUDO dpkg -r watchkeeper
installed=0
$SUDO dpkg -P watchkeeper >/dev/null  # leave no trace (dpkg -r keeps the package's record)
[ ! -e /opt/watchkeeper/bin/watchkeeper ] || fail "launcher still present after dpkg -r"
[ ! -e /usr/bin/watchkeeper ] || fail "/usr/bin/watchkeeper still present after dpkg -r"
step "PASS"
