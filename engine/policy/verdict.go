package policy

import "fmt"

//go:generate go tool stringer -type=Verdict -linecomment -output=verdict_string.go

// Verdict is what a matching term, or a policy's default, does with a
// route.
type Verdict uint8

// Verdicts. The zero value is Next.
const (
	// Next applies the term's actions and goes on to the next term.
	Next Verdict = iota // next
	// Accept applies the term's actions and accepts the route.
	Accept // accept
	// Reject rejects the route.
	Reject // reject
)

// parseVerdict reads a TermSpec.Then or Spec.Default value: "accept",
// "reject" or "next"; empty is "accept".
func parseVerdict(s string) (Verdict, error) {
	switch s {
	case "", "accept":
		return Accept, nil
	case "reject":
		return Reject, nil
	case "next":
		return Next, nil
	}
	return 0, fmt.Errorf("%q is not a verdict: want \"accept\", \"reject\" or \"next\"", s)
}
