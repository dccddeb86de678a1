// Package w3cmust runs the MUST assertions of the W3C Web Annotation test suite
// (github.com/w3c/web-annotation-tests) on JSON documents, for tests. The suite's files
// are read where they lie (../shared/w3c-web-annotation-tests beside the checkout); they
// are never copied into the project.
package w3cmust

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Dir is where the suite lies relative to the repository root.
const Dir = "../shared/w3c-web-annotation-tests"

// Suite holds the compiled MUST assertions for annotations and collections.
type Suite struct {
	Annotation, Collection []*Assertion
}

// Assertion is one assertion file of the suite.
type Assertion struct {
	Name, Message string
	WantValid     bool
	schema        *jsonschema.Schema
}

// ErrNoSuite is wrapped by Load's error when the suite is not where it should be: a
// fresh clone has no ../shared beside it.
var ErrNoSuite = errors.New("the W3C Web Annotation test suite is not there")

// ForTest loads the suite beside the checkout whose root (the folder of go.mod) is root.
// Without the suite — a user's fresh clone has no ../shared — the test is skipped with a
// message saying so and why; with it, any problem loading it fails the test.
func ForTest(t testing.TB, root string) *Suite {
	t.Helper()
	dir := filepath.Join(root, Dir)
	s, err := Load(dir)
	if errors.Is(err, ErrNoSuite) {
		t.Skipf("SKIPPED the W3C Web Annotation MUST assertions: %v. CI has the suite in ../shared beside the checkout; a fresh clone does not, so these checks cannot run here", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Load compiles the assertions listed in annotations/annotationMusts.test and
// collections/collectionMusts.test of the suite in dir. Every schema file is registered
// under the id it declares (their relative $refs resolve against it).
func Load(dir string) (*Suite, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("%w: %s is missing (%v)", ErrNoSuite, filepath.Clean(dir), err)
	}
	const base = "https://w3c-tests.invalid/"
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	ids := map[string]string{} // file path relative to dir → declared id
	for _, sub := range []string{"annotations", "collections", "definitions"} {
		err := filepath.WalkDir(filepath.Join(dir, sub), func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
				return err
			}
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			defer f.Close()
			doc, err := jsonschema.UnmarshalJSON(f)
			if err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			obj, _ := doc.(map[string]any)
			id, _ := obj["id"].(string)
			if id == "" {
				return nil
			}
			rel, _ := filepath.Rel(dir, path)
			ids[filepath.ToSlash(rel)] = id
			// A few optional-test files repeat an id; the first one wins.
			c.AddResource(base+id, doc)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	load := func(testFile string) ([]*Assertion, error) {
		raw, err := os.ReadFile(filepath.Join(dir, testFile))
		if err != nil {
			return nil, err
		}
		var list struct {
			Assertions []string `json:"assertions"`
		}
		if err := json.Unmarshal(raw, &list); err != nil {
			return nil, fmt.Errorf("%s: %w", testFile, err)
		}
		if len(list.Assertions) == 0 {
			return nil, fmt.Errorf("%s lists no assertions", testFile)
		}
		var out []*Assertion
		for _, a := range list.Assertions {
			id, ok := ids[a]
			if !ok {
				return nil, fmt.Errorf("%s: assertion %s not found", testFile, a)
			}
			sch, err := c.Compile(base + id)
			if err != nil {
				return nil, fmt.Errorf("compile %s: %w", a, err)
			}
			raw, err := os.ReadFile(filepath.Join(dir, a))
			if err != nil {
				return nil, err
			}
			var meta struct {
				ExpectedResult string `json:"expectedResult"`
				ErrorMessage   string `json:"errorMessage"`
			}
			if err := json.Unmarshal(raw, &meta); err != nil {
				return nil, fmt.Errorf("%s: %w", a, err)
			}
			out = append(out, &Assertion{Name: a, Message: meta.ErrorMessage, WantValid: meta.ExpectedResult != "invalid", schema: sch})
		}
		return out, nil
	}
	var s Suite
	var err error
	if s.Annotation, err = load("annotations/annotationMusts.test"); err != nil {
		return nil, err
	}
	if s.Collection, err = load("collections/collectionMusts.test"); err != nil {
		return nil, err
	}
	return &s, nil
}

// Check runs the assertions on v (a document parsed with jsonschema.UnmarshalJSON) and
// returns one line per failed assertion.
func Check(what string, assertions []*Assertion, v any) []string {
	var failures []string
	for _, a := range assertions {
		err := a.schema.Validate(v)
		if (err == nil) != a.WantValid {
			failures = append(failures, fmt.Sprintf("%s fails MUST %s: %s (%v)", what, a.Name, a.Message, err))
		}
	}
	return failures
}

// CheckCollection checks an exported AnnotationCollection and every annotation of its
// embedded pages.
func (s *Suite) CheckCollection(doc any) []string {
	failures := Check("collection", s.Collection, doc)
	coll, _ := doc.(map[string]any)
	for page, _ := coll["first"].(map[string]any); page != nil; page, _ = page["next"].(map[string]any) {
		items, _ := page["items"].([]any)
		for i, it := range items {
			failures = append(failures, Check(fmt.Sprintf("annotation %d", i+1), s.Annotation, it)...)
		}
	}
	return failures
}
