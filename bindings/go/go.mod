module libnps.dev/go/nps

go 1.19
