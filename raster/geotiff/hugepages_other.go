//go:build !linux

package geotiff

// adviseHugePages does nothing outside Linux.
func adviseHugePages([]byte) {}
