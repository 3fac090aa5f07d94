module libnps.dev/go/examples

go 1.19

require libnps.dev/go/nps v0.0.0

// Build against the binding in this repository (no network needed).
replace libnps.dev/go/nps => ../../bindings/go
