package annotate

import (
	"strconv"
	"strings"
)

// ParseTelegramMessageID splits a Telegram MessageID ("telegram:CHAT/42", see
// TelegramMessageID) into its chat id and message number; ok is false for any other id.
func ParseTelegramMessageID(id string) (chat string, n int64, ok bool) {
	rest, found := strings.CutPrefix(id, "telegram:")
	i := strings.LastIndexByte(rest, '/')
	if !found || i <= 0 {
		return "", 0, false
	}
	n, err := strconv.ParseInt(rest[i+1:], 10, 64)
	if err != nil {
		return "", 0, false
	}
	return rest[:i], n, true
}
