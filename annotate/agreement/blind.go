package agreement

import (
	"errors"

	"gloss.app/gloss/annotate"
)

// ErrBlind refuses to compare coders while the workspace's team project codes blind: the
// other coders' annotations are hidden until the lead reveals them, and agreement, a
// disagreement or a colleague's version made consensus would show them. (A self-check
// compares the analyst with themself and goes on.)
var ErrBlind = errors.New("the project codes blind: each analyst sees only their own annotations, so agreement " +
	"between coders is measured once the lead reveals everyone's (gloss team set blind off)")

func notBlind(ws *annotate.Workspace) error {
	if ws.Visibility().Blind {
		return ErrBlind
	}
	return nil
}
