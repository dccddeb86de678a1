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

func TestThrottleWait(t *testing.T) {
	t0 := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	const quiet, every = 100 * time.Millisecond, 500 * time.Millisecond
	ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }
	for _, tc := range []struct {
		name                string
		now, poke, lastCall time.Time
		want                time.Duration
	}{
		{"first poke", t0, time.Time{}, time.Time{}, 0},
		{"after a quiet spell", ms(1000), ms(850), ms(850), 0},
		{"in a burst, soon after a call", ms(130), ms(100), ms(30), 400 * time.Millisecond},
		{"in a burst, an interval after the call", ms(600), ms(570), ms(30), -70 * time.Millisecond},
	} {
		if got := throttleWait(tc.now, tc.poke, tc.lastCall, quiet, every); got != tc.want {
			t.Errorf("%s: wait %v, want %v", tc.name, got, tc.want)
		}
	}
}

// A burst of pokes is answered by a call at once and one more at the end of the interval;
// a poke after a quiet spell is answered at once; Stop drops what is pending.
func TestThrottleCoalescesBursts(t *testing.T) {
	test.NewTempApp(t)
	var calls atomic.Int32
	const quiet, every = 50 * time.Millisecond, 300 * time.Millisecond
	th := New().Throttle(quiet, every, func() { calls.Add(1) })
	start := time.Now()
	for i := 0; i < 50; i++ {
		th.Poke()
	}
	if n := calls.Load(); n != 1 {
		t.Fatalf("%d calls right after a burst, want the first one only", n)
	}
	waitUntil(t, func() bool { return calls.Load() == 2 })
	if elapsed := time.Since(start); elapsed < every {
		t.Fatalf("the burst's second call came after %v, before the interval of %v", elapsed, every)
	}
	time.Sleep(2 * every)
	if n := calls.Load(); n != 2 {
		t.Fatalf("%d calls after the burst settled, want 2", n)
	}
	th.Poke() // after a quiet spell: at once
	if n := calls.Load(); n != 3 {
		t.Fatalf("a poke after a quiet spell was not answered at once (%d calls)", n)
	}
	th.Poke() // in a burst: pending until the interval ends...
	th.Stop() // ...and dropped
	time.Sleep(2 * every)
	if n := calls.Load(); n != 3 {
		t.Fatalf("a stopped throttle called f (%d calls)", n)
	}
}

func TestInlineThrottleCallsAtEveryPoke(t *testing.T) {
	test.NewTempApp(t)
	n := 0
	th := Inline().Throttle(time.Hour, time.Hour, func() { n++ })
	th.Poke()
	th.Poke()
	if n != 2 {
		t.Fatalf("an inline throttle made %d calls for 2 pokes", n)
	}
}

func waitUntil(t *testing.T, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5 s")
		}
		time.Sleep(time.Millisecond)
	}
}
