package topo

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPathHelpers(t *testing.T) {
	for _, c := range []struct{ path, parent string }{
		{"a.b[3]", "a.b"},
		{"a.b", "a"},
		{`policies["x.y[1]"].terms[0]`, `policies["x.y[1]"].terms`},
		{`policies["x.y[1]"]`, "policies"},
		{`policies["q\"[.]"]`, "policies"},
	} {
		got, ok := parent(c.path)
		assert.True(t, ok, c.path)
		assert.Equal(t, c.parent, got, c.path)
	}
	_, ok := parent("routers")
	assert.False(t, ok)

	assert.True(t, within("routers[1].name", "routers[1]"))
	assert.True(t, within("routers[1]", "routers[1]"))
	assert.False(t, within("routers[10]", "routers[1]"))
	assert.True(t, within("anything", ""))

	assert.Equal(t, ` (did you mean "router_id"?)`, suggest("routerid", []string{"name", "router_id"}))
	assert.Equal(t, ` (did you mean "as"?)`, suggest("AS", []string{"asn", "as"}), "nearest, case ignored")
	assert.Empty(t, suggest("colour", []string{"name", "router_id"}))
	assert.Equal(t, 3, editDistance("kitten", "sitting"))
}

// TestQuotedPathLines checks that an error inside a policy whose name holds
// path punctuation still gets the line of its value.
func TestQuotedPathLines(t *testing.T) {
	es := loadErr(t, "{\"policies\": {\n\"a.b[0]\": {\n\"terms\": [\n{\"then\": \"x\"}]}}}")
	assert.Equal(t, `policies["a.b[0]"].terms[0].then: "x" is not a verdict: want "accept", "reject" or "next"`, es.Error())
	assert.Equal(t, 4, es[0].Line)
}

func TestValidateGoOnlyValues(t *testing.T) {
	tp := goBuilt()
	tp.Routers[0].X = math.NaN()
	tp.Hosts[0].Y = math.Inf(1)
	tp.Sessions[0].Transport = Transport(9)
	assert.EqualError(t, tp.Validate(), "routers[0].x: must be a finite number\n"+
		"hosts[0].y: must be a finite number\n"+
		"sessions[0].transport: unknown transport 9")
}
