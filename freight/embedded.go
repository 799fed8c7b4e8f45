package freight

import (
	"bytes"
	"embed"
	"fmt"
	"sort"
)

//go:embed data/*.csv
var dataFS embed.FS

// embedded maps the names accepted by [Embedded] to the bundled files and
// the series-name prefixes.
var embedded = map[string]struct{ file, prefix string }{
	"khorgos":         {"data/khorgos_trains_per_year.csv", "Khorgos"},
	"china-europe":    {"data/china_europe_railway_express_per_year.csv", "China–Europe Railway Express"},
	"khorgos-gateway": {"data/khorgos_gateway_dry_port_teu.csv", "Khorgos Gateway dry port"},
}

// EmbeddedNames lists the names [Embedded] accepts, sorted.
func EmbeddedNames() []string {
	names := make([]string, 0, len(embedded))
	for n := range embedded {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// EmbeddedCSV returns the bundled CSV file behind an embedded name,
// unchanged.
func EmbeddedCSV(name string) ([]byte, error) {
	e, ok := embedded[name]
	if !ok {
		return nil, fmt.Errorf("freight: no embedded data set %q (have %v)", name, EmbeddedNames())
	}
	return dataFS.ReadFile(e.file)
}

// Embedded returns the sourced rail-freight figures bundled with the
// package, as read by [ReadCSV]: one series per value column. The data
// sets, copied verbatim from the project's curated rail data, are
//
//   - "khorgos": China–Europe trains through China's Horgos/Khorgos railway
//     port per year, 2013–2024 (series "Khorgos trains"), and cargo in
//     million tonnes ("Khorgos cargo_million_tonnes"). 2014, 2015 and
//     2017–2019 are gaps; 2020 and 2022 are lower bounds; 2021 is a lower
//     bound counted to 14 December. The 2013 figure (25) comes from the
//     abstract of Damiani & Hiliquin (2025), hal-05486194, and conflicts
//     with Xinhua's first-train date of 19 March 2016.
//   - "china-europe": China–Europe Railway Express totals per year,
//     2011–2024, trains and TEU; 2011–2015, 2019, 2022 and 2023 are gaps.
//   - "khorgos-gateway": TEU at the KTZE–Khorgos Gateway dry port on the
//     Kazakh side, with explicit periods (2016, 2018-01-01/2018-11-07,
//     2025).
//
// Every figure cites its source (title, publisher, URL, date); nothing is
// interpolated.
func Embedded(name string) ([]*Series, error) {
	b, err := EmbeddedCSV(name)
	if err != nil {
		return nil, err
	}
	ss, err := ReadCSV(bytes.NewReader(b), embedded[name].prefix)
	if err != nil {
		return nil, fmt.Errorf("freight: embedded %s: %w", name, err)
	}
	return ss, nil
}
