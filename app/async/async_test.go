package async

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

func TestGoRunsOffTheCallerUnlessInline(t *testing.T) {
	test.NewTempApp(t)
	for _, tc := range []struct {
		name    string
		r       *Runner
		inPlace bool
	}{
		{"inline", Inline(), true},
		{"goroutine", New(), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			release := make(chan struct{})
			var ran atomic.Bool
			if tc.inPlace {
				close(release)
			}
			done := tc.r.Go(func() { <-release; ran.Store(true) })
			if got := ran.Load(); got != tc.inPlace {
				t.Fatalf("work done when Go returned: %v, want %v", got, tc.inPlace)
			}
			if !tc.inPlace {
				close(release)
			}
			tc.r.Wait()
			select {
			case <-done:
			default:
				t.Fatal("done is open after Wait")
			}
			if !ran.Load() {
				t.Fatal("work never ran")
			}
		})
	}
}

func TestThenShowsTheResult(t *testing.T) {
	test.NewTempApp(t)
	r := New()
	got := make(chan int, 1)
	<-Then(r, func() int { return 42 }, func(v int) { got <- v })
	if v := <-got; v != 42 {
		t.Fatalf("show got %d", v)
	}
}

func TestAfter(t *testing.T) {
	test.NewTempApp(t)
	var mu sync.Mutex
	var calls []string
	call := func(s string) func() { return func() { mu.Lock(); calls = append(calls, s); mu.Unlock() } }
	r := New()
	r.After(5*time.Millisecond, call("fires"))
	stopped := r.After(5*time.Millisecond, call("stopped"))
	if !stopped.Stop() {
		t.Fatal("Stop of a waiting timer said it had fired")
	}
	in := Inline().After(time.Millisecond, call("inline"))
	time.Sleep(60 * time.Millisecond)
	if in.Stop() {
		t.Fatal("an inline timer claims to have been waiting")
	}
	mu.Lock()
	defer mu.Unlock()
	if len(calls) != 1 || calls[0] != "fires" {
		t.Fatalf("calls %v, want only [fires]", calls)
	}
}

func TestEveryStops(t *testing.T) {
	test.NewTempApp(t)
	var n atomic.Int32
	stop := Every(2*time.Millisecond, func() { n.Add(1) })
	deadline := time.Now().Add(5 * time.Second)
	for n.Load() < 3 {
		if time.Now().After(deadline) {
			t.Fatal("Every never ticked three times")
		}
		time.Sleep(time.Millisecond)
	}
	stop()
	stop() // twice is harmless
	time.Sleep(10 * time.Millisecond)
	after := n.Load()
	time.Sleep(20 * time.Millisecond)
	if n.Load() != after {
		t.Fatalf("still ticking after stop: %d then %d", after, n.Load())
	}
}

func TestProgressThrottlesButShowsTheEnd(t *testing.T) {
	test.NewTempApp(t)
	var shown [][2]int
	p := Progress(time.Hour, func(done, total int) { shown = append(shown, [2]int{done, total}) })
	for i := 1; i <= 100; i++ {
		p(i, 100)
	}
	if len(shown) != 2 || shown[0] != [2]int{1, 100} || shown[1] != [2]int{100, 100} {
		t.Fatalf("shown %v, want the first step and the last", shown)
	}
}
