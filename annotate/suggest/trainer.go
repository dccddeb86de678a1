package suggest

import (
	"errors"
	"reflect"
	"sync"
	"sync/atomic"
	"time"

	"gloss.app/gloss/annotate"
)

// The Trainer keeps a model in step with the workspace in the background: after a
// change (told by Changed, or seen by polling the store revision and the switches) it
// waits for the analyst to pause, retrains on its own goroutine and publishes a new
// immutable Model. Readers call Model() at any time and never wait for training.

// TrainerOptions tune a Trainer.
type TrainerOptions struct {
	// Debounce is how long to wait after the last change before retraining (default
	// 1.5 s), so a burst of annotations trains once.
	Debounce time.Duration
	// MaxDelay bounds the wait while changes keep coming (default 15 s).
	MaxDelay time.Duration
	// Poll is how often the store revision and the switches are checked for changes
	// made elsewhere (default 2 s; negative: only Changed starts a retraining).
	Poll   time.Duration
	Params Params // default DefaultParams() with one worker, leaving a core to the window
	// OnTrained is told, on the trainer's goroutine, each time a new model is published.
	// A window posts its refresh to the UI goroutine from here.
	OnTrained func(*Model)
	// OnError is told when training failed; the previous model stays in use.
	OnError func(error)
}

// TrainerStatus is what a status line shows.
type TrainerStatus struct {
	Training  bool      // a training is running now
	Pending   bool      // a change waits for the pause before retraining
	Revision  uint64    // the store revision of the current model (0 before the first)
	TrainedAt time.Time // when the current model was published
	Err       error     // the last training error, nil after a success
}

// ErrNoModel is returned while the first model is still being trained.
var ErrNoModel = errors.New("suggestions are still being learnt from your annotations: they appear in a moment")

// ErrSuggestionsOff is returned when suggestions are switched off for the workspace.
var ErrSuggestionsOff = errors.New("suggestions are switched off for this workspace")

// Trainer retrains in the background; see the comment above.
type Trainer struct {
	ws    *annotate.Workspace
	opts  TrainerOptions
	model atomic.Pointer[Model]
	kick  chan struct{}
	stop  chan struct{}
	done  chan struct{}
	once  sync.Once

	mu       sync.Mutex
	training bool
	pending  bool
	lastErr  error
}

// NewTrainer starts a trainer for the workspace: it trains at once, then after changes.
// Close it before closing the workspace.
func NewTrainer(ws *annotate.Workspace, opts TrainerOptions) *Trainer {
	if opts.Debounce <= 0 {
		opts.Debounce = 1500 * time.Millisecond
	}
	if opts.MaxDelay <= 0 {
		opts.MaxDelay = 15 * time.Second
	}
	if opts.Poll == 0 {
		opts.Poll = 2 * time.Second
	}
	if opts.Params.MinExamples == 0 {
		opts.Params = DefaultParams()
		opts.Params.Workers = 1
	}
	t := &Trainer{ws: ws, opts: opts, kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go t.loop()
	return t
}

// Model returns the latest published model, nil before the first training ends.
func (t *Trainer) Model() *Model { return t.model.Load() }

// Changed tells the trainer that the workspace changed (an annotation, a rejection, a
// switch): it retrains once the analyst pauses.
func (t *Trainer) Changed() {
	select {
	case t.kick <- struct{}{}:
	default:
	}
}

// Status reports what the trainer is doing.
func (t *Trainer) Status() TrainerStatus {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := TrainerStatus{Training: t.training, Pending: t.pending, Err: t.lastErr}
	if m := t.Model(); m != nil {
		s.Revision, s.TrainedAt = m.Revision, m.Built
	}
	return s
}

// Suggest proposes passages of an article with the current model, reading the article,
// its annotations and rejections and the switches now. It never waits for training:
// before the first model it returns ErrNoModel.
func (t *Trainer) Suggest(articleID string, tags []string, minScore float64) ([]Suggestion, error) {
	m := t.Model()
	if m == nil {
		if s, err := t.ws.SuggestSettings(); err == nil && s.Off {
			return nil, ErrSuggestionsOff
		}
		return nil, ErrNoModel
	}
	return m.SuggestArticle(t.ws, articleID, tags, minScore)
}

// Close stops the trainer and waits for a running training to end.
func (t *Trainer) Close() {
	t.once.Do(func() { close(t.stop) })
	<-t.done
}

func (t *Trainer) loop() {
	defer close(t.done)
	var poll <-chan time.Time
	if t.opts.Poll > 0 {
		tk := time.NewTicker(t.opts.Poll)
		defer tk.Stop()
		poll = tk.C
	}
	debounce := time.NewTimer(0) // the first training starts at once
	var firstChange time.Time
	dirty := true
	changed := func() {
		now := time.Now()
		if !dirty {
			dirty, firstChange = true, now
		}
		wait := t.opts.Debounce
		if left := t.opts.MaxDelay - now.Sub(firstChange); left < wait {
			wait = max(left, 0)
		}
		debounce.Reset(wait)
		t.setPending(true)
	}
	for {
		select {
		case <-t.stop:
			debounce.Stop()
			return
		case <-t.kick:
			changed()
		case <-poll:
			if t.stale() && !dirty {
				changed()
			}
		case <-debounce.C:
			if !dirty {
				continue
			}
			dirty = false
			t.setPending(false)
			t.train()
		}
	}
}

func (t *Trainer) setPending(p bool) {
	t.mu.Lock()
	t.pending = p
	t.mu.Unlock()
}

// stale reports whether the store or the switches moved on since the current model.
func (t *Trainer) stale() bool {
	m := t.Model()
	if m == nil {
		return true
	}
	if t.ws.Revision() != m.Revision {
		return true
	}
	s, err := t.ws.SuggestSettings()
	return err == nil && !reflect.DeepEqual(s, m.Settings)
}

func (t *Trainer) train() {
	t.mu.Lock()
	t.training = true
	t.mu.Unlock()
	m, err := t.trainOnce()
	t.mu.Lock()
	t.training = false
	t.lastErr = err
	t.mu.Unlock()
	if err != nil {
		if t.opts.OnError != nil {
			t.opts.OnError(err)
		}
		return
	}
	t.model.Store(m)
	if t.opts.OnTrained != nil {
		t.opts.OnTrained(m)
	}
}

func (t *Trainer) trainOnce() (*Model, error) {
	c, err := LoadCorpus(t.ws)
	if err != nil {
		return nil, err
	}
	if c.Settings.Off {
		// Nothing to learn for: publish the switches only, so Suggest says they are off.
		return &Model{Revision: c.Revision, Built: time.Now(), Codebook: c.Codebook, Settings: c.Settings,
			tagIndex: map[string]int{}, matcher: newMatcher()}, nil
	}
	return Train(c, t.opts.Params)
}
