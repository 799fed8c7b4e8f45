package main

import "testing"

// TestProductDate reads the sensing year from product names.
func TestProductDate(t *testing.T) {
	for name, want := range map[string]string{
		"S2A_MSIL2A_20200219T112111_N0214_R037_T29RKH_20200219T123947": "2020",
		"S2B_MSIL2A_20241003T053639_N0511_R005_T44TNN_20241003T080000": "2024",
		"LC08_L2SP_147029_20140815_20200911_02_T1":                     "",
		"l8": "",
	} {
		got := ""
		if m := productDate.FindStringSubmatch(name); m != nil {
			got = m[1]
		}
		if got != want {
			t.Errorf("%s: year %q, want %q", name, got, want)
		}
	}
}
