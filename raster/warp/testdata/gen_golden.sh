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
