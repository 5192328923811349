// Package bench compares the bgpplay BGP codec with GoBGP's
// pkg/packet/bgp on the real UPDATE messages of the shared MRT files. It
// is a module of its own so that the product never depends on GoBGP.
package bench

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/bgpplay/bgpplay/engine/mrt"
	"github.com/bgpplay/bgpplay/engine/wire"
)

// Message is one recorded BGP UPDATE and the session options it was
// recorded with.
type Message struct {
	File string
	Raw  []byte // the whole message, header included
	Opt  wire.Options
}

// SharedMRTDir finds ../shared/testdata/mrt from the working directory or
// any parent of it.
func SharedMRTDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		for _, rel := range []string{"shared/testdata/mrt", "../shared/testdata/mrt"} {
			p := filepath.Join(dir, rel)
			if st, err := os.Stat(p); err == nil && st.IsDir() {
				return p, nil
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("bench: shared/testdata/mrt not found in any parent directory")
		}
		dir = parent
	}
}

// LoadCorpus reads every UPDATE message from the BGP4MP files
// (updates.*.gz) in dir.
func LoadCorpus(dir string) ([]Message, error) {
	files, err := filepath.Glob(filepath.Join(dir, "updates.*.gz"))
	if err != nil {
		return nil, err
	}
	files = filterExpect(files)
	if len(files) == 0 {
		return nil, fmt.Errorf("bench: no updates.*.gz files in %s", dir)
	}
	var msgs []Message
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		r := mrt.NewReader(f)
		for {
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				f.Close()
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			if m := rec.Message; m != nil && m.MsgType == wire.TypeUpdate {
				msgs = append(msgs, Message{File: filepath.Base(name), Raw: append([]byte(nil), m.Raw...), Opt: m.Options()})
			}
		}
		f.Close()
	}
	return msgs, nil
}

func filterExpect(files []string) []string {
	out := files[:0]
	for _, f := range files {
		if filepath.Ext(filepath.Base(f[:len(f)-len(".gz")])) != ".expect" {
			out = append(out, f)
		}
	}
	sort.Strings(out)
	return out
}
