package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFreightCommand(t *testing.T) {
	out := filepath.Join(t.TempDir(), "k.png")
	var stdout, stderr bytes.Buffer
	code := dispatch([]string{"freight", "-embedded", "khorgos", "-fit", "logistic", "-forecast", "2030", "-from", "2016", "-plot", out, "-share-of", "china-europe"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	text := stdout.String()
	for _, want := range []string{
		"2021    > 6000", "95.3% to 2021-12-14", // the partial year, as a lower bound
		"CAGR          2016  2024  +47.7%", // (8730/386)^(1/8) − 1
		"logistic  K              9102.59", // K from the -from 2016 fit, as SciPy finds (9102.595)
		"forecast 2030", "22.7%",           // 386 / 1702
		"plot written to",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := png.Decode(f); err != nil {
		t.Errorf("plot: %v", err)
	}
}

func TestFreightCommandCSVAndErrors(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "s.csv")
	os.WriteFile(good, []byte("year,teu,teu_qualifier\n2020,100,\n2021,150,>\n2022,190,\n2023,230,\n2024,260,\n"), 0o644)
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("year,teu\n2020,100\n2021,1O0\n"), 0o644)
	var stdout, stderr bytes.Buffer
	if code := runFreight([]string{"-csv", good, "-fit", "exponential"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "exponential  r") {
		t.Errorf("no exponential fit:\n%s", stdout.String())
	}
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"-csv", bad}, 1, "row 3, column 2 (teu)"},
		{[]string{}, 2, "exactly one of -csv or -embedded"},
		{[]string{"-csv", good, "-embedded", "khorgos"}, 2, "exactly one"},
		{[]string{"-embedded", "atlantis"}, 1, "no embedded data set"},
		{[]string{"-embedded", "khorgos", "-fit", "cubic"}, 1, "not a model"},
		{[]string{"-embedded", "khorgos", "-column", "sheep"}, 1, "no column"},
		{[]string{"-embedded", "khorgos", "-partial", "maybe"}, 1, "partial-period policy"},
		{[]string{"-csv", filepath.Join(dir, "missing.csv")}, 1, "missing.csv"},
	} {
		stdout.Reset()
		stderr.Reset()
		if code := runFreight(c.args, &stdout, &stderr); code != c.code || !strings.Contains(stderr.String(), c.msg) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d mentioning %q", c.args, code, stderr.String(), c.code, c.msg)
		}
	}
}
