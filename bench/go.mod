module github.com/bgpplay/bgpplay/bench

go 1.26.0

replace github.com/bgpplay/bgpplay => ../

require (
	github.com/bgpplay/bgpplay v0.0.0-00010101000000-000000000000
	github.com/osrg/gobgp/v4 v4.8.0
	github.com/stretchr/testify v1.11.1
)

require (
	github.com/davecgh/go-spew v1.1.1 // indirect
	github.com/pmezard/go-difflib v1.0.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)
