// Package wire encodes and decodes BGP-4 messages (RFC 4271) and the
// extensions the playground speaks: multiprotocol NLRI (RFC 4760), 4-octet
// AS numbers (RFC 6793), ADD-PATH (RFC 7911), route refresh (RFC 2918,
// RFC 7313), graceful restart (RFC 4724), extended messages (RFC 8654),
// BGP roles and OTC (RFC 9234), communities (RFC 1997, RFC 4360, RFC 8092)
// and revised UPDATE error handling (RFC 7606).
//
// Conventions:
//
//   - Encoding appends to a caller's buffer: Append(b, msg, opt) and the
//     AppendBody methods never allocate beyond growing b.
//   - Decoding fills a reusable value (DecodeBody, Attributes.Decode); slices
//     are truncated and refilled, so a value reused across messages reaches
//     zero allocations in steady state. Decoded values never alias the input:
//     the caller may overwrite its buffer as soon as a decode returns.
//   - Session state that changes the encoding (4-octet AS, ADD-PATH,
//     extended messages) is passed explicitly in Options, never global.
//   - Every protocol error is an *Error carrying the NOTIFICATION code,
//     subcode and data and the RFC 7606 action; use errors.As.
//   - Annotate decodes one message and also records every field's name,
//     byte offset, length and rendered value for a hex view. The plain
//     decoders do not pay for this: annotation happens only when a non-nil
//     annotator is passed down.
//
// The engine is sans-I/O (see DESIGN.md): this package imports no I/O,
// clock or randomness.
package wire
