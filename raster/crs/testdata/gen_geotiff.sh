#!/usr/bin/env bash
# Regenerates the 1x1-pixel GeoTIFFs in testdata/geotiff whose GeoKeys the
# tests read, with GDAL 3.6 (Debian gdal-bin), by running from raster/crs:
#
#     bash testdata/gen_geotiff.sh
#
# NAME.tif is written by gdal_create -a_srs DEF; NAME.proj holds DEF.
set -euo pipefail
cd "$(dirname "$0")/geotiff"
while read -r name def; do
	[ -z "$name" ] && continue
	rm -f "$name.tif"
	gdal_create -q -of GTiff -outsize 1 1 -bands 1 -ot Byte -a_srs "$def" -a_ullr 0 1 1 0 "$name.tif"
	printf '%s\n' "$def" >"$name.proj"
done <<'LIST'
utm44n EPSG:32644
utm33s EPSG:32733
wgs84 EPSG:4326
webmerc EPSG:3857
laea3035 EPSG:3035
tmerc_user +proj=tmerc +lat_0=-30 +lon_0=24 +k=0.9999 +x_0=200000 +y_0=1000000 +ellps=GRS80 +units=m +no_defs
tmerc_wgs84_user +proj=tmerc +lat_0=44 +lon_0=80.4 +k=1 +x_0=100 +y_0=200 +datum=WGS84 +units=m +no_defs
laea_user +proj=laea +lat_0=45 +lon_0=80 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs
aea_user +proj=aea +lat_0=23 +lon_0=-96 +lat_1=29.5 +lat_2=45.5 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs
sinu_modis +proj=sinu +lon_0=0 +x_0=0 +y_0=0 +R=6371007.181 +units=m +no_defs
LIST
