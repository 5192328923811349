// Package engine_test holds the fence that keeps every engine package
// sans-I/O and deterministic (DESIGN.md, "a sans-I/O engine"): no I/O, no
// wall clock, no global randomness, no goroutines, no browser or GPU.
package engine_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// forbiddenImports may not be imported by engine code. Packages under a
// listed path are forbidden too.
var forbiddenImports = []string{
	"net", "os", "syscall", "syscall/js", "log", "unsafe", "runtime/cgo",
	"github.com/hajimehoshi/ebiten",
}

// forbiddenDeps may not appear among the transitive dependencies of an
// engine package: fmt may depend on os (and, under js/wasm, os on
// syscall/js), but nothing may pull in the network, processes, signals or
// the renderer.
var forbiddenDeps = []string{"net", "os/exec", "os/signal", "github.com/hajimehoshi/ebiten"}

// allowed are the packages under a forbidden path that engine code may use:
// netip is a pure value type with no I/O.
var allowed = map[string]bool{"net/netip": true}

// forbiddenCalls are package-level functions that read the wall clock,
// start timers, use the global random source or print to the process's
// standard output. Keys are import paths.
var forbiddenCalls = map[string][]string{
	"time": {"Now", "Since", "Until", "Sleep", "After", "AfterFunc", "NewTimer", "NewTicker", "Tick"},
	"math/rand": {"Int", "Intn", "Int31", "Int31n", "Int63", "Int63n", "Uint32", "Uint64", "Float32",
		"Float64", "Perm", "Shuffle", "Seed", "Read", "NormFloat64", "ExpFloat64"},
	"math/rand/v2": {"Int", "IntN", "Int32", "Int32N", "Int64", "Int64N", "Uint32", "Uint32N", "Uint64",
		"Uint64N", "UintN", "Uint", "Float32", "Float64", "Perm", "Shuffle", "N", "NormFloat64", "ExpFloat64"},
	"fmt": {"Print", "Printf", "Println"},
}

// under reports whether path is prefix or below it, and not allowed.
func under(path, prefix string) bool {
	return !allowed[path] && (path == prefix || strings.HasPrefix(path, prefix+"/"))
}

// checkFile returns one message per fence violation in a Go source file.
func checkFile(fset *token.FileSet, name string, src any) ([]string, error) {
	f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	var bad []string
	report := func(n ast.Node, format string, args ...any) {
		bad = append(bad, fset.Position(n.Pos()).String()+": "+fmt.Sprintf(format, args...))
	}
	local := map[string]string{} // local name -> import path
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		for _, p := range forbiddenImports {
			if under(path, p) {
				report(imp, "imports %q", path)
				break
			}
		}
		name := path[strings.LastIndex(path, "/")+1:]
		if path == "math/rand/v2" {
			name = "rand"
		}
		if imp.Name != nil {
			name = imp.Name.Name
		}
		local[name] = path
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			report(n, "starts a goroutine")
		case *ast.SelectorExpr:
			id, ok := n.X.(*ast.Ident)
			if !ok {
				break
			}
			for _, fn := range forbiddenCalls[local[id.Name]] {
				if n.Sel.Name == fn {
					report(n, "uses %s.%s", local[id.Name], fn)
				}
			}
		}
		return true
	})
	return bad, nil
}

// TestFenceCatchesViolations proves the checker itself works: each snippet
// breaks the fence once.
func TestFenceCatchesViolations(t *testing.T) {
	cases := map[string]string{
		"net import":      `package p; import "net"; var _ net.Conn`,
		"os import":       `package p; import "os"; var _ = os.Args`,
		"os/exec import":  `package p; import "os/exec"; var _ = exec.Command`,
		"js import":       `package p; import "syscall/js"; var _ js.Value`,
		"ebiten import":   `package p; import "github.com/hajimehoshi/ebiten/v2"; var _ ebiten.Game`,
		"time.Now":        `package p; import "time"; var _ = time.Now()`,
		"renamed time":    `package p; import t "time"; var _ = t.After(1)`,
		"global rand":     `package p; import "math/rand"; var _ = rand.Intn(3)`,
		"global rand v2":  `package p; import "math/rand/v2"; var _ = rand.IntN(3)`,
		"goroutine":       `package p; func f() { go f() }`,
		"print to stdout": `package p; import "fmt"; func f() { fmt.Println() }`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			bad, err := checkFile(token.NewFileSet(), "x.go", src)
			require.NoError(t, err)
			assert.Len(t, bad, 1, "violations: %v", bad)
		})
	}
	ok := `package p
import ("fmt"; "time"; "math/rand/v2")
func f(now time.Time, d time.Duration) string {
	r := rand.New(rand.NewPCG(1, 2))
	return fmt.Sprint(now.Add(d), r.IntN(3))
}`
	bad, err := checkFile(token.NewFileSet(), "ok.go", ok)
	require.NoError(t, err)
	assert.Empty(t, bad)
}

// TestEngineIsSansIO checks every non-test Go file under engine/.
func TestEngineIsSansIO(t *testing.T) {
	fset := token.NewFileSet()
	files := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != "." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		files++
		bad, err := checkFile(fset, path, nil)
		require.NoError(t, err)
		for _, b := range bad {
			t.Errorf("engine/%s", b)
		}
		return nil
	})
	require.NoError(t, err)
	require.NotZero(t, files, "found no engine source files")
}

// TestEngineDependencies checks the transitive imports of every engine
// package, for the browser build too.
func TestEngineDependencies(t *testing.T) {
	gobin, err := exec.LookPath("go")
	require.NoError(t, err, "the go command is needed to list dependencies")
	for _, goos := range []string{"linux", "js"} {
		cmd := exec.Command(gobin, "list", "-deps", "-f", `{{.ImportPath}} {{join .Imports ","}}`, "./...")
		cmd.Env = append(os.Environ(), "GOOS="+goos)
		if goos == "js" {
			cmd.Env = append(cmd.Env, "GOARCH=wasm")
		}
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "go list: %s", out)
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			pkg, _, _ := strings.Cut(line, " ")
			for _, f := range forbiddenDeps {
				if under(pkg, f) {
					t.Errorf("GOOS=%s: engine depends on %s", goos, pkg)
				}
			}
		}
	}
}
