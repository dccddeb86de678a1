package annotate

import "fmt"

// SwapTagHotkey gives a tag the digit another tag has, and that tag the key the first
// one had (none when it had none), as one undoable step.
func (ws *Workspace) SwapTagHotkey(id string, digit int) (Result, error) {
	if digit < 1 || digit > 9 {
		return Result{}, invalidf("a hotkey is a digit from 1 to 9, not %d", digit)
	}
	return ws.runLabelled(func(t *Tx) (string, error) {
		cb, err := t.Codebook()
		if err != nil {
			return "", err
		}
		tag, err := cb.known(id)
		if err != nil {
			return "", err
		}
		other, taken := cb.ByHotkey(digit)
		if !taken || other.ID == id {
			if err := assignHotkey(t, id, digit); err != nil {
				return "", err
			}
			return fmt.Sprintf("Bound key %d to '%s'", digit, tag.Name), nil
		}
		old := tag.Hotkey
		other.Hotkey, tag.Hotkey = old, digit
		if err := t.PutTag(other); err != nil {
			return "", err
		}
		if err := t.PutTag(tag); err != nil {
			return "", err
		}
		if old == 0 {
			return fmt.Sprintf("Moved key %d from '%s' to '%s'", digit, other.Name, tag.Name), nil
		}
		return fmt.Sprintf("Swapped keys: %d is '%s', %d is '%s'", digit, tag.Name, old, other.Name), nil
	})
}
