package suggest

import "sync"

// candidateCache keeps a model's scored sentences of the last few articles it was asked
// about. The window asks again for the open article after every change in the workspace;
// scoring a long article's sentences is what costs (tens of milliseconds for 2,000
// sentences), and only the codings and rejections, filtered afterwards, change.
type candidateCache struct {
	mu      sync.Mutex
	entries []candidateEntry // most recent last
}

type candidateEntry struct {
	key  string
	list []Suggestion // never changed once stored: callers get filtered copies
}

const cachedArticles = 4

func (c *candidateCache) get(key string) ([]Suggestion, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, e := range c.entries {
		if e.key == key {
			c.entries = append(append(c.entries[:i:i], c.entries[i+1:]...), e)
			return e.list, true
		}
	}
	return nil, false
}

func (c *candidateCache) put(key string, list []Suggestion) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= cachedArticles {
		c.entries = append(c.entries[:0:0], c.entries[1:]...)
	}
	c.entries = append(c.entries, candidateEntry{key, list})
}
