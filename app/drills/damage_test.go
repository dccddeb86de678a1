package drills

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/ingest"
	"gloss.app/gloss/app/cli"
	"gloss.app/gloss/search"
)

// buildWorkspace imports generated articles and annotates them with drill tags (some
// nested, some with notes) through the command layer.
func buildWorkspace(t testing.TB, dir string, articles, annotations int, seed uint64) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	ws, err := annotate.Open(dir, annotate.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	files := writeSources(t, filepath.Join(filepath.Dir(dir), "sources"), articles, rng)
	im := &ingest.Importer{}
	if sum, err := im.Run(t.Context(), ws, files); err != nil || sum.Imported != articles {
		t.Fatalf("import: %+v %v", sum, err)
	}
	var tags []string
	for i := 0; i < 6; i++ {
		parent := ""
		if i >= 3 {
			parent = tags[i-3]
		}
		tag, _, err := ws.CreateTag(annotate.TagDraft{Name: fmt.Sprintf("Drill%d", i), ParentID: parent})
		if err != nil {
			t.Fatal(err)
		}
		tags = append(tags, tag.ID)
	}
	arts, _ := ws.Articles()
	for n := 0; n < annotations; {
		a := arts[rng.IntN(len(arts))]
		start := rng.IntN(a.Length - 40)
		note := ""
		if rng.IntN(3) == 0 {
			note = "seen " + vocabulary[rng.IntN(len(vocabulary))]
		}
		_, _, err := ws.Annotate(annotate.AnnotationDraft{ArticleID: a.ID, Start: start, End: start + 5 + rng.IntN(35),
			TagIDs: []string{tags[rng.IntN(len(tags))]}, Note: note})
		if errors.Is(err, annotate.ErrInvalid) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
}

// searchSnapshot is what the probes find, plus the hits (annotations and articles) of a
// few ranked searches. Ranked hits are compared as sets: scores depend on the deleted
// documents a segment still counts, which a rebuild drops, so ties may reorder.
func searchSnapshot(ws *annotate.Workspace, ix *search.Index) (map[string][]string, error) {
	out := map[string][]string{}
	for _, p := range probes(ws) {
		ids, err := ix.AnnotationIDs(p.query)
		if err != nil {
			return nil, fmt.Errorf("search %q: %w", p.query, err)
		}
		sort.Strings(ids)
		out["ids "+p.query] = ids
	}
	for _, q := range []string{"convoy bridge", "harbour OR ceasefire", "tag:Drill0 -has:note", `"the grid"`} {
		res, err := ix.Search(search.Request{Query: q, Articles: true, Limit: search.MaxLimit})
		if err != nil {
			return nil, fmt.Errorf("search %q: %w", q, err)
		}
		var hits []string
		for _, h := range res.Hits {
			hits = append(hits, h.Kind+" "+h.ID)
		}
		sort.Strings(hits)
		out[fmt.Sprintf("hits %q (%d)", q, res.Total)] = hits
	}
	return out, nil
}

// TestIndexCorruptionDrill deletes, truncates or overwrites random files of the index
// folder (deterministic seeds) and checks that the next search.Open notices, rebuilds from
// the store with progress, and answers every search as before the damage.
func TestIndexCorruptionDrill(t *testing.T) {
	seeds := 4
	if soak() {
		seeds = 40
	}
	dir := filepath.Join(t.TempDir(), "ws")
	buildWorkspace(t, dir, 24, 300, 3)
	ws, err := annotate.Open(dir, annotate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	ix, err := search.Open(ws, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := checkSearchAgrees(ws, ix); err != nil {
		t.Fatal(err)
	}
	before, err := searchSnapshot(ws, ix)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	pristine := filepath.Join(t.TempDir(), "index")
	copyTree(t, ws.IndexDir(), pristine)

	damages := []struct {
		name string
		do   func(rng *rand.Rand, files []string)
	}{
		{"delete", func(rng *rand.Rand, files []string) {
			for _, f := range pickSome(rng, files) {
				os.Remove(f)
			}
		}},
		{"truncate", func(rng *rand.Rand, files []string) {
			for _, f := range pickSome(rng, files) {
				st, _ := os.Stat(f)
				os.Truncate(f, rng.Int64N(st.Size()+1))
			}
		}},
		{"overwrite", func(rng *rand.Rand, files []string) {
			for _, f := range pickSome(rng, files) {
				data, _ := os.ReadFile(f)
				if len(data) == 0 {
					continue
				}
				off := rng.IntN(len(data))
				n := min(len(data)-off, 1+rng.IntN(4096))
				for i := off; i < off+n; i++ {
					data[i] = byte(rng.Uint32())
				}
				os.WriteFile(f, data, 0o600)
			}
		}},
		{"zero", func(rng *rand.Rand, files []string) {
			for _, f := range pickSome(rng, files) {
				st, _ := os.Stat(f)
				os.WriteFile(f, make([]byte, st.Size()), 0o600)
			}
		}},
	}
	tried, rebuilt := 0, 0
	for _, d := range damages {
		for seed := uint64(1); seed <= uint64(seeds); seed++ {
			name := fmt.Sprintf("%s/seed%d", d.name, seed)
			os.RemoveAll(ws.IndexDir())
			copyTree(t, pristine, ws.IndexDir())
			d.do(rand.New(rand.NewPCG(seed, 42)), indexFiles(t, ws.IndexDir()))
			var steps, last, total int
			ix, err := search.Open(ws, func(done, all int) { steps++; last, total = done, all })
			if err != nil {
				t.Fatalf("%s: the damaged index does not reopen: %v", name, err)
			}
			if steps > 0 {
				rebuilt++
				if last != total || total == 0 {
					t.Errorf("%s: the rebuild's progress ended at %d of %d", name, last, total)
				}
			}
			// Every damage must be found at open: a search that panics or fails afterwards
			// (even with the index's own guard answering "damaged") is a failure.
			after, crash := guardedSnapshot(ws, ix)
			if crash != "" {
				t.Fatalf("%s: %s", name, crash)
			}
			tried++
			for k, v := range before {
				if !slices.Equal(after[k], v) {
					t.Errorf("%s: %s: %d results after the damage, %d before (rebuilt: %v)", name, k, len(after[k]), len(v), steps > 0)
				}
			}
			ix.Close()
		}
	}
	t.Logf("%d damaged indexes reopened with the same results (%d rebuilt with progress, the others had damage in files not read)", tried, rebuilt)
	if rebuilt == 0 {
		t.Error("no damage was ever detected")
	}
}

// guardedSnapshot is searchSnapshot with a panic or an error of the index returned as text.
func guardedSnapshot(ws *annotate.Workspace, ix *search.Index) (snap map[string][]string, crash string) {
	defer func() {
		if r := recover(); r != nil {
			crash = fmt.Sprint("panic: ", r)
		}
	}()
	snap, err := searchSnapshot(ws, ix)
	if err != nil {
		return nil, "error: " + err.Error()
	}
	return snap, ""
}

// indexFiles lists the files of an index folder, sorted (deterministic damage).
func indexFiles(t testing.TB, dir string) []string {
	var files []string
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	if len(files) == 0 {
		t.Fatal("the index folder is empty")
	}
	return files
}

func pickSome(rng *rand.Rand, files []string) []string {
	n := 1 + rng.IntN(min(3, len(files)))
	var out []string
	for _, i := range rng.Perm(len(files))[:n] {
		out = append(out, files[i])
	}
	return out
}

func copyTree(t testing.TB, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if info.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(dst)
		if err != nil {
			return err
		}
		_, err = io.Copy(out, in)
		out.Close()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// runCLI runs gloss with args in this process and returns its exit status and output.
func runCLI(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := cli.Main(args, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// TestStoreDamage: an empty, truncated or garbage store is refused with a message naming
// the file, the latest automatic backup and the exact command to restore it; running
// that command brings the workspace back with the backed-up data and a rebuilt index.
func TestStoreDamage(t *testing.T) {
	damages := map[string]func(path string, data []byte){
		"zero-length":     func(p string, _ []byte) { os.WriteFile(p, nil, 0o600) },
		"truncated":       func(p string, data []byte) { os.WriteFile(p, data[:len(data)/3], 0o600) },
		"first page only": func(p string, data []byte) { os.WriteFile(p, data[:4096], 0o600) },
		"garbage": func(p string, data []byte) {
			g := make([]byte, len(data))
			rng := rand.New(rand.NewPCG(5, 5))
			for i := range g {
				g[i] = byte(rng.Uint32())
			}
			os.WriteFile(p, g, 0o600)
		},
		"headers overwritten": func(p string, data []byte) {
			d := slices.Clone(data)
			copy(d, bytes.Repeat([]byte("garbage!"), 1024))
			os.WriteFile(p, d, 0o600)
		},
	}
	for name, damage := range damages {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "ws")
			buildWorkspace(t, dir, 6, 40, 9)
			// The first command of the day takes the automatic backup.
			if code, _, stderr := runCLI("--workspace", dir, "tags"); code != 0 {
				t.Fatalf("gloss tags: %d %s", code, stderr)
			}
			backups := annotate.Backups(dir)
			if len(backups) != 1 {
				t.Fatalf("backups after the first command: %v", backups)
			}
			ws, err := annotate.Open(dir, annotate.Options{})
			if err != nil {
				t.Fatal(err)
			}
			want, _ := stateHash(ws)
			ws.Close()

			store := filepath.Join(dir, annotate.StoreFile)
			data, err := os.ReadFile(store)
			if err != nil {
				t.Fatal(err)
			}
			damage(store, data)
			_, err = annotate.Open(dir, annotate.Options{})
			if !errors.Is(err, annotate.ErrDamaged) {
				t.Fatalf("open of a %s store: %v, want ErrDamaged", name, err)
			}
			code, _, stderr := runCLI("--workspace", dir, "articles")
			if code != cli.ExitFailed {
				t.Fatalf("gloss articles on a %s store: exit %d", name, code)
			}
			restore := annotate.RestoreCommand(dir, backups[0])
			for _, s := range []string{store, backups[0], "restore it with: " + restore} {
				if !strings.Contains(stderr, s) {
					t.Errorf("the message does not say %q:\n%s", s, stderr)
				}
			}
			args := strings.Fields(strings.TrimPrefix(restore, "gloss "))
			if code, out, stderr := runCLI(args...); code != 0 {
				t.Fatalf("%s: exit %d %s", restore, code, stderr)
			} else if !strings.Contains(out, "restored") {
				t.Errorf("restore says %q", out)
			}
			ws, err = annotate.Open(dir, annotate.Options{})
			if err != nil {
				t.Fatalf("open after the restore: %v", err)
			}
			defer ws.Close()
			if got, _ := stateHash(ws); got != want {
				t.Error("the restored workspace differs from the backed-up one")
			}
			rebuilt := false
			ix, err := search.Open(ws, func(int, int) { rebuilt = true })
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			if !rebuilt {
				t.Error("the index was not rebuilt after the restore")
			}
			if err := checkSearchAgrees(ws, ix); err != nil {
				t.Error(err)
			}
			if len(annotate.Backups(dir)) != 1 {
				t.Errorf("backups after the restore: %v", annotate.Backups(dir))
			}
		})
	}
}
