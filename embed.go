// Package bgpplay holds the files at the top of the repository that the
// binary embeds: the playground page.
package bgpplay

import _ "embed"

// IndexHTML is the playground's page, index.html at the repository root.
//
//go:embed index.html
var IndexHTML []byte
