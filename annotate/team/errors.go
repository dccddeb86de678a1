package team

import (
	"errors"
	"strings"
)

// ErrLogin is wrapped (besides ErrOffline) by the error of a connection the server
// refused for its login: a wrong or missing password. A window then asks for the
// password and hands it to the engine for the session (Syncer.SetPassword).
var ErrLogin = errors.New("the team server refused the login")

// loginError is the sentence of a refused login; it is ErrLogin.
type loginError string

func (e loginError) Error() string        { return string(e) }
func (e loginError) Is(target error) bool { return target == ErrLogin }

// Sentence is a failed team operation's error as a user reads it: without the kind
// ("team server unreachable: …") that lets callers tell the failures apart.
func Sentence(err error) string {
	msg := err.Error()
	for _, kind := range []error{ErrOffline, ErrBehind} {
		if errors.Is(err, kind) {
			msg = strings.Replace(msg, kind.Error()+": ", "", 1)
		}
	}
	return msg
}
