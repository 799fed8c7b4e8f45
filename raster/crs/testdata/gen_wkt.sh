#!/usr/bin/env bash
# Regenerates testdata/wkt: WKT1 (GDAL flavour), WKT2:2019 and PROJ strings
# as GDAL writes them, for the parser tests. Generated with GDAL 3.6
# (Debian gdal-bin) by running, from raster/crs:
#
#     bash testdata/gen_wkt.sh
#
# Each CASE.def holds the definition given to gdalsrsinfo; CASE.wkt1,
# CASE.wkt2 and CASE.proj its output with -o wkt1, -o wkt2_2019, -o proj4.
set -euo pipefail
cd "$(dirname "$0")/wkt"
modis=$(ls ../../../../../shared/data/imagery/border_zimbabwe_mozambique_modis_h21v11/*B01.TIF 2>/dev/null | head -1 || true)
while read -r name def; do
	[ -z "$name" ] && continue
	if [ "$def" = MODIS ]; then def=$modis; [ -z "$def" ] && continue; fi
	printf '%s\n' "$def" >"$name.def"
	gdalsrsinfo -o wkt1 "$def" | sed '/^$/d' >"$name.wkt1"
	gdalsrsinfo -o wkt2_2019 "$def" | sed '/^$/d' >"$name.wkt2"
	gdalsrsinfo -o proj4 "$def" | sed '/^$/d' >"$name.proj"
done <<'LIST'
epsg4326 EPSG:4326
epsg3857 EPSG:3857
epsg3395 EPSG:3395
epsg32644 EPSG:32644
epsg32645 EPSG:32645
epsg32733 EPSG:32733
epsg3035 EPSG:3035
epsg4258 EPSG:4258
modis MODIS
tmerc_grs80 +proj=tmerc +lat_0=-30 +lon_0=24 +k=0.9999 +x_0=200000 +y_0=1000000 +ellps=GRS80 +units=m +no_defs
laea_wgs84 +proj=laea +lat_0=45 +lon_0=80 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs
aea_conus +proj=aea +lat_0=23 +lon_0=-96 +lat_1=29.5 +lat_2=45.5 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs
sinu_wgs84 +proj=sinu +lon_0=15 +x_0=1000 +y_0=2000 +R=6371007.181 +units=m +no_defs
LIST
