package team

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
)

// The window's behaviour, Fyne-free: Start runs a sync every interval and one as soon
// as the server announces a change (LISTEN on the project's channel, which every push
// NOTIFYs in its transaction), until Stop. Every status change goes to OnStatus.

// StartOptions tune Start.
type StartOptions struct {
	Interval time.Duration // between periodic syncs; 0 means 5 s
	// Listen receives the server's announcements on a connection of its own; without it
	// only the periodic syncs run.
	Listen bool
	// OnReport is told the report of every sync that moved something (or failed: err).
	OnReport func(Report, error)
}

// Start runs the background syncs. Calling it twice does nothing.
func (s *Syncer) Start(opts StartOptions) {
	s.runMu.Lock()
	defer s.runMu.Unlock()
	if s.started {
		return
	}
	if opts.Interval <= 0 {
		opts.Interval = 5 * time.Second
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel, s.done, s.started = cancel, make(chan struct{}), true
	go s.loop(ctx, opts)
}

// Stop ends the background syncs and waits for a running one to finish.
func (s *Syncer) Stop() {
	s.runMu.Lock()
	if !s.started {
		s.runMu.Unlock()
		return
	}
	s.cancel()
	done := s.done
	s.started = false
	s.runMu.Unlock()
	<-done
}

// SyncSoon asks the background loop for a sync now (after a local change, say).
func (s *Syncer) SyncSoon() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

func (s *Syncer) loop(ctx context.Context, opts StartOptions) {
	defer close(s.done)
	listenDone := make(chan struct{})
	if opts.Listen {
		go func() {
			defer close(listenDone)
			s.listen(ctx)
		}()
	} else {
		close(listenDone)
	}
	defer func() { <-listenDone }()
	t := time.NewTicker(opts.Interval)
	defer t.Stop()
	run := func() {
		sctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
		rep, err := s.Sync(sctx)
		cancel()
		if opts.OnReport != nil && ctx.Err() == nil && (err != nil || rep.Pushed > 0 || rep.Pulled > 0 || len(rep.Conflicts) > 0) {
			opts.OnReport(rep, err)
		}
	}
	run()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			run()
		case <-s.kick:
			run()
		}
	}
}

// listen keeps a connection LISTENing on the project's channel and kicks a sync when a
// push beyond what this desk has applied is announced. It reconnects after failures.
func (s *Syncer) listen(ctx context.Context) {
	backoff := time.Second
	for ctx.Err() == nil {
		err := s.listenOnce(ctx)
		s.setStatus(func(st *Status) { st.Listening = false })
		if ctx.Err() != nil {
			return
		}
		_ = err
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		if backoff < 30*time.Second {
			backoff *= 2
		}
	}
}

func (s *Syncer) listenOnce(ctx context.Context) error {
	l, err := ReadLink(s.ws)
	if err != nil {
		return err
	}
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	conn, _, err := connectWith(cctx, s.dsn, s.sessionPassword())
	cancel()
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{channelName(l.ProjectID)}.Sanitize()); err != nil {
		return err
	}
	s.setStatus(func(st *Status) { st.Listening = true })
	// A change may have come between the last sync and the LISTEN.
	s.SyncSoon()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		head, _ := strconv.ParseUint(n.Payload, 10, 64)
		if cur, err := ReadLink(s.ws); err != nil || head > cur.Position {
			s.SyncSoon()
		}
	}
}
