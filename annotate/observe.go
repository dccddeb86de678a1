package annotate

// Observers are told of every committed change, whoever made it: the window follows the
// commands a script sends it, and other features (team sync) can follow every change the
// same way.

// Observe adds f to the functions called after every committed change (a command, an
// undo, a redo, each chunk of a batch), with its Result, in store order. f runs with the
// workspace's command lock held, on the goroutine that made the change: it must return
// quickly and must not run a command of the workspace (hand the work to another
// goroutine, as the window does with fyne.Do). The returned func removes f.
func (ws *Workspace) Observe(f func(Result)) (remove func()) {
	ws.obsMu.Lock()
	defer ws.obsMu.Unlock()
	ws.nextObs++
	o := observer{id: ws.nextObs, f: f}
	ws.observers = append(ws.observers, o)
	return func() {
		ws.obsMu.Lock()
		defer ws.obsMu.Unlock()
		kept := ws.observers[:0]
		for _, x := range ws.observers {
			if x.id != o.id {
				kept = append(kept, x)
			}
		}
		ws.observers = kept
	}
}

// observer is one function Observe added, with the id that removes it.
type observer struct {
	id int
	f  func(Result)
}

// tellObservers runs with ws.mu held, after the commit and the index update.
func (ws *Workspace) tellObservers(res Result) {
	ws.obsMu.Lock()
	obs := append([]observer(nil), ws.observers...)
	ws.obsMu.Unlock()
	for _, o := range obs {
		o.f(res)
	}
}
