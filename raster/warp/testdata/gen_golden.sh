#!/bin/sh
# Regenerates the golden gdalwarp outputs in golden/ (GDAL 3.6.2 was used).
# Run from raster/warp/testdata:  BORDERZONE_DATA=/path/to/shared/data sh gen_golden.sh
# Every line "name|input|gdalwarp arguments" of cases.txt becomes golden/<name>.tif:
#   gdalwarp -q -overwrite -et 0 -ovr NONE -ot Float32 -dstnodata nan \
#            -co COMPRESS=DEFLATE -co PREDICTOR=3 <arguments> <input> golden/<name>.tif
# Inputs starting with corpus/ are under ../../geotiff/testdata/corpus, inputs
# starting with data/ under $BORDERZONE_DATA (default ../../../../shared/data).
# The Go tests (golden_test.go) read cases.txt too and redo the same warps.
set -eu
DATA=${BORDERZONE_DATA:-../../../../shared/data}
mkdir -p golden
grep -v '^#' cases.txt | grep -v '^$' | while IFS='|' read -r name input args; do
	case $input in
	corpus/*) in=../../geotiff/testdata/$input ;;
	data/*) in=$DATA/${input#data/} ;;
	esac
	# shellcheck disable=SC2086
	gdalwarp -q -overwrite -et 0 -ovr NONE -ot Float32 -dstnodata nan \
		-co COMPRESS=DEFLATE -co PREDICTOR=3 $args "$in" "golden/$name.tif"
	echo "golden/$name.tif"
done

# The grids gdalwarp chooses without -tr or -ts (GDALSuggestedWarpOutput2):
# suggested.txt holds "input|t_srs|width|height|geotransform" per line.
tmp=$(mktemp -d)
: > suggested.txt
while IFS='|' read -r input srs; do
	case $input in
	corpus/*) in=../../geotiff/testdata/$input ;;
	data/*) in=$DATA/${input#data/} ;;
	esac
	gdalwarp -q -overwrite -of VRT -t_srs "$srs" "$in" "$tmp/s.vrt"
	w=$(sed -n 's/.*rasterXSize="\([0-9]*\)".*/\1/p' "$tmp/s.vrt" | head -1)
	h=$(sed -n 's/.*rasterYSize="\([0-9]*\)".*/\1/p' "$tmp/s.vrt" | head -1)
	gt=$(sed -n 's/.*<GeoTransform>\(.*\)<\/GeoTransform>.*/\1/p' "$tmp/s.vrt" | head -1 | tr -d ' ')
	echo "$input|$srs|$w|$h|$gt" >> suggested.txt
done <<LIST
data/imagery/landsat8_l1t_LC80200392015216LGN00/l8_B4.tif|EPSG:4326
data/imagery/landsat8_l1t_LC80200392015216LGN00/l8_B4.tif|EPSG:3857
data/imagery/sentinel2_l2a_S2A_29RKH_20200219/B12.tif|EPSG:4326
data/imagery/sentinel2_l2a_S2A_29RKH_20200219/B12.tif|EPSG:32628
corpus/l8_float32_nodata-9999_lzw.tif|EPSG:4326
corpus/l8_float32_nodata-9999_lzw.tif|EPSG:3857
corpus/rgb_byte_epsg4326_deflate.tif|EPSG:32631
corpus/rgb_byte_epsg4326_deflate.tif|EPSG:3857
LIST
rm -r "$tmp"
echo suggested.txt
