package async

import (
	"sync"
	"testing"

	"fyne.io/fyne/v2/test"
)

func TestPostWaitsForFlushWhenInline(t *testing.T) {
	test.NewTempApp(t)
	r := Inline()
	var got []int
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // a producer of its own, like the suggestion trainer
		defer wg.Done()
		r.Post(func() { got = append(got, 1) })
		r.Post(func() {
			got = append(got, 2)
			r.Post(func() { got = append(got, 3) }) // posted while flushing: runs in the same Flush
		})
	}()
	wg.Wait()
	if len(got) != 0 {
		t.Fatalf("posted calls ran before Flush: %v", got)
	}
	if n := r.Flush(); n != 3 || len(got) != 3 || got[0] != 1 || got[1] != 2 || got[2] != 3 {
		t.Fatalf("Flush ran %d calls: %v", n, got)
	}
	if n := r.Flush(); n != 0 {
		t.Fatalf("a second Flush ran %d calls", n)
	}
}

func TestPostRunsThroughFyneDo(t *testing.T) {
	test.NewTempApp(t)
	r := New()
	ran := false
	r.Post(func() { ran = true }) // the test driver's fyne.Do runs it in place
	if !ran || r.Flush() != 0 {
		t.Fatalf("a real Runner kept the call (ran %v)", ran)
	}
}
