package wire

import "encoding/hex"

// hexString renders b as lower-case hex without separators.
func hexString(b []byte) string { return hex.EncodeToString(b) }
