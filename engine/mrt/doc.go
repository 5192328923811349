// Package mrt reads and writes MRT routing information export files
// (RFC 6396) and prints them exactly as `bgpdump -m` does.
//
// Supported records:
//
//   - TABLE_DUMP (RFC 6396 section 4.2), AFI IPv4 and IPv6;
//   - TABLE_DUMP_V2 (section 4.3): PEER_INDEX_TABLE, RIB_IPV4_UNICAST,
//     RIB_IPV6_UNICAST and the RFC 8050 ADD-PATH variants
//     RIB_IPV4_UNICAST_ADDPATH and RIB_IPV6_UNICAST_ADDPATH;
//   - BGP4MP and BGP4MP_ET (sections 4.4 and 4.5): STATE_CHANGE,
//     STATE_CHANGE_AS4, MESSAGE, MESSAGE_AS4, MESSAGE_LOCAL,
//     MESSAGE_AS4_LOCAL and the RFC 8050 ADD-PATH variants.
//
// Other record types and subtypes are skipped and counted (see
// Reader.Skipped), never dropped silently.
//
// The package is sans-I/O like the rest of the engine: Reader takes an
// io.Reader and Writer an io.Writer; nothing here opens files, reads a
// clock or starts goroutines. Decompress sniffs gzip and bzip2 input.
//
// Errors: a record that cannot be framed or parsed (truncated stream,
// lengths that overrun the record, bad prefix lengths, ...) makes
// Reader.Next return an *Error naming the record's byte offset in the
// decompressed stream, its type and what is wrong. A protocol problem
// inside one BGP message or attribute block (an RFC 7606 treat-as-withdraw,
// say) does not stop the reader: it is reported on the record (the Err
// fields, see Record.Problems) the way bgpdump warns and goes on.
package mrt
