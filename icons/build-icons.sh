#!/usr/bin/env bash
# Renders icons/watchkeeper.svg into every icon the project ships; the outputs are committed, so
# this runs only when the SVG changes. Needs rsvg-convert (librsvg2-bin), ImageMagick (convert)
# and png2icns (icnsutils):  apt-get install -y librsvg2-bin imagemagick icnsutils
set -euo pipefail
cd "$(dirname "$0")"
root=..
res="$root/app/src/main/resources/icons"
mkdir -p png "$res"

for size in 16 24 32 48 64 128 256 512; do
  rsvg-convert -w "$size" -h "$size" watchkeeper.svg -o "png/watchkeeper-$size.png"
done

# The window icons the console loads (WatchkeeperApp.appIcon): /icons/watchkeeper-N.png
for size in 16 32 48 64 128 256; do
  cp "png/watchkeeper-$size.png" "$res/watchkeeper-$size.png"
done

# Windows: one .ico with the sizes Explorer and the taskbar pick from.
convert png/watchkeeper-16.png png/watchkeeper-24.png png/watchkeeper-32.png png/watchkeeper-48.png \
        png/watchkeeper-64.png png/watchkeeper-128.png png/watchkeeper-256.png watchkeeper.ico

# macOS: .icns (png2icns takes the sizes it knows: 16, 32, 48, 128, 256, 512).
png2icns watchkeeper.icns png/watchkeeper-16.png png/watchkeeper-32.png png/watchkeeper-48.png \
         png/watchkeeper-128.png png/watchkeeper-256.png png/watchkeeper-512.png >/dev/null

# Linux packages (jpackage --icon) use the 256 px PNG.
cp png/watchkeeper-256.png watchkeeper.png
echo "icons written to icons/ and $res"
