//go:build race

package inflate

// raceEnabled trims the largest differential inputs under the race
// detector, which slows compression and decoding about tenfold.
const raceEnabled = true
