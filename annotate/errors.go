package annotate

import (
	"errors"
	"fmt"
)

// ErrNotFound wraps every "no such article, annotation or tag" error.
var ErrNotFound = errors.New("not found")

// ErrInvalid wraps every validation error: the command changed nothing.
var ErrInvalid = errors.New("invalid")

// ErrNothingToUndo and ErrNothingToRedo are returned by Undo and Redo on an empty history.
var (
	ErrNothingToUndo = errors.New("nothing to undo")
	ErrNothingToRedo = errors.New("nothing to redo")
)

// ErrNewerSchema is wrapped by the error of opening a store written by a newer Gloss.
var ErrNewerSchema = errors.New("store written by a newer Gloss")

// userError is an error whose text is meant for the user as it is, while errors.Is
// still sees its kind (ErrNotFound, ErrInvalid).
type userError struct {
	kind error
	msg  string
}

func (e *userError) Error() string { return e.msg }
func (e *userError) Unwrap() error { return e.kind }

func invalidf(format string, args ...any) error {
	return &userError{kind: ErrInvalid, msg: fmt.Sprintf(format, args...)}
}

func notFoundf(format string, args ...any) error {
	return &userError{kind: ErrNotFound, msg: fmt.Sprintf(format, args...)}
}
