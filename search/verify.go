package search

// Damage inside a segment (bytes overwritten) passes bleve's open and only shows in the
// first search that reads it, as a panic or an error that never goes away. Every zap
// segment ends with a CRC-32 of all its other bytes, which bleve does not check: Open
// checks it, once per segment file (it reads the whole file: ~20 ms for the 180 MB of a
// 110,000-document index in the page cache), and records the file's size and modification
// time so that later opens skip it. A cheap probe of every field's dictionary, postings and
// one stored document runs on every open.

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/blevesearch/vellum"
)

// verifiedFile lists the segment files whose checksum matched: "name size mtime-ns".
const verifiedFile = "gloss-verified"

type fileStamp struct{ size, mod int64 }

// verifySegments checks the checksum of each live segment not verified before, and probes
// every segment's fields. Run with panics on faults (openIndex's guard).
func verifySegments(dir string, idx bleve.Index) error {
	adv, err := idx.Advanced()
	if err != nil {
		return err
	}
	r, err := adv.Reader()
	if err != nil {
		return err
	}
	defer r.Close()
	is, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return errNotScorch
	}
	known := readVerified(dir)
	live := map[string]fileStamp{}
	changed := false
	for _, ss := range is.Segments() {
		seg := ss.Segment()
		if ps, ok := seg.(segment.PersistedSegment); ok {
			path := ps.Path()
			st, err := os.Stat(path)
			if err != nil {
				return err
			}
			name := filepath.Base(path)
			stamp := fileStamp{st.Size(), st.ModTime().UnixNano()}
			if known[name] != stamp {
				if err := checkSegmentCRC(path); err != nil {
					return err
				}
				changed = true
			}
			live[name] = stamp
		}
		if err := probeSegment(seg); err != nil {
			return err
		}
	}
	if changed || len(live) != len(known) {
		writeVerified(dir, live)
	}
	return nil
}

// checkSegmentCRC compares a zap file's footer checksum with the checksum of its bytes.
func checkSegmentCRC(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if st.Size() < 4 {
		return fmt.Errorf("segment %s is truncated (%d bytes)", filepath.Base(path), st.Size())
	}
	h := crc32.NewIEEE()
	if _, err := io.Copy(h, bufio.NewReaderSize(io.NewSectionReader(f, 0, st.Size()-4), 1<<20)); err != nil {
		return fmt.Errorf("read segment %s: %w", filepath.Base(path), err)
	}
	var stored [4]byte
	if _, err := f.ReadAt(stored[:], st.Size()-4); err != nil {
		return fmt.Errorf("read segment %s: %w", filepath.Base(path), err)
	}
	if h.Sum32() != binary.BigEndian.Uint32(stored[:]) {
		return fmt.Errorf("segment %s is damaged (its checksum does not match)", filepath.Base(path))
	}
	return nil
}

// probeSegment reads the first term and posting of every field and the first document's
// stored fields.
func probeSegment(seg segment.Segment) error {
	for _, field := range seg.Fields() {
		dict, err := seg.Dictionary(field)
		if err != nil {
			return fmt.Errorf("field %s: %w", field, err)
		}
		if dict == nil {
			continue
		}
		e, err := dict.AutomatonIterator(&vellum.AlwaysMatch{}, nil, nil).Next()
		if err != nil {
			return fmt.Errorf("field %s: %w", field, err)
		}
		if e == nil {
			continue
		}
		pl, err := dict.PostingsList([]byte(e.Term), nil, nil)
		if err != nil {
			return fmt.Errorf("field %s: %w", field, err)
		}
		if _, err := pl.Iterator(true, true, true, nil).Next(); err != nil {
			return fmt.Errorf("field %s: %w", field, err)
		}
	}
	if seg.Count() > 0 {
		if _, err := seg.DocID(0); err != nil {
			return fmt.Errorf("stored fields: %w", err)
		}
	}
	return nil
}

func readVerified(dir string) map[string]fileStamp {
	out := map[string]fileStamp{}
	data, err := os.ReadFile(filepath.Join(dir, verifiedFile))
	if err != nil {
		return out
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 {
			continue
		}
		size, err1 := strconv.ParseInt(f[1], 10, 64)
		mod, err2 := strconv.ParseInt(f[2], 10, 64)
		if errors.Join(err1, err2) == nil {
			out[f[0]] = fileStamp{size, mod}
		}
	}
	return out
}

// writeVerified replaces the record (best effort: without it, the next open checks again).
func writeVerified(dir string, live map[string]fileStamp) {
	var b strings.Builder
	for name, s := range live {
		fmt.Fprintf(&b, "%s %d %d\n", name, s.size, s.mod)
	}
	tmp := filepath.Join(dir, verifiedFile+".tmp")
	if err := os.WriteFile(tmp, []byte(b.String()), 0o600); err != nil {
		os.Remove(tmp)
		return
	}
	if err := os.Rename(tmp, filepath.Join(dir, verifiedFile)); err != nil {
		os.Remove(tmp)
	}
}
